import { z } from "zod";

/** Page sizes every list offers (the DataTable's selector shows the same). */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * URL parameters shared by every server-side list: a bad value falls back to its default instead of
 * failing the page, so a hand-edited or stale link still renders.
 */
export function listParams(options: { dir: "asc" | "desc"; maxPage?: number }) {
  const page = z.coerce.number().int().min(1);
  return {
    dir: z.enum(["asc", "desc"]).default(options.dir).catch(options.dir),
    page: (options.maxPage ? page.max(options.maxPage) : page).default(1).catch(1),
    pageSize: z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .default(25)
      .catch(25),
  };
}

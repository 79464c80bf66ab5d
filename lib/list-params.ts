import { z } from "zod";
import { containsNul } from "@/lib/nul-bytes";

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

/**
 * A free-text list filter (search box, actor name): trimmed, at most `max` characters; anything else
 * (too long, or holding a NUL, which PostgreSQL cannot compare) is ignored like any bad parameter.
 */
export function listText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((text) => !containsNul(text))
    .optional()
    .catch(undefined);
}

import { z } from "zod";
import { containsNul } from "@/lib/nul-bytes";

/** Page sizes every list offers (the DataTable's selector shows the same). */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * URL parameters shared by every server-side list: a bad value falls back to its default instead of
 * failing the page, so a hand-edited or stale link still renders.
 */
export function listParams(options: { dir: "asc" | "desc"; maxPage?: number }) {
  return {
    dir: z.enum(["asc", "desc"]).default(options.dir).catch(options.dir),
    page: pageParam(options.maxPage),
    pageSize: z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .default(25)
      .catch(25),
  };
}

/**
 * A page number in the URL (`?page=`, or a section's own, like the 360° view's `?ledgerPage=`): a
 * whole number from 1 up to `maxPage` when given; anything else is page 1.
 */
export function pageParam(maxPage?: number) {
  const page = z.coerce.number().int().min(1);
  return (maxPage ? page.max(maxPage) : page).default(1).catch(1);
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

import { z } from "zod";
import { MALL_CATEGORIES, MATERIALS, PURPOSES, STYLES } from "@/db/schema/member-profile";

// The lists live beside the column's type (db/ imports nothing from lib/); forms take them from here.
export { MALL_CATEGORIES, MATERIALS, PURPOSES, STYLES };

/** The clienteling profile, stored as one jsonb document on the member. */
export const clientelingProfileSchema = z.object({
  materials: z.array(z.enum(MATERIALS)).default([]),
  styles: z.array(z.enum(STYLES)).default([]),
  purpose: z.enum(PURPOSES).optional(),
  budgetMinFen: z.number().int().nonnegative().optional(),
  budgetMaxFen: z.number().int().nonnegative().optional(),
  ringSize: z.string().trim().max(10).optional(),
  brands: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  mallCategories: z.array(z.enum(MALL_CATEGORIES)).default([]),
});
export type ClientelingProfile = Partial<z.output<typeof clientelingProfileSchema>>;

import { z } from "zod";
import { MALL_CATEGORIES, MATERIALS, PURPOSES, STYLES, type ClientelingProfile } from "@/db/schema/member-profile";
import { calendarDateSchema, optionalText } from "../schemas";

// The lists and the stored type live beside the column (db/ imports nothing from lib/); forms take them from here.
export { MALL_CATEGORIES, MATERIALS, PURPOSES, STYLES, type ClientelingProfile };

export const IMPORTANT_DATE_KINDS = ["anniversary", "partner_birthday", "birthday_of_child", "other"] as const;

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
// The schema and the stored type must describe the same document: a field in one only fails to compile.
type ParsedProfile = Partial<z.output<typeof clientelingProfileSchema>>;
type SameDocument<A, B> = [A, B] extends [B, A]
  ? [keyof A, keyof B] extends [keyof B, keyof A]
    ? true
    : never
  : never;
const schemaMatchesColumn: SameDocument<ParsedProfile, ClientelingProfile> = true;
void schemaMatchesColumn;

export const updateProfileSchema = z
  .object({ memberId: z.uuid(), profile: clientelingProfileSchema })
  .refine(
    (v) =>
      v.profile.budgetMinFen === undefined ||
      v.profile.budgetMaxFen === undefined ||
      v.profile.budgetMinFen <= v.profile.budgetMaxFen,
    {
      message: "budgetRange",
      path: ["profile", "budgetMaxFen"],
    },
  );
export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

export const addNoteSchema = z.object({
  memberId: z.uuid(),
  body: z.string().trim().min(1, { message: "required" }).max(2000),
});
export type AddNoteInput = z.input<typeof addNoteSchema>;

export const addImportantDateSchema = z.object({
  memberId: z.uuid(),
  kind: z.enum(IMPORTANT_DATE_KINDS),
  label: optionalText(40),
  date: calendarDateSchema.refine((value) => value >= "1900-01-01" && value <= "2200-12-31", {
    message: "dateInvalid",
  }),
});
export type AddImportantDateInput = z.input<typeof addImportantDateSchema>;

export const removeImportantDateSchema = z.object({ memberId: z.uuid(), id: z.uuid() });

export const addWishlistItemSchema = z.object({
  memberId: z.uuid(),
  description: z.string().trim().min(1, { message: "required" }).max(200),
  sku: optionalText(40),
  priceFen: z
    .number()
    .int()
    .nonnegative()
    .max(2_000_000_000)
    .nullish()
    .transform((value) => value ?? null),
});
export type AddWishlistItemInput = z.input<typeof addWishlistItemSchema>;

export const removeWishlistItemSchema = z.object({ memberId: z.uuid(), id: z.uuid() });

import { z } from "zod";

/**
 * The gift catalogue's zod schemas, shared by the forms (zodResolver) and the server actions. Kept
 * free of server imports so that client components can use them.
 */

/** POS systems send this code in redemptions, so it is short, upper-case and never changes. */
export const giftCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: "giftCodeFormat" });

/** A whole number from an <input type="number"> (react-hook-form's valueAsNumber gives NaN when empty). */
function wholeNumber(min: number, max: number) {
  return z.number({ error: "wholeNumberRequired" }).int({ error: "wholeNumberRequired" }).min(min).max(max);
}

export const MAX_GIFT_POINTS_COST = 10_000_000;
export const MAX_GIFT_STOCK = 1_000_000;
export const MAX_RESTOCK_QUANTITY = 100_000;

/** What an edit can change: names and price. The code is fixed; stock moves only by restock and redemption. */
export const giftDetailsSchema = z.object({
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(80),
  pointsCost: wholeNumber(1, MAX_GIFT_POINTS_COST),
});
export type GiftDetailsInput = z.input<typeof giftDetailsSchema>;

export const createGiftSchema = giftDetailsSchema.extend({
  code: giftCodeSchema,
  /** Opening stock. */
  stock: wholeNumber(0, MAX_GIFT_STOCK),
});
export type CreateGiftInput = z.input<typeof createGiftSchema>;

export const updateGiftSchema = giftDetailsSchema.extend({ id: z.uuid() });

export const restockGiftSchema = z.object({
  id: z.uuid(),
  quantity: wholeNumber(1, MAX_RESTOCK_QUANTITY),
  note: z.string().trim().max(200).optional(),
});
export type RestockGiftInput = z.input<typeof restockGiftSchema>;

export const giftIdSchema = z.object({ id: z.uuid() });

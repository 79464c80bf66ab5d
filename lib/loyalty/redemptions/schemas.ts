import { z } from "zod";

/**
 * Redemptions, by the POS API and at the counter from the member's 360° view: the zod schemas of
 * both, with the same bounds. Client-safe (the counter's form uses them).
 */

function wholeNumber(min: number, max: number, message: string) {
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const MAX_PARKING_HOURS = 24;
export const MAX_GIFT_QUANTITY = 100;
export const MAX_CASH_OFFSET_POINTS = 10_000_000;

export const REDEMPTION_TYPES = ["parking", "gift", "cash_offset"] as const;
export type RedemptionType = (typeof REDEMPTION_TYPES)[number];

// ── POS API v1 ──────────────────────────────────────────────────────────────────────────────────

const giftCode = z.string().trim().min(1).max(40);

export const redemptionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("parking"), hours: z.number().int().min(1).max(MAX_PARKING_HOURS) }),
  z.object({ type: z.literal("gift"), giftCode, quantity: z.number().int().min(1).max(MAX_GIFT_QUANTITY) }),
  z.object({ type: z.literal("cash_offset"), points: z.number().int().min(1).max(MAX_CASH_OFFSET_POINTS) }),
]);
export type RedemptionInput = z.output<typeof redemptionSchema>;

export const redemptionResponseSchema = z.object({
  redemptionId: z.uuid(),
  pointsSpent: z.number().int(),
  pointsBalance: z.number().int(),
  valueFen: z.number().int().nullable(),
});
export type RedemptionResponse = z.infer<typeof redemptionResponseSchema>;

// ── At the counter ──────────────────────────────────────────────────────────────────────────────
// The fields sit at the top level so that a server-side field error lands next to its field.

const memberId = z.uuid();

export const counterRedeemSchema = z.discriminatedUnion("type", [
  z.object({ memberId, type: z.literal("parking"), hours: wholeNumber(1, MAX_PARKING_HOURS, "redeemHoursRange") }),
  z.object({
    memberId,
    type: z.literal("gift"),
    giftCode: z
      .string({ error: "redeemGiftRequired" })
      .trim()
      .min(1, { error: "redeemGiftRequired" })
      .max(40, { error: "redeemGiftRequired" }),
    quantity: wholeNumber(1, MAX_GIFT_QUANTITY, "redeemQuantityRange"),
  }),
  z.object({
    memberId,
    type: z.literal("cash_offset"),
    points: wholeNumber(1, MAX_CASH_OFFSET_POINTS, "redeemPointsRange"),
  }),
]);
export type CounterRedeemInput = z.input<typeof counterRedeemSchema>;
export type CounterRedeemParsed = z.output<typeof counterRedeemSchema>;

/** The redemption as the ledger function takes it (the POS API's shape, without the member). */
export function toRedemptionInput(input: CounterRedeemParsed): RedemptionInput {
  switch (input.type) {
    case "parking":
      return { type: "parking", hours: input.hours };
    case "gift":
      return { type: "gift", giftCode: input.giftCode, quantity: input.quantity };
    case "cash_offset":
      return { type: "cash_offset", points: input.points };
  }
}

export type RedemptionPricing = {
  parkingPointsPerHour: number;
  cashOffsetPointsPerYuan: number;
  gifts: readonly { code: string; pointsCost: number }[];
};

/**
 * What the form shows before confirming: the points a redemption will cost and, for a cash offset,
 * what it is worth in fen (floored, integer arithmetic). The server computes the real figures; this
 * is a preview and null when the input is not complete yet.
 */
export function previewRedemption(
  input: Partial<{ type: RedemptionType; hours: number; giftCode: string; quantity: number; points: number }>,
  pricing: RedemptionPricing,
): { points: number; valueFen: number | null } | null {
  const whole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;
  if (input.type === "parking")
    return whole(input.hours) ? { points: input.hours * pricing.parkingPointsPerHour, valueFen: null } : null;
  if (input.type === "gift") {
    const gift = pricing.gifts.find((g) => g.code === input.giftCode);
    return gift && whole(input.quantity) ? { points: gift.pointsCost * input.quantity, valueFen: null } : null;
  }
  if (input.type === "cash_offset") {
    return whole(input.points)
      ? { points: input.points, valueFen: Math.floor((input.points * 100) / pricing.cashOffsetPointsPerYuan) }
      : null;
  }
  return null;
}

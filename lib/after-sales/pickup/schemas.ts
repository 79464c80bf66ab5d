import { z } from "zod";

/**
 * Handing a piece back (docs/domain.md#jewelry-after-sales): the claim
 * code, the weight re-measured on the scale (0.01 g) and the stones counted again; a difference
 * beyond 0.01 g needs a note and the customer's acknowledgement. The form and the server action
 * share these schemas. No server imports. Field messages are keys of the `validation` catalogue.
 */

/** Wrong claim codes a ticket takes before it locks until a manager reviews it. */
export const CLAIM_MAX_FAILURES = 5;
/** The scale's resolution: a difference up to this many hundredths of a gram is measurement noise. */
export const WEIGHT_TOLERANCE_CG = 1;
export const WEIGHT_NOTE_MAX = 500;
export const UNLOCK_NOTE_MAX = 500;
/** The heaviest piece the scale takes, in grams (a safety bound: 99 999.99 g). */
const WEIGHT_MAX_CG = 9_999_999;
const STONE_COUNT_MAX = 9999;

const noNul = (text: string) => !text.includes("\u0000");

/** "23.45" (grams, at most two decimals) → 2345 hundredths of a gram; null when it is not such a number. */
export function parseGramsToCg(text: string): number | null {
  const match = /^(\d{1,5})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/**
 * What the scale says against what came in: the signed difference, and whether it needs the note
 * and the customer's acknowledgement (beyond 0.01 g, or a different number of stones: a stone
 * missing is the first thing a customer asks about).
 */
export function weightCheck(
  weightInCg: number,
  weightOutCg: number,
  stoneCountIn: number,
  stoneCountOut: number,
): { differenceCg: number; stonesDiffer: boolean; needsAcknowledgement: boolean } {
  const differenceCg = weightOutCg - weightInCg;
  const stonesDiffer = stoneCountIn !== stoneCountOut;
  return {
    differenceCg,
    stonesDiffer,
    needsAcknowledgement: Math.abs(differenceCg) > WEIGHT_TOLERANCE_CG || stonesDiffer,
  };
}

export const pickupSchema = z.object({
  ticketId: z.uuid(),
  claimCode: z
    .string({ error: "claimCodeFormat" })
    .trim()
    .regex(/^\d{6}$/, { error: "claimCodeFormat" }),
  /** Grams with at most two decimals, as the scale shows them. */
  weightOut: z
    .string({ error: "weightFormat" })
    .trim()
    .refine(
      (text) => {
        const cg = parseGramsToCg(text);
        return cg !== null && cg > 0 && cg <= WEIGHT_MAX_CG;
      },
      { error: "weightFormat" },
    ),
  /** A whole number (the form sends the field's text); an empty field is not "no stones". */
  stoneCountOut: z.union(
    [
      z
        .number({ error: "stoneCountFormat" })
        .int({ error: "stoneCountFormat" })
        .min(0, { error: "stoneCountFormat" })
        .max(STONE_COUNT_MAX, { error: "stoneCountFormat" }),
      z
        .string({ error: "stoneCountFormat" })
        .trim()
        .regex(/^\d{1,4}$/, { error: "stoneCountFormat" })
        .transform(Number),
    ],
    { error: "stoneCountFormat" },
  ),
  weightNote: z
    .string()
    .trim()
    .max(WEIGHT_NOTE_MAX, { error: "ticketTextTooLong" })
    .refine(noNul, { error: "noNulCharacter" })
    .optional()
    .transform((text) => text || undefined),
  weightAcknowledged: z.boolean().optional().default(false),
});
export type PickupInput = z.input<typeof pickupSchema>;
export type PickupValues = z.output<typeof pickupSchema>;

export const unlockClaimSchema = z.object({
  ticketId: z.uuid(),
  note: z
    .string({ error: "unlockNoteRequired" })
    .trim()
    .min(1, { error: "unlockNoteRequired" })
    .max(UNLOCK_NOTE_MAX, { error: "ticketTextTooLong" })
    .refine(noNul, { error: "noNulCharacter" }),
});
export type UnlockClaimInput = z.input<typeof unlockClaimSchema>;

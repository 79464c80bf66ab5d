import { z } from "zod";

/**
 * Stored-value cards (储值卡): the zod schemas shared by the forms, the server actions and the
 * business functions. Amounts are integer fen.
 */

export const CARD_STATUSES = ["active", "frozen", "replaced", "closed"] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const ENTRY_KINDS = ["top_up", "spend", "refund", "transfer_out", "transfer_in", "principal_refund"] as const;
export type StoredValueEntryKind = (typeof ENTRY_KINDS)[number];

/** ¥1,000,000 at most in one top-up: a typo guard, not a business limit. */
export const MAX_TOP_UP_FEN = 100_000_000;

/** Printed card numbers: letters, digits and hyphens; stored upper-case. */
export const cardNoSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, "storedValueCardNoFormat");

/** An optional card number as a form sends it: blank means "generate one". */
const optionalCardNo = z
  .union([z.literal(""), cardNoSchema])
  .optional()
  .transform((value) => value || undefined);

const topUpFen = z.number().int().min(1).max(MAX_TOP_UP_FEN);
const bonusFen = z.number().int().min(0).max(MAX_TOP_UP_FEN);

export const issueCardSchema = z
  .object({
    storeId: z.uuid(),
    memberId: z.uuid().nullish(),
    cardNo: optionalCardNo,
    initialTopUpFen: z.number().int().min(0).max(MAX_TOP_UP_FEN).nullish(),
    bonusFen: bonusFen.nullish(),
  })
  .refine((v) => !v.bonusFen || (v.initialTopUpFen ?? 0) > 0, { message: "storedValueBonusNeedsTopUp", path: ["bonusFen"] });
export type IssueCardInput = z.input<typeof issueCardSchema>;
/** What issueCard takes (the schema's output, with the optional fields optional). */
export type IssueCardValues = { storeId: string; memberId?: string | null; cardNo?: string; initialTopUpFen?: number | null; bonusFen?: number | null };

export const topUpSchema = z.object({
  cardId: z.uuid(),
  amountFen: topUpFen,
  bonusFen: bonusFen.default(0),
});
export type TopUpInput = z.input<typeof topUpSchema>;
export type TopUpValues = z.output<typeof topUpSchema>;

export const cardIdSchema = z.object({ cardId: z.uuid() });
export type CardIdInput = z.output<typeof cardIdSchema>;

export const reissueCardSchema = z.object({ cardId: z.uuid(), newCardNo: optionalCardNo });
export type ReissueCardInput = z.input<typeof reissueCardSchema>;
export type ReissueCardValues = { cardId: string; newCardNo?: string };

/** Without an amount, the whole unused principal is refunded (and the card closed). */
export const refundPrincipalSchema = z.object({
  cardId: z.uuid(),
  amountFen: z.number().int().min(1).max(10_000_000_000).optional(),
});
export type RefundPrincipalInput = z.output<typeof refundPrincipalSchema>;

/** The issue form's member look-up: a mobile number or a member card number. */
export const cardMemberLookupSchema = z.object({ query: z.string().trim().min(3).max(40) });
export type CardMemberLookupInput = z.output<typeof cardMemberLookupSchema>;

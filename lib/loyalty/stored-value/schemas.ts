import { z } from "zod";
import type { storedValueCardStatus, storedValueEntryKind } from "@/db/schema";
import { parseYuanToFen } from "@/lib/money";
import { containsNul } from "@/lib/nul-bytes";
import { localDateTime } from "../earn-rules/schemas";
import type { SettingDefinition } from "@/lib/settings/versioned";

/**
 * Stored-value cards (储值卡): the zod schemas shared by the forms, the server actions and the
 * business functions. Amounts are integer fen.
 */

/** A card's status, as the database's enum has it. */
export type CardStatus = (typeof storedValueCardStatus.enumValues)[number];
export type StoredValueEntryKind = (typeof storedValueEntryKind.enumValues)[number];

/**
 * Every status, in the enum's order, for filters. The browser does not load the database schema,
 * so the list is written out; `satisfies` and CardStatusesListed keep it equal to the enum.
 */
export const CARD_STATUSES = ["active", "frozen", "replaced", "closed"] as const satisfies readonly CardStatus[];
type Holds<T extends true> = T;
/** Does not compile when the enum gains a status that CARD_STATUSES does not list. */
export type CardStatusesListed = Holds<[CardStatus] extends [(typeof CARD_STATUSES)[number]] ? true : false>;

/** ¥1,000,000 at most in one top-up: a typo guard, not a business limit. */
export const MAX_TOP_UP_FEN = 100_000_000;

/**
 * A stored-value card number as stored: trimmed, upper-case. (A member card number is another
 * thing, normalised by the members domain.) Everything that reads a typed or POS-sent number uses it.
 */
export function normalizeStoredValueCardNo(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Printed card numbers: letters, digits and hyphens; stored upper-case. */
export const cardNoSchema = z
  .string()
  .transform(normalizeStoredValueCardNo)
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, "storedValueCardNoFormat"));

/** An optional card number as a form sends it: blank means "generate one". */
const optionalCardNo = z
  .union([z.literal(""), cardNoSchema])
  .optional()
  .transform((value) => value || undefined);

const topUpFen = z.number().int().min(1).max(MAX_TOP_UP_FEN);
const bonusFen = z.number().int().min(0).max(MAX_TOP_UP_FEN);

/** A manual bonus beyond the rule (a goodwill bonus) is at most this many characters of reason. */
export const EXTRA_BONUS_REASON_MAX = 500;

/**
 * The extra bonus a top-up form may ask for beyond the rule's: it is not credited with the top-up
 * but waits for a manager's approval (docs/domain.md#stored-value-cards). Yuan typed, fen sent.
 */
const extraBonusFen = z.number().int().min(0).max(MAX_TOP_UP_FEN);
/** Blank means none; required (1–500 characters) when there is an extra bonus, checked with the amount. */
const extraBonusReason = z
  .string()
  .trim()
  .max(EXTRA_BONUS_REASON_MAX, { error: "storedValueExtraBonusReasonLength" })
  .refine((reason) => !containsNul(reason), { error: "noNulCharacter" })
  .nullish()
  .transform((reason) => reason || undefined);

/**
 * The rules of an extra bonus that need the top-up beside it: a positive top-up, at most the top-up
 * itself (so a ¥0.01 top-up cannot carry ¥1,000,000), and a reason.
 */
export function extraBonusIssues(values: {
  topUpFen: number;
  extraBonusFen?: number | null;
  extraBonusReason?: string | null;
}): Record<"extraBonusFen" | "extraBonusReason", string[]> | null {
  const extra = values.extraBonusFen ?? 0;
  if (extra <= 0) return null;
  const issues: Record<"extraBonusFen" | "extraBonusReason", string[]> = { extraBonusFen: [], extraBonusReason: [] };
  if (!(values.topUpFen > 0)) issues.extraBonusFen.push("storedValueBonusNeedsTopUp");
  else if (extra > values.topUpFen) issues.extraBonusFen.push("storedValueExtraBonusAboveTopUp");
  const reason = values.extraBonusReason?.trim() ?? "";
  if (reason.length < 1 || reason.length > EXTRA_BONUS_REASON_MAX)
    issues.extraBonusReason.push("storedValueExtraBonusReasonLength");
  else if (containsNul(reason)) issues.extraBonusReason.push("noNulCharacter");
  return issues.extraBonusFen.length || issues.extraBonusReason.length ? issues : null;
}

function refineExtraBonus(
  values: { extraBonusFen?: number | null; extraBonusReason?: string | null },
  topUpFen: number,
  ctx: z.core.$RefinementCtx,
) {
  const issues = extraBonusIssues({ ...values, topUpFen });
  // A field its own schema refused (a reason over the limit, a NUL) already says why: once is enough.
  const refused = new Set(ctx.issues.map((issue) => issue.path?.join(".")));
  for (const [path, messages] of Object.entries(issues ?? {}))
    for (const message of messages) if (!refused.has(path)) ctx.addIssue({ code: "custom", path: [path], message });
}

export const issueCardSchema = z
  .object({
    storeId: z.uuid(),
    memberId: z.uuid().nullish(),
    cardNo: optionalCardNo,
    initialTopUpFen: z.number().int().min(0).max(MAX_TOP_UP_FEN).nullish(),
    /** The bonus the form showed; the rule in force decides it and a different one is refused. */
    bonusFen: bonusFen.nullish(),
    /** A bonus beyond the rule's, credited only when a manager approves it. */
    extraBonusFen: extraBonusFen.nullish(),
    extraBonusReason,
  })
  .refine((v) => !v.bonusFen || (v.initialTopUpFen ?? 0) > 0, {
    message: "storedValueBonusNeedsTopUp",
    path: ["bonusFen"],
  })
  .superRefine((v, ctx) => refineExtraBonus(v, v.initialTopUpFen ?? 0, ctx));
export type IssueCardInput = z.input<typeof issueCardSchema>;
/** What issueCard takes (the schema's output, with the optional fields optional). */
export type IssueCardValues = {
  storeId: string;
  memberId?: string | null;
  cardNo?: string;
  initialTopUpFen?: number | null;
  bonusFen?: number | null;
  extraBonusFen?: number | null;
  extraBonusReason?: string | null;
};

export const topUpSchema = z
  .object({
    cardId: z.uuid(),
    amountFen: topUpFen,
    /** The bonus the form showed; the rule in force decides it and a different one is refused. */
    bonusFen: bonusFen.optional(),
    /** A bonus beyond the rule's, credited only when a manager approves it. */
    extraBonusFen: extraBonusFen.optional(),
    extraBonusReason,
  })
  .superRefine((v, ctx) => refineExtraBonus(v, v.amountFen, ctx));
export type TopUpInput = z.input<typeof topUpSchema>;
/** What topUp takes (the schema's output, with the optional fields optional). */
export type TopUpValues = {
  cardId: string;
  amountFen: number;
  bonusFen?: number;
  extraBonusFen?: number;
  extraBonusReason?: string | null;
};

/**
 * A manager's decision on an extra bonus request (maker-checker, like a points adjustment): a note
 * is optional on approval and required on rejection (the requester needs to know why).
 */
export const decideBonusRequestSchema = z
  .object({
    requestId: z.uuid(),
    approve: z.boolean(),
    note: z
      .string()
      .trim()
      .max(200, { error: "decisionNoteTooLong" })
      .refine((note) => !containsNul(note), { error: "noNulCharacter" })
      .optional()
      .transform((note) => note || undefined),
  })
  .superRefine((decision, ctx) => {
    if (!decision.approve && (decision.note ?? "").length < 2)
      ctx.addIssue({ code: "custom", path: ["note"], message: "rejectNoteRequired" });
  });
export type DecideBonusRequestInput = z.input<typeof decideBonusRequestSchema>;
export type DecideBonusRequestValues = z.output<typeof decideBonusRequestSchema>;

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

/**
 * The top-up bonus rule (docs/domain.md#stored-value-cards): `bonusPerStepFen` for every full
 * `stepFen` topped up (¥100 per ¥1,000). A versioned setting like the earn rules; by default no bonus.
 * The bonus never exceeds the step, so a bonus never exceeds its top-up.
 */
export const topUpBonusRuleSchema = z
  .object({
    stepFen: z.number().int().min(1).max(MAX_TOP_UP_FEN),
    bonusPerStepFen: z.number().int().min(0).max(MAX_TOP_UP_FEN),
  })
  .refine((rule) => rule.bonusPerStepFen <= rule.stepFen, {
    message: "storedValueBonusAboveStep",
    path: ["bonusPerStepFen"],
  });
export type TopUpBonusRule = z.infer<typeof topUpBonusRuleSchema>;

export const TOP_UP_BONUS_RULE: SettingDefinition<TopUpBonusRule> = {
  key: "loyalty.stored_value_bonus",
  schema: topUpBonusRuleSchema,
  defaults: { stepFen: 100_000, bonusPerStepFen: 0 },
};

/** The bonus a top-up of `amountFen` gets under `rule`: whole steps only, in integer fen. */
export function topUpBonusFor(rule: TopUpBonusRule, amountFen: number): number {
  if (!(amountFen > 0) || rule.bonusPerStepFen <= 0) return 0;
  return Math.floor(amountFen / rule.stepFen) * rule.bonusPerStepFen;
}

/** Yuan as typed, at least ¥0.01 (a step) or ¥0 (a bonus). */
const yuanAtLeast = (minFen: number) =>
  z
    .string()
    .trim()
    .refine((value) => parseYuanToFen(value) !== null, { message: "yuanAmountFormat", abort: true })
    .refine((value) => parseYuanToFen(value)! >= minFen && parseYuanToFen(value)! <= MAX_TOP_UP_FEN, {
      message: minFen > 0 ? "storedValueStepRange" : "storedValueBonusRange",
    });

/** The admin form for a new version of the rule; the effective time works as on the earn-rules form. */
export const topUpBonusRuleFormSchema = z
  .object({
    /** Local date-time in the programme's zone (Asia/Shanghai); empty means at once. */
    effectiveFrom: localDateTime,
    stepYuan: yuanAtLeast(1),
    bonusPerStepYuan: yuanAtLeast(0),
  })
  .refine((form) => parseYuanToFen(form.bonusPerStepYuan)! <= parseYuanToFen(form.stepYuan)!, {
    message: "storedValueBonusAboveStep",
    path: ["bonusPerStepYuan"],
  });
export type TopUpBonusRuleFormInput = z.input<typeof topUpBonusRuleFormSchema>;
export type TopUpBonusRuleFormOutput = z.output<typeof topUpBonusRuleFormSchema>;

export function topUpBonusRuleFromForm(form: TopUpBonusRuleFormOutput): TopUpBonusRule {
  return { stepFen: parseYuanToFen(form.stepYuan)!, bonusPerStepFen: parseYuanToFen(form.bonusPerStepYuan)! };
}

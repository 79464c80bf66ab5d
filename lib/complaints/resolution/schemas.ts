import { addMonths, differenceInCalendarDays, lightFormat } from "date-fns";
import { z } from "zod";
import type { Role } from "@/lib/auth/policy";
import { calendarDay, formatIn, isBusinessDay } from "@/lib/time";

/**
 * Goodwill compensation for a complaint and the regulator (12315) referral: the zod schemas shared by
 * the resolution section, the approvals queue, the budget page and the server actions, and the pure
 * rules the forms predict with. Free of server imports so client components can use them. Messages
 * are keys of the `complaintResolution.validation` catalogue (the forms translate them).
 * docs/domain.md#compensation-and-budget
 */

/** One request grants at most this many points (a larger number is surely a typo). */
export const COMPENSATION_MAX_POINTS = 100_000;

/**
 * What one point of goodwill costs the store, in fen: 1 point = 1 fen. A request's value_fen (what
 * the store's monthly budget counts) is its points times this.
 */
export const FEN_PER_COMPENSATION_POINT = 1;

/**
 * Points a role may grant at once, per request, without a manager's approval; above it the request
 * waits for a manager who is not the requester. Roles without complaints.handle never request.
 */
export const COMPENSATION_THRESHOLDS: Record<Role, number> = {
  service: 2_000,
  after_sales: 2_000,
  manager: 20_000,
  admin: 0,
  advisor: 0,
};

/** The requester's threshold: the highest of their roles'. */
export function compensationThresholdOf(roles: readonly Role[]): number {
  return roles.reduce((max, role) => Math.max(max, COMPENSATION_THRESHOLDS[role] ?? 0), 0);
}

/** Whether a request waits for a manager (above the requester's threshold) or is approved at once. */
export function compensationNeedsApproval(args: { points: number; threshold: number }): boolean {
  return args.points > args.threshold;
}

/** What a number of goodwill points costs the store's budget, in fen. */
export function compensationValueFen(points: number): number {
  return points * FEN_PER_COMPENSATION_POINT;
}

/** The budget month (its first day, yyyy-MM-dd) a moment falls in, in a store's time zone. */
export function budgetMonthOf(at: Date, timeZone: string): string {
  return formatIn(at, "yyyy-MM-01", timeZone);
}

/** The budget month after `month` (both first days, yyyy-MM-dd). */
export function nextBudgetMonth(month: string): string {
  return lightFormat(addMonths(calendarDay(month), 1), "yyyy-MM-01");
}

/** How far ahead the regulator's deadline may be set, in days from the store's today. */
export const REGULATOR_DEADLINE_MAX_DAYS = 60;

/** Calendar days from `today` to `deadline` (both store-local yyyy-MM-dd): 0 on the day, negative once past. */
export function daysUntil(deadline: string, today: string): number {
  return differenceInCalendarDays(calendarDay(deadline), calendarDay(today));
}

export const COMPENSATION_KINDS = ["points", "coupon"] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

/**
 * A goodwill compensation request. Coupons arrive with campaigns: the kind stays in the enum (and
 * the database's) but is refused on its field until then.
 */
export const requestCompensationSchema = z
  .object({
    complaintId: z.uuid(),
    kind: z.enum(COMPENSATION_KINDS).default("points"),
    points: z
      .number({ error: "compensationPointsRange" })
      .int({ error: "compensationPointsRange" })
      .min(1, { error: "compensationPointsRange" })
      .max(COMPENSATION_MAX_POINTS, { error: "compensationPointsRange" }),
    reason: z
      .string({ error: "compensationReasonLength" })
      .trim()
      .min(1, { error: "compensationReasonLength" })
      .max(500, { error: "compensationReasonLength" }),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "coupon") ctx.addIssue({ code: "custom", path: ["kind"], message: "compensationCouponsLater" });
  });
export type RequestCompensationInput = z.input<typeof requestCompensationSchema>;
export type RequestCompensationValues = z.output<typeof requestCompensationSchema>;

/** A note is optional on approval and required on rejection (the requester needs to know why). */
export const decideCompensationSchema = z
  .object({
    compensationId: z.uuid(),
    approve: z.boolean(),
    note: z
      .string()
      .trim()
      .max(500, { error: "compensationNoteTooLong" })
      .optional()
      .transform((note) => note || undefined),
  })
  .superRefine((decision, ctx) => {
    if (!decision.approve && !decision.note) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "compensationRejectNoteRequired" });
    }
  });
export type DecideCompensationInput = z.input<typeof decideCompensationSchema>;

/**
 * Flag (with the regulator's deadline, a store-local date) or unflag a complaint as referred by the
 * regulator (12315). The deadline's bounds (today..today+60 in the store's zone) are the service's:
 * they need the store's time zone.
 */
export const setRegulatorReferralSchema = z
  .object({
    complaintId: z.uuid(),
    referral: z.boolean(),
    deadline: z
      .string()
      .trim()
      .optional()
      .transform((day) => day || undefined),
  })
  .superRefine((value, ctx) => {
    if (!value.referral) return;
    if (!value.deadline) ctx.addIssue({ code: "custom", path: ["deadline"], message: "regulatorDeadlineRequired" });
    else if (!isBusinessDay(value.deadline))
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "regulatorDeadlineInvalid" });
  });
export type SetRegulatorReferralInput = z.input<typeof setRegulatorReferralSchema>;

/** A store's goodwill budget for a month, in fen (the form takes yuan). */
export const MAX_BUDGET_FEN = 100_000_000_00; // ¥100 million: anything above is a typo

export const setComplaintBudgetSchema = z.object({
  storeId: z.uuid(),
  month: z
    .string()
    .refine((month) => /^\d{4}-\d{2}-01$/.test(month) && isBusinessDay(month), { error: "budgetMonthInvalid" }),
  budgetFen: z
    .number({ error: "budgetAmountInvalid" })
    .int({ error: "budgetAmountInvalid" })
    .min(0, { error: "budgetAmountInvalid" })
    .max(MAX_BUDGET_FEN, { error: "budgetAmountInvalid" }),
});
export type SetComplaintBudgetInput = z.input<typeof setComplaintBudgetSchema>;

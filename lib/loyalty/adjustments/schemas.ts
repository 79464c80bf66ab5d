import { z } from "zod";

/**
 * Manual points adjustments (maker-checker): the zod schemas shared by the 360° form, the
 * approvals page and the server actions. Free of server imports so client components can use them.
 * Messages are keys of the "validation" catalogue (the Field component translates them).
 */

/** A single adjustment larger than this is surely a typo; the approval threshold is far below it. */
export const MAX_ADJUSTMENT_POINTS = 1_000_000;

export const adjustmentPointsSchema = z
  .number({ error: "adjustmentPointsWhole" })
  .int({ error: "adjustmentPointsWhole" })
  .min(-MAX_ADJUSTMENT_POINTS, { error: "adjustmentPointsRange" })
  .max(MAX_ADJUSTMENT_POINTS, { error: "adjustmentPointsRange" })
  .refine((points) => points !== 0, { error: "adjustmentPointsNonZero" });

export const adjustmentReasonSchema = z
  .string({ error: "adjustmentReasonLength" })
  .trim()
  .min(2, { error: "adjustmentReasonLength" })
  .max(200, { error: "adjustmentReasonLength" });

/**
 * Whether a request waits for a manager: the requester's day total for the member (requesterDayTotal
 * in queries.ts) plus this request's size passes the threshold. Here, free of server imports, so the
 * service decides and the 360° form predicts with the same rule. docs/domain.md#adjustments
 */
export function adjustmentNeedsApproval(args: { dayTotal: number; points: number; threshold: number }): boolean {
  return args.dayTotal + Math.abs(args.points) > args.threshold;
}

/** Positive adds points, negative takes them away. */
export const requestAdjustmentSchema = z.object({
  memberId: z.uuid(),
  points: adjustmentPointsSchema,
  reason: adjustmentReasonSchema,
});
export type RequestAdjustmentInput = z.input<typeof requestAdjustmentSchema>;

/** A note is optional on approval and required on rejection (the requester needs to know why). */
export const decideAdjustmentSchema = z
  .object({
    adjustmentId: z.uuid(),
    approve: z.boolean(),
    note: z
      .string()
      .trim()
      .max(200, { error: "decisionNoteTooLong" })
      .optional()
      .transform((note) => note || undefined),
  })
  .superRefine((decision, ctx) => {
    if (!decision.approve && (decision.note ?? "").length < 2) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "rejectNoteRequired" });
    }
  });
export type DecideAdjustmentInput = z.input<typeof decideAdjustmentSchema>;

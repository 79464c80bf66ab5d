import { z } from "zod";

/**
 * Follow-up calls (回访, docs/domain.md#jewelry-after-sales): the zod schemas shared by the call list's
 * log dialog and the server action, and the rules both apply. No server imports. The lists mirror
 * the database enums (db/schema/after-sales.ts). Field messages are keys of the `validation`
 * catalogue.
 */

export const FOLLOW_UP_KINDS = ["day_3", "day_30", "cleaning_reminder"] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export const FOLLOW_UP_STATUSES = ["open", "done", "unreachable"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const FOLLOW_UP_OUTCOMES = ["reached", "no_answer", "wrong_number"] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;

/** A call not answered this many times is given up as unreachable (the last no-answer closes it). */
export const MAX_CALL_ATTEMPTS = 3;

/** A score at or below this opens an after-sales complaint (once per call). */
export const COMPLAINT_SATISFACTION_MAX = 2;

export const CALL_COMMENTS_MAX = 1000;

export const logFollowUpCallSchema = z
  .object({
    callId: z.uuid(),
    outcome: z.enum(FOLLOW_UP_OUTCOMES, { error: "followUpOutcomeRequired" }),
    /** 1–5, only when the customer was reached (and then required). */
    satisfaction: z
      .number({ error: "followUpSatisfactionRequired" })
      .int({ error: "followUpSatisfactionRequired" })
      .min(1, { error: "followUpSatisfactionRequired" })
      .max(5, { error: "followUpSatisfactionRequired" })
      .nullish()
      .transform((score) => score ?? undefined),
    comments: z
      .string()
      .trim()
      .max(CALL_COMMENTS_MAX, { error: "followUpCommentsTooLong" })
      .nullish()
      .transform((text) => text || undefined),
  })
  .superRefine((value, ctx) => {
    if (value.outcome === "reached" && value.satisfaction === undefined) {
      ctx.addIssue({ code: "custom", path: ["satisfaction"], message: "followUpSatisfactionRequired" });
    }
    if (value.outcome !== "reached" && value.satisfaction !== undefined) {
      ctx.addIssue({ code: "custom", path: ["satisfaction"], message: "followUpSatisfactionOnlyReached" });
    }
    // A low score becomes a complaint whose description is what the customer said.
    if (
      value.outcome === "reached" &&
      value.satisfaction !== undefined &&
      value.satisfaction <= COMPLAINT_SATISFACTION_MAX &&
      !value.comments
    ) {
      ctx.addIssue({ code: "custom", path: ["comments"], message: "followUpCommentsRequiredLowScore" });
    }
  });
export type LogFollowUpCallInput = z.input<typeof logFollowUpCallSchema>;
export type LogFollowUpCallValues = z.output<typeof logFollowUpCallSchema>;

/** Whether a logged score opens a complaint (the dialog warns before it is sent). */
export function opensComplaint(outcome: FollowUpOutcome, satisfaction: number | null | undefined): boolean {
  return outcome === "reached" && satisfaction != null && satisfaction <= COMPLAINT_SATISFACTION_MAX;
}

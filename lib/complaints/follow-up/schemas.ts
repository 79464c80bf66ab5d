import { z } from "zod";

/**
 * The customer's satisfaction survey (docs/domain.md#satisfaction-survey): the answer the public
 * survey page submits. No server imports (the page's form uses it). Field messages are keys of
 * the "complaintFollowUp.survey.validation" catalogue.
 */

export const SURVEY_SCORES = [1, 2, 3, 4, 5] as const;
export const SURVEY_COMMENT_MAX = 1000;
/** A token is 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isSurveyToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export const answerSurveySchema = z.object({
  token: z.string().regex(TOKEN_PATTERN),
  score: z.coerce
    .number({ error: "scoreRequired" })
    .int({ error: "scoreRequired" })
    .min(1, { error: "scoreRequired" })
    .max(5, { error: "scoreRequired" }),
  comment: z
    .string()
    .trim()
    .max(SURVEY_COMMENT_MAX, { error: "commentTooLong" })
    // PostgreSQL cannot store a NUL character: refused as a field error, never a server error.
    .refine((text) => !text.includes("\u0000"), { error: "commentInvalid" })
    .optional()
    .transform((text) => text || undefined),
});
export type AnswerSurveyInput = z.input<typeof answerSurveySchema>;
export type AnswerSurveyValues = z.output<typeof answerSurveySchema>;

/** What the complaint page shows of the survey. */
export type Satisfaction =
  | { state: "none" }
  | { state: "sent"; sentAt: Date }
  | { state: "answered"; score: number; comment: string | null; answeredAt: Date };

/** The survey's state from the complaint's columns. */
export function satisfactionOf(complaint: {
  satisfactionScore: number | null;
  satisfactionComment: string | null;
  surveySentAt: Date | null;
  surveyAnsweredAt: Date | null;
}): Satisfaction {
  if (complaint.surveyAnsweredAt && complaint.satisfactionScore !== null) {
    return {
      state: "answered",
      score: complaint.satisfactionScore,
      comment: complaint.satisfactionComment,
      answeredAt: complaint.surveyAnsweredAt,
    };
  }
  if (complaint.surveySentAt) return { state: "sent", sentAt: complaint.surveySentAt };
  return { state: "none" };
}

import { differenceInMinutes } from "date-fns";
import { z } from "zod";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  CONTACT_MAX,
  NAME_MAX,
} from "@/lib/complaints/cases/schemas";

/**
 * Inquiries (咨询, docs/domain.md#inquiries): questions customer service answers that are not
 * complaints. The zod schemas shared by the forms, the dialogs and the server actions; no server
 * imports. Field messages are keys of the "complaintFollowUp.inquiries.validation" catalogue.
 */

export const INQUIRY_TOPICS = [
  "opening_hours",
  "product",
  "points",
  "membership",
  "appointment",
  "after_sales",
  "other",
] as const;
export type InquiryTopic = (typeof INQUIRY_TOPICS)[number];

export const INQUIRY_STATUSES = ["unanswered", "answered", "converted"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export const QUESTION_MAX = 2000;
export const ANSWER_MAX = 2000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "tooLong" })
    .optional()
    .transform((text) => text || undefined);

const requiredText = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: "tooLong" });

const optionalId = z
  .union([z.uuid(), z.literal("")])
  .optional()
  .transform((id) => id || undefined);

export const logInquirySchema = z.object({
  storeId: z.uuid({ error: "storeRequired" }),
  channel: z.enum(COMPLAINT_CHANNELS, { error: "channelRequired" }),
  topic: z.enum(INQUIRY_TOPICS, { error: "topicRequired" }),
  question: requiredText(QUESTION_MAX, "questionRequired"),
  /** The member if known; else, optionally, a name and a way to reach the customer. */
  memberId: optionalId,
  customerName: optionalText(NAME_MAX),
  customerContact: optionalText(CONTACT_MAX),
  /** An instant with its offset; empty = now. */
  receivedAt: z
    .union([z.iso.datetime({ offset: true, error: "receivedAtInvalid" }), z.literal("")])
    .optional()
    .transform((at) => at || undefined),
});
export type LogInquiryInput = z.input<typeof logInquirySchema>;
export type LogInquiryValues = z.output<typeof logInquirySchema>;

export const answerInquirySchema = z.object({
  inquiryId: z.uuid(),
  answer: requiredText(ANSWER_MAX, "answerRequired"),
});
export type AnswerInquiryInput = z.input<typeof answerInquirySchema>;

/**
 * Turning an inquiry into a complaint: the category and severity chosen in the dialog; an
 * unidentified customer's name and contact (a complaint needs both) when the inquiry lacks them.
 */
export const convertInquirySchema = z.object({
  inquiryId: z.uuid(),
  category: z.enum(COMPLAINT_CATEGORIES, { error: "categoryRequired" }),
  severity: z.enum(COMPLAINT_SEVERITIES, { error: "severityRequired" }),
  customerName: optionalText(NAME_MAX),
  customerContact: optionalText(CONTACT_MAX),
  /** Required when the inquiry came through the regulator (12315), as for any complaint of that channel. */
  regulatorDeadline: z
    .string()
    .optional()
    .transform((day) => day || undefined),
});
export type ConvertInquiryInput = z.input<typeof convertInquirySchema>;
export type ConvertInquiryValues = z.output<typeof convertInquirySchema>;

/** Minutes from receipt to answer, whole minutes rounded down; null until answered. */
export function minutesToAnswer(inquiry: { receivedAt: Date; answeredAt: Date | null }): number | null {
  if (!inquiry.answeredAt) return null;
  return Math.max(0, differenceInMinutes(inquiry.answeredAt, inquiry.receivedAt));
}

import { z } from "zod";
import { contactFieldsSchema } from "../contacts/schemas";

/**
 * Clienteling tasks (docs/domain.md#tasks-and-the-contact-log): the zod schemas shared by the task
 * page's dialogs and the server actions, and the shapes of a task's details. No server imports.
 * The lists mirror the database enums (clienteling_task_kind, clienteling_task_status).
 */

export const TASK_KINDS = [
  "care_call",
  "visit_follow_up",
  "important_date",
  "dormant_callback",
  "waitlist_offer",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ["open", "done", "skipped"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const SKIP_REASON_MAX = 500;

/**
 * Completing a task needs the contact that completes it. The contact's fields sit beside the
 * task id (not nested) so that a server field error lands next to its field in the form.
 */
export const completeTaskSchema = contactFieldsSchema.extend({ taskId: z.uuid() });
export type CompleteTaskInput = z.input<typeof completeTaskSchema>;

/** Skipping a task needs a reason (the client moved abroad, the advisor met them in the store yesterday…). */
export const skipTaskSchema = z.object({
  taskId: z.uuid(),
  reason: z.string().trim().min(1, { message: "required" }).max(SKIP_REASON_MAX),
});
export type SkipTaskInput = z.input<typeof skipTaskSchema>;

/** A manager gives an open task to an advisor of its store, or back to the store's unassigned list (null). */
export const assignTaskSchema = z.object({
  taskId: z.uuid(),
  assigneeId: z
    .union([z.uuid(), z.literal("")])
    .nullish()
    .transform((id) => id || null),
});
export type AssignTaskInput = z.input<typeof assignTaskSchema>;

// ── What a task is about (clienteling_tasks.details) ───────────────────────────────────────────

/** A care call: the purchase, what remained paid of it after refunds, and the pieces bought. */
export type CareCallDetails = { transactionId: string; amountFen: number; purchasedOn: string; items: string[] };
/** A follow-up after a completed visit. */
export type VisitFollowUpDetails = { appointmentId: string; visitedOn: string };
/** An important date (a member_important_dates row, or the member's birthday) in a given year. */
export type ImportantDateDetails = {
  dateKind: "birthday" | "anniversary" | "partner_birthday" | "birthday_of_child" | "other";
  label: string | null;
  /** The recorded date (its year is the original event's). */
  date: string;
  /** The day it recurs this time. */
  occursOn: string;
  dateId: string | null;
};
/** A call-back to a client who turned dormant: their last purchase names the dormancy episode. */
export type DormantCallbackDetails = { lastPurchaseOn: string };

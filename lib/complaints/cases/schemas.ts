import { z } from "zod";
import { isBusinessDay } from "@/lib/time";

/**
 * Complaint intake and work (docs/domain.md#intake-work-and-escalation): the zod schemas shared by
 * the intake form, the complaint page's dialogs and the server actions, and the status rules both
 * the service and the screens apply. No server imports. The lists mirror the database enums
 * (db/schema/complaints.ts). Field messages are keys of the "complaints.validation" catalogue.
 */

export const COMPLAINT_CHANNELS = ["in_store", "hotline", "wechat", "email", "regulator_12315"] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = [
  "product_quality",
  "service_attitude",
  "after_sales",
  "price_promotion",
  "points_membership",
  "environment_facilities",
  "parking",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export const COMPLAINT_STATUSES = [
  "new",
  "acknowledged",
  "investigating",
  "waiting_on_customer",
  "resolved",
  "closed",
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses the SLA clock and the queues consider open (resolved and closed are not). */
export const OPEN_STATUSES = ["new", "acknowledged", "investigating", "waiting_on_customer"] as const;
export function isOpenStatus(status: ComplaintStatus): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The queue page's tabs and sort keys. */
export const COMPLAINT_TABS = ["mine", "team", "at_risk", "breached", "all"] as const;
export type ComplaintTab = (typeof COMPLAINT_TABS)[number];
export const COMPLAINT_SORTS = ["due", "received", "severity"] as const;

export const COMPLAINT_EVENT_KINDS = [
  "created",
  "note",
  "contact",
  "status",
  "assigned",
  "paused",
  "resumed",
  "reopened",
  "warned",
  "escalated",
  "compensation",
  "survey",
] as const;
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number];

export const CONTACT_CHANNELS = ["phone", "wechat", "sms", "email", "in_person"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_OUTCOMES = ["reached", "no_answer", "left_message", "call_back_requested"] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const DESCRIPTION_MAX = 4000;
export const TICKET_REF_MAX = 40;
export const NAME_MAX = 60;
export const CONTACT_MAX = 100;
export const NOTE_MAX = 2000;
export const REASON_MAX = 500;

/**
 * The status changes a staff member makes, where each may start from and where it goes. Anything
 * else is a conflict (docs/domain.md#intake-work-and-escalation).
 */
export const TRANSITIONS = {
  acknowledge: { from: ["new"], to: "acknowledged" },
  investigate: { from: ["acknowledged"], to: "investigating" },
  pause: { from: ["investigating"], to: "waiting_on_customer" },
  resume: { from: ["waiting_on_customer"], to: "investigating" },
  resolve: { from: ["investigating"], to: "resolved" },
  close: { from: ["resolved"], to: "closed" },
  reopen: { from: ["resolved", "closed"], to: "investigating" },
} as const satisfies Record<string, { from: readonly ComplaintStatus[]; to: ComplaintStatus }>;
export type ComplaintTransition = keyof typeof TRANSITIONS;

export function transitionAllowed(transition: ComplaintTransition, from: ComplaintStatus): boolean {
  return (TRANSITIONS[transition].from as readonly ComplaintStatus[]).includes(from);
}

/** The transitions a complaint in `status` offers (the page's buttons). */
export function transitionsFrom(status: ComplaintStatus): ComplaintTransition[] {
  return (Object.keys(TRANSITIONS) as ComplaintTransition[]).filter((t) => transitionAllowed(t, status));
}

/** An empty form field ("") is no value. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((text) => text || undefined);

const optionalId = z
  .union([z.uuid(), z.literal("")])
  .optional()
  .transform((id) => id || undefined);

const requiredText = (max: number, required: string, tooLong: string) =>
  z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: tooLong });

export const logComplaintSchema = z
  .object({
    storeId: z.uuid({ error: "storeRequired" }),
    channel: z.enum(COMPLAINT_CHANNELS, { error: "channelRequired" }),
    category: z.enum(COMPLAINT_CATEGORIES, { error: "categoryRequired" }),
    severity: z.enum(COMPLAINT_SEVERITIES, { error: "severityRequired" }),
    memberId: optionalId,
    customerName: optionalText(NAME_MAX, "tooLong"),
    customerContact: optionalText(CONTACT_MAX, "tooLong"),
    relatedTransactionId: optionalId,
    relatedAppointmentId: optionalId,
    /** One of the member's service tickets (an identified customer). */
    relatedTicketId: optionalId,
    /** A ticket number as an unidentified customer gives it (free text). */
    relatedTicketRef: optionalText(TICKET_REF_MAX, "ticketRefTooLong"),
    description: requiredText(DESCRIPTION_MAX, "descriptionRequired", "descriptionTooLong"),
    /** An instant with its offset; empty = now. Not in the future (checked against the clock by the service). */
    receivedAt: z
      .union([z.iso.datetime({ offset: true, error: "receivedAtInvalid" }), z.literal("")])
      .optional()
      .transform((at) => at || undefined),
    /** The regulator's (12315) deadline, a store-local date; required for that channel only. */
    regulatorDeadline: z
      .union([z.string().refine(isBusinessDay, { error: "dateInvalid" }), z.literal("")])
      .optional()
      .transform((day) => day || undefined),
  })
  .superRefine((value, ctx) => {
    if (!value.memberId) {
      if (!value.customerName) ctx.addIssue({ code: "custom", path: ["customerName"], message: "customerRequired" });
      if (!value.customerContact) {
        ctx.addIssue({ code: "custom", path: ["customerContact"], message: "customerRequired" });
      }
      if (value.relatedTransactionId) {
        ctx.addIssue({ code: "custom", path: ["relatedTransactionId"], message: "relatedNeedsMember" });
      }
      if (value.relatedAppointmentId) {
        ctx.addIssue({ code: "custom", path: ["relatedAppointmentId"], message: "relatedNeedsMember" });
      }
      if (value.relatedTicketId) {
        ctx.addIssue({ code: "custom", path: ["relatedTicketId"], message: "relatedNeedsMember" });
      }
    }
    if (value.channel === "regulator_12315" && !value.regulatorDeadline) {
      ctx.addIssue({ code: "custom", path: ["regulatorDeadline"], message: "regulatorDeadlineRequired" });
    }
  });
export type LogComplaintInput = z.input<typeof logComplaintSchema>;
export type LogComplaintValues = z.output<typeof logComplaintSchema>;

export const complaintIdSchema = z.object({ complaintId: z.uuid() });

export const assignComplaintSchema = z.object({
  complaintId: z.uuid(),
  assigneeId: z.uuid({ error: "assigneeRequired" }),
});
export type AssignComplaintInput = z.input<typeof assignComplaintSchema>;

export const complaintNoteSchema = z.object({
  complaintId: z.uuid(),
  body: requiredText(NOTE_MAX, "noteRequired", "tooLong"),
});
export type ComplaintNoteInput = z.input<typeof complaintNoteSchema>;

export const contactAttemptSchema = z.object({
  complaintId: z.uuid(),
  channel: z.enum(CONTACT_CHANNELS, { error: "contactChannelRequired" }),
  outcome: z.enum(CONTACT_OUTCOMES, { error: "contactOutcomeRequired" }),
  note: optionalText(NOTE_MAX, "tooLong"),
});
export type ContactAttemptInput = z.input<typeof contactAttemptSchema>;

/** A change of status that needs nothing but the complaint: acknowledge, start investigating, close. */
export const simpleTransitionSchema = z.object({
  complaintId: z.uuid(),
  transition: z.enum(["acknowledge", "investigate", "close"]),
});
export type SimpleTransitionInput = z.input<typeof simpleTransitionSchema>;

/** Waiting on the customer (the SLA clock stops), or reopening: both need a reason. */
export const complaintReasonSchema = z.object({
  complaintId: z.uuid(),
  reason: requiredText(REASON_MAX, "reasonRequired", "tooLong"),
});
export type ComplaintReasonInput = z.input<typeof complaintReasonSchema>;

export const resumeComplaintSchema = z.object({
  complaintId: z.uuid(),
  note: optionalText(REASON_MAX, "tooLong"),
});
export type ResumeComplaintInput = z.input<typeof resumeComplaintSchema>;

/** Resolving needs the root cause and the action taken (the resolution section may ask for more). */
export const resolveComplaintSchema = z.object({
  complaintId: z.uuid(),
  rootCause: requiredText(NOTE_MAX, "rootCauseRequired", "tooLong"),
  actionTaken: requiredText(NOTE_MAX, "actionTakenRequired", "tooLong"),
});
export type ResolveComplaintInput = z.input<typeof resolveComplaintSchema>;
export type ResolveComplaintValues = z.output<typeof resolveComplaintSchema>;

export const complaintMemberSearchSchema = z.object({ q: z.string().trim().min(1).max(64) });

/** The related purchases and visits of a member the intake form offers. */
export const memberRelationsSchema = z.object({ memberId: z.uuid(), storeId: z.uuid() });

export const markNotificationReadSchema = z.object({
  /** One notification, or all of mine when absent. */
  notificationId: z.uuid().optional(),
});

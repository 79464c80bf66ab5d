import { z } from "zod";
import { SERVICE_TICKET_STATUSES, type ServiceTicketStatus } from "./transitions";

/**
 * Working a service ticket (docs/domain.md#jewelry-after-sales): the zod
 * schemas shared by the ticket page's dialogs and the server actions, the queue's tabs and the
 * weight formatting every screen and document uses. No server imports. The lists mirror the
 * database enums (db/schema/after-sales.ts). Field messages are keys of the `validation` catalogue.
 */

export const JEWELRY_CATEGORIES = ["ring", "necklace", "bracelet", "earrings", "pendant", "watch"] as const;
export type JewelryCategory = (typeof JEWELRY_CATEGORIES)[number];

export const SERVICE_TYPES = [
  "cleaning",
  "maintenance",
  "repair",
  "resizing",
  "replating",
  "polishing",
  "stone_tightening",
  "inspection",
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const TICKET_EVENT_KINDS = [
  "created",
  "status",
  "note",
  "claim_failed",
  "claim_locked",
  "claim_unlocked",
  "defect_flagged",
  "defect_decided",
] as const;

export const TICKET_NOTE_MAX = 2000;
export const CANCEL_REASON_MAX = 500;

/** The queue's tabs: the open tickets, the overdue ones, one per status, and everything. */
export const TICKET_QUEUE_TABS = ["open", "overdue", ...SERVICE_TICKET_STATUSES, "all"] as const;
export type TicketQueueTab = (typeof TICKET_QUEUE_TABS)[number];
export const TICKET_SORTS = ["promised", "created", "reference"] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

/** A reference as the intake numbers them (SV-YYYYMMDD-NNNN); the queue's search box looks for one by prefix. */
export const TICKET_REFERENCE_PREFIX = /^SV-/i;

const noNul = (text: string) => !text.includes("\u0000");

const requiredText = (max: number, required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: "ticketTextTooLong" })
    .refine(noNul, { error: "noNulCharacter" });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "ticketTextTooLong" })
    .refine(noNul, { error: "noNulCharacter" })
    .optional()
    .transform((text) => text || undefined);

/**
 * A step of the workflow the ticket page offers (nextStatuses). Cancelling needs a reason; the
 * other steps take an optional note (why a piece goes back to repair). Picked up is not one of
 * them: it happens only through the pickup (claim code and weight), which the service enforces.
 */
export const changeTicketStatusSchema = z
  .object({
    ticketId: z.uuid(),
    to: z.enum(SERVICE_TICKET_STATUSES, { error: "required" }),
    note: optionalText(CANCEL_REASON_MAX),
    reason: optionalText(CANCEL_REASON_MAX),
  })
  .superRefine((value, ctx) => {
    if (value.to === "cancelled" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "cancelReasonRequired" });
    }
  });
export type ChangeTicketStatusInput = z.input<typeof changeTicketStatusSchema>;
export type ChangeTicketStatusValues = z.output<typeof changeTicketStatusSchema>;

export const ticketNoteSchema = z.object({
  ticketId: z.uuid(),
  body: requiredText(TICKET_NOTE_MAX, "ticketNoteRequired"),
});
export type TicketNoteInput = z.input<typeof ticketNoteSchema>;
export type TicketNoteValues = z.output<typeof ticketNoteSchema>;

/** The statuses whose tickets a defect claim may be looked at from (the claim page's link). */
export const CLAIM_LINK_STATUSES: readonly ServiceTicketStatus[] = [
  "quality_check",
  "ready_for_pickup",
  "picked_up",
  "closed",
];

/**
 * A weight in hundredths of a gram as grams with two decimals ("23.45"); a difference keeps its
 * sign ("+0.02", "-1.10") when `signed`. Integer arithmetic: no floating-point rounding.
 */
export function formatGrams(cg: number, options: { signed?: boolean } = {}): string {
  const abs = Math.abs(Math.trunc(cg));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  if (cg < 0) return `-${text}`;
  return options.signed && cg > 0 ? `+${text}` : text;
}

/** A yyyy-MM-dd store-local date as midnight UTC: format it with `timeZone: "UTC"` and no zone moves the day. */
export function utcCalendarDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

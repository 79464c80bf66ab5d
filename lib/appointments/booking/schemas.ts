import { addMinutes, subMinutes } from "date-fns";
import { z } from "zod";
import { tierIndex, TIER_CODES } from "@/lib/loyalty/programme/rules";
import { isBusinessDay, localDate } from "@/lib/time";

/**
 * Booking and the appointment lifecycle (docs/domain.md#appointments): the zod schemas shared by the
 * booking page, the appointment page's dialogs and the server actions, and the small rules both
 * the service and the screens apply (the tier requirement, the check-in window). No server imports.
 * Messages are keys of the "appointments.validation" catalogue.
 */

export const APPOINTMENT_STATUSES = [
  "requested",
  "confirmed",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_EVENT_KINDS = [
  "booked",
  "confirmed",
  "rescheduled",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
] as const;
export type AppointmentEventKind = (typeof APPOINTMENT_EVENT_KINDS)[number];

export const CANCEL_REASONS = ["member_request", "advisor_unavailable", "store_closure", "duplicate", "other"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const NOTE_MAX = 500;
export const OVERRIDE_REASON_MAX = 200;
/** How long before its start a visit may be checked in (on the store-local day of the visit). */
export const CHECK_IN_OPENS_MIN = 60;
/** How far ahead the alternatives of a taken slot are looked for. */
export const ALTERNATIVE_DAYS = 7;
export const MAX_ALTERNATIVES = 5;

/** An instant with its offset ("2031-03-04T10:00:00+08:00" or "…Z"): a time without one would be ambiguous. */
const instant = z.iso.datetime({ offset: true, error: "appointmentTimeRequired" });

/** An empty choice (a cleared select, "") is no choice. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((text) => text || undefined);

export const bookAppointmentSchema = z.object({
  storeId: z.uuid({ error: "appointmentStoreRequired" }),
  memberId: z.uuid({ error: "appointmentMemberRequired" }),
  typeId: z.uuid({ error: "appointmentTypeRequired" }),
  startsAt: instant,
  /** Null: any advisor of the store who is free then. */
  advisorId: z.uuid().nullable(),
  /** A room asked for; otherwise a free room of the store is picked when the type needs one. */
  roomId: z.uuid().nullish(),
  note: z.string().trim().max(NOTE_MAX, { error: "appointmentNoteTooLong" }).default(""),
  /** Lets a member below the type's tier book it; needs appointments.override_tier. */
  tierOverrideReason: optionalText(OVERRIDE_REASON_MAX, "appointmentOverrideReasonTooLong"),
});
export type BookAppointmentInput = z.input<typeof bookAppointmentSchema>;
export type BookAppointmentValues = z.output<typeof bookAppointmentSchema>;

export const appointmentIdSchema = z.object({ appointmentId: z.uuid() });
export type AppointmentIdInput = z.input<typeof appointmentIdSchema>;

export const cancelAppointmentSchema = z
  .object({
    appointmentId: z.uuid(),
    reason: z.enum(CANCEL_REASONS, { error: "appointmentCancelReasonRequired" }),
    note: z.string().trim().max(NOTE_MAX, { error: "appointmentNoteTooLong" }).default(""),
  })
  .superRefine((input, ctx) => {
    if (input.reason === "other" && input.note.length < 2) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "appointmentCancelNoteRequired" });
    }
  });
export type CancelAppointmentInput = z.input<typeof cancelAppointmentSchema>;
export type CancelAppointmentValues = z.output<typeof cancelAppointmentSchema>;

export const rescheduleAppointmentSchema = z.object({
  appointmentId: z.uuid(),
  startsAt: instant,
  /** Another advisor; absent: the same one. */
  advisorId: z.uuid().optional(),
});
export type RescheduleAppointmentInput = z.input<typeof rescheduleAppointmentSchema>;

/** The free starts the booking page and the reschedule dialog offer. */
export const bookingSlotsSchema = z.object({
  storeId: z.uuid(),
  typeId: z.uuid(),
  date: z.string().refine(isBusinessDay, { error: "appointmentDateInvalid" }),
  advisorId: z.uuid().nullable(),
  /** The appointment being rescheduled: its own time is free for it. */
  excludeAppointmentId: z.uuid().optional(),
});
export type BookingSlotsInput = z.input<typeof bookingSlotsSchema>;
export type BookingSlotsValues = z.output<typeof bookingSlotsSchema>;

/** A free start as it travels to the browser: JSON-safe. */
export type SlotOption = { date: string; time: string; startsAt: string; advisorIds: string[] };

export const bookingMemberSearchSchema = z.object({ q: z.string().trim().min(1).max(64) });

// ── Rules shared by the service and the screens ──────────────────────────────────────────────

/**
 * Whether a member's tier is below a type's minimum, in the tier programme's order (normal <
 * silver < gold < diamond: TIER_CODES, which the programme's schema holds its tiers to). A type
 * without a minimum, or naming a tier the programme does not know, asks for nothing.
 */
export function memberBelowTier(memberTier: string, minTier: string | null): boolean {
  if (!minTier || !(TIER_CODES as readonly string[]).includes(minTier)) return false;
  return tierIndex(memberTier) < tierIndex(minTier);
}

/**
 * A visit may be checked in from CHECK_IN_OPENS_MIN minutes before its start, on the store-local day
 * of the visit (a client who comes the day before is not "in" yet; one who comes late still is).
 */
export function checkInOpen(startsAt: Date, now: Date, timeZone: string): boolean {
  return now >= subMinutes(startsAt, CHECK_IN_OPENS_MIN) && localDate(now, timeZone) === localDate(startsAt, timeZone);
}

/** A no-show is recorded only once the visit's start has passed. */
export function noShowAllowed(startsAt: Date, now: Date): boolean {
  return now > startsAt;
}

/** The statuses each change starts from; anything else is refused as the wrong status. */
export const TRANSITIONS = {
  confirm: { from: ["requested"], to: "confirmed", event: "confirmed" },
  checkIn: { from: ["confirmed"], to: "checked_in", event: "checked_in" },
  complete: { from: ["checked_in"], to: "completed", event: "completed" },
  noShow: { from: ["confirmed"], to: "no_show", event: "no_show" },
  cancel: { from: ["requested", "confirmed"], to: "cancelled", event: "cancelled" },
  reschedule: { from: ["requested", "confirmed"], to: null, event: "rescheduled" },
} as const satisfies Record<
  string,
  { from: readonly AppointmentStatus[]; to: AppointmentStatus | null; event: AppointmentEventKind }
>;
export type AppointmentChange = keyof typeof TRANSITIONS;

export function changeAllowedFrom(change: AppointmentChange, status: AppointmentStatus): boolean {
  return (TRANSITIONS[change].from as readonly AppointmentStatus[]).includes(status);
}

/** When a visit's buffer ends: what its advisor and room are held until. */
export function visitTimes(startsAt: Date, type: { durationMin: number; bufferMin: number }) {
  const endsAt = addMinutes(startsAt, type.durationMin);
  return { startsAt, endsAt, blockedUntil: addMinutes(endsAt, type.bufferMin) };
}

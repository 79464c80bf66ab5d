import { tz } from "@date-fns/tz";
import { addMinutes, format, isValid, parse } from "date-fns";
import { z } from "zod";
import type { TierCode } from "@/lib/loyalty/programme/rules";
import { listText } from "@/lib/list-params";
import { isBusinessDay } from "@/lib/time";

/**
 * VIP events' zod schemas and pure rules (docs/domain.md#vip-events), shared by the forms, the
 * server actions and the service. No server imports: client components use them.
 */

export const EVENT_KINDS = ["tasting", "auction_preview", "private_event"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATUSES = ["draft", "open", "closed", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const RSVP_STATUSES = ["invited", "accepted", "declined", "waitlisted"] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/** The tiers an event invites, in the order their windows open (the programme's benefits: diamond first). */
export const INVITED_TIERS = ["diamond", "gold", "silver"] as const satisfies readonly TierCode[];
export type InvitedTier = (typeof INVITED_TIERS)[number];

export const MAX_EVENT_CAPACITY = 2000;
/** A check-in can be undone for this long (a tap on the wrong guest at the door). */
export const CHECK_IN_UNDO_MINUTES = 10;
/** Guests the check-in search shows at once: the door needs one, not a list. */
export const CHECK_IN_SEARCH_LIMIT = 20;

/**
 * Why the service refused a write that was well-formed (AppError "conflict" with
 * `fieldErrors.event = [reason]`): the screens translate `events.refusals.<reason>`, an API client
 * reads the reason and the English `detail`.
 */
export const EVENT_REFUSALS = [
  "notEditable",
  "notDraft",
  "notOpen",
  "started",
  "over",
  "windowNotOpen",
  "tierNotInvited",
  "checkedIn",
  "notAccepted",
  "notCheckedIn",
  "undoExpired",
  "checkInClosed",
  "checkInNotYet",
] as const;
export type EventRefusal = (typeof EVENT_REFUSALS)[number];

// ── Store-local date-times ─────────────────────────────────────────────────────────────────────

const DATE_TIME_LOCAL = "yyyy-MM-dd'T'HH:mm";

function isLocalDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) &&
    isValid(parse(value, DATE_TIME_LOCAL, new Date())) &&
    isBusinessDay(value.slice(0, 10))
  );
}

/** A store-local `yyyy-MM-ddTHH:mm` (an <input type="datetime-local">), read in the store's time zone. */
const localDateTime = z.string().trim().refine(isLocalDateTime, { message: "dateTimeInvalid" });
/** The same, or empty: that tier is not invited. */
const optionalLocalDateTime = z
  .string()
  .trim()
  .refine((value) => value === "" || isLocalDateTime(value), { message: "dateTimeInvalid" });

/** The instant a store-local `yyyy-MM-ddTHH:mm` names in a time zone. */
export function localDateTimeToInstant(value: string, timeZone: string): Date {
  return new Date(parse(value, DATE_TIME_LOCAL, new Date(), { in: tz(timeZone) }).getTime());
}

/** An instant as the store-local `yyyy-MM-ddTHH:mm` the form shows. */
export function instantToLocalDateTime(at: Date, timeZone: string): string {
  return format(at, DATE_TIME_LOCAL, { in: tz(timeZone) });
}

// ── Forms ──────────────────────────────────────────────────────────────────────────────────────

const eventFields = {
  kind: z.enum(EVENT_KINDS),
  titleZh: z.string().trim().min(1).max(80),
  titleEn: z.string().trim().min(1).max(120),
  startsAt: localDateTime,
  endsAt: localDateTime,
  capacity: z
    .number({ error: "wholeNumberRequired" })
    .int({ error: "wholeNumberRequired" })
    .min(1)
    .max(MAX_EVENT_CAPACITY),
  /** When diamond members are invited (required: diamond is always first). */
  inviteDiamondFrom: localDateTime,
  /** Empty: gold members are not invited. */
  inviteGoldFrom: optionalLocalDateTime,
  /** Empty: silver members are not invited (needs gold invited). */
  inviteSilverFrom: optionalLocalDateTime,
};

type EventTimes = {
  startsAt: string;
  endsAt: string;
  inviteDiamondFrom: string;
  inviteGoldFrom: string;
  inviteSilverFrom: string;
};

/**
 * The order of an event's times, compared as store-local text (one zone, so text order is time
 * order): it ends after it starts; invitations open before it starts, diamond first, then gold,
 * then silver, and silver only if gold is invited.
 */
function checkEventTimes(value: EventTimes, ctx: z.RefinementCtx) {
  const valid = (text: string) => isLocalDateTime(text);
  if (!valid(value.startsAt)) return;
  if (valid(value.endsAt) && value.endsAt <= value.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsBeforeStart" });
  }
  if (valid(value.inviteDiamondFrom) && value.inviteDiamondFrom >= value.startsAt) {
    ctx.addIssue({ code: "custom", path: ["inviteDiamondFrom"], message: "invitationAfterStart" });
  }
  if (valid(value.inviteGoldFrom)) {
    if (value.inviteGoldFrom >= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["inviteGoldFrom"], message: "invitationAfterStart" });
    } else if (valid(value.inviteDiamondFrom) && value.inviteGoldFrom < value.inviteDiamondFrom) {
      ctx.addIssue({ code: "custom", path: ["inviteGoldFrom"], message: "goldBeforeDiamond" });
    }
  }
  if (valid(value.inviteSilverFrom)) {
    if (value.inviteGoldFrom === "") {
      ctx.addIssue({ code: "custom", path: ["inviteSilverFrom"], message: "silverNeedsGold" });
    } else if (value.inviteSilverFrom >= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["inviteSilverFrom"], message: "invitationAfterStart" });
    } else if (valid(value.inviteGoldFrom) && value.inviteSilverFrom < value.inviteGoldFrom) {
      ctx.addIssue({ code: "custom", path: ["inviteSilverFrom"], message: "silverBeforeGold" });
    }
  }
}

/** What the form edits (the store is chosen once, at creation). */
export const eventDetailsSchema = z.object(eventFields).superRefine(checkEventTimes);
export type EventDetailsInput = z.input<typeof eventDetailsSchema>;

export const createEventSchema = z.object({ ...eventFields, storeId: z.uuid() }).superRefine(checkEventTimes);
export type CreateEventInput = z.input<typeof createEventSchema>;

export const updateEventSchema = z.object({ ...eventFields, id: z.uuid() }).superRefine(checkEventTimes);
export type UpdateEventInput = z.input<typeof updateEventSchema>;

export const eventIdSchema = z.object({ id: z.uuid() });

export const RSVP_ANSWERS = ["accept", "decline"] as const;
export const recordRsvpSchema = z.object({
  eventId: z.uuid(),
  memberId: z.uuid(),
  answer: z.enum(RSVP_ANSWERS),
});
export type RecordRsvpInput = z.input<typeof recordRsvpSchema>;

export const guestSchema = z.object({ eventId: z.uuid(), memberId: z.uuid() });

// ── Pure rules ─────────────────────────────────────────────────────────────────────────────────

export type InvitationWindows = {
  inviteDiamondFrom: Date;
  inviteGoldFrom: Date | null;
  inviteSilverFrom: Date | null;
};

/** When a tier's invitations open for an event; null: that tier (or normal) is not invited. */
export function invitationOpensAt(event: InvitationWindows, tier: string): Date | null {
  if (tier === "diamond") return event.inviteDiamondFrom;
  if (tier === "gold") return event.inviteGoldFrom;
  if (tier === "silver") return event.inviteSilverFrom;
  return null;
}

/** The tiers whose invitation window has opened at `now`, diamond first. */
export function tiersInvitedAt(event: InvitationWindows, now: Date): InvitedTier[] {
  return INVITED_TIERS.filter((tier) => {
    const opensAt = invitationOpensAt(event, tier);
    return opensAt !== null && opensAt.getTime() <= now.getTime();
  });
}

/** Whether a check-in made at `checkedInAt` may still be undone at `now`. */
export function canUndoCheckIn(checkedInAt: Date, now: Date): boolean {
  return now.getTime() <= addMinutes(checkedInAt, CHECK_IN_UNDO_MINUTES).getTime();
}

/** The door's search (`/events/[id]/check-in?q=`): a guest's name or phone; anything unusable is no search. */
export const checkInSearchParamsSchema = z.object({ q: listText(64) });

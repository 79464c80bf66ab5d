import { subHours } from "date-fns";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outboundMessages } from "@/db/schema";
import { enqueueMessage } from "@/lib/messaging/service";

/**
 * What a visit tells its member through the message outbox, inside the caller's transaction (a
 * booking that rolls back sends nothing): the confirmation, the reminder 24 hours before, a
 * reschedule and a cancellation. The one place booking and the lifecycle talk to lib/messaging.
 */

export const REMINDER_HOURS_BEFORE = 24;

/** What every appointment template shows (lib/messaging/templates.ts). */
export type VisitMessage = {
  appointmentId: string;
  memberId: string;
  storeId: string;
  startsAt: Date;
  typeNameZh: string;
  typeNameEn: string;
  advisorName: string | null;
};

function params(visit: VisitMessage) {
  return {
    startsAt: visit.startsAt.toISOString(),
    typeNameZh: visit.typeNameZh,
    typeNameEn: visit.typeNameEn,
    advisorName: visit.advisorName,
  };
}

/** The reminder's key names the start it reminds of: a reschedule ends that one and makes another. */
export function reminderKey(appointmentId: string, startsAt: Date): string {
  return `appointment_reminder:${appointmentId}:${startsAt.toISOString()}`;
}

export async function enqueueConfirmation(db: Db, visit: VisitMessage): Promise<void> {
  await enqueueMessage(db, {
    memberId: visit.memberId,
    storeId: visit.storeId,
    templateCode: "appointment_confirmed",
    params: params(visit),
    dedupeKey: `appointment_confirmed:${visit.appointmentId}`,
  });
}

/**
 * The reminder, due 24 hours before the start. A visit booked less than 24 hours ahead gets none:
 * the confirmation that goes out now already tells the time.
 */
export async function enqueueReminder(db: Db, visit: VisitMessage, now: Date): Promise<void> {
  const sendAfter = subHours(visit.startsAt, REMINDER_HOURS_BEFORE);
  if (sendAfter <= now) return;
  const dedupeKey = reminderKey(visit.appointmentId, visit.startsAt);
  // Moved away and back again: the reminder ended by the first move is due again.
  await db
    .update(outboundMessages)
    .set({ status: "pending", skipReason: null, updatedAt: new Date() })
    .where(
      and(
        eq(outboundMessages.dedupeKey, dedupeKey),
        eq(outboundMessages.status, "skipped"),
        eq(outboundMessages.skipReason, "rescheduled"),
      ),
    );
  await enqueueMessage(db, {
    memberId: visit.memberId,
    storeId: visit.storeId,
    templateCode: "appointment_reminder",
    params: params(visit),
    dedupeKey,
    sendAfter,
    now,
  });
}

/** Ends the reminder of a start that no longer holds (not yet sent: one already out stays as it is). */
export async function endPendingReminder(
  db: Db,
  appointmentId: string,
  startsAt: Date,
  reason: "rescheduled" | "cancelled",
): Promise<void> {
  await db
    .update(outboundMessages)
    .set({ status: "skipped", skipReason: reason, updatedAt: new Date() })
    .where(
      and(eq(outboundMessages.dedupeKey, reminderKey(appointmentId, startsAt)), eq(outboundMessages.status, "pending")),
    );
}

/** `eventId` (the history row of the move) keys it: every reschedule tells the member once. */
export async function enqueueRescheduled(
  db: Db,
  visit: VisitMessage,
  previousStartsAt: Date,
  eventId: number,
): Promise<void> {
  await enqueueMessage(db, {
    memberId: visit.memberId,
    storeId: visit.storeId,
    templateCode: "appointment_rescheduled",
    params: { ...params(visit), previousStartsAt: previousStartsAt.toISOString() },
    dedupeKey: `appointment_rescheduled:${visit.appointmentId}:${eventId}`,
  });
}

export async function enqueueCancelled(db: Db, visit: VisitMessage): Promise<void> {
  await enqueueMessage(db, {
    memberId: visit.memberId,
    storeId: visit.storeId,
    templateCode: "appointment_cancelled",
    params: params(visit),
    dedupeKey: `appointment_cancelled:${visit.appointmentId}`,
  });
}

/**
 * A freed slot offered to a waiting member (lib/appointments/waitlist). Keyed by the entry and the
 * start: an entry is told of one offered start once, however often the offer is looked for.
 */
export async function enqueueWaitlistOffer(
  db: Db,
  offer: Omit<VisitMessage, "appointmentId"> & { entryId: string },
): Promise<void> {
  await enqueueMessage(db, {
    memberId: offer.memberId,
    storeId: offer.storeId,
    templateCode: "waitlist_offer",
    params: {
      startsAt: offer.startsAt.toISOString(),
      typeNameZh: offer.typeNameZh,
      typeNameEn: offer.typeNameEn,
      advisorName: offer.advisorName,
    },
    dedupeKey: `waitlist_offer:${offer.entryId}:${offer.startsAt.toISOString()}`,
  });
}

import { and, eq, sql } from "drizzle-orm";
import { createVisitFollowUpTask } from "@/lib/clienteling/tasks/service";
import type { Db } from "@/db/client";
import { appointmentEvents, appointments, appointmentTypes, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { offerSlotFreedBy } from "@/lib/appointments/waitlist/service";
import { endPendingReminder, enqueueCancelled, enqueueReminder, enqueueRescheduled, type VisitMessage } from "./outbox";
import {
  changeAllowedFrom,
  checkInOpen,
  noShowAllowed,
  TRANSITIONS,
  visitTimes,
  type AppointmentChange,
  type AppointmentStatus,
  type CancelAppointmentValues,
} from "./schemas";
import {
  advisorName,
  checkAdvisorFree,
  guardOverlap,
  loadAppointmentType,
  lockAdvisors,
  lockFreeRoom,
  refuseThePast,
  slotTaken,
  type SlotQuestion,
} from "./service";

/**
 * The appointment lifecycle (docs/domain.md#appointments): requested → confirmed → checked in →
 * completed, or no-show, or cancelled; a reschedule moves the same row and keeps its history. Each
 * change locks the appointment row (two clicks on "check in" run one after the other and the second
 * finds the wrong status), writes an appointment_events row and an audit entry. An appointment of
 * another store is not found.
 */

export type AppointmentChangeResult = { appointmentId: string; storeId: string; status: AppointmentStatus };

/** The appointment, locked, if it belongs to one of the staff member's stores; else not found. */
async function lockAppointment(db: Db, staffMember: StaffPrincipal, appointmentId: string) {
  const [row] = await db
    .select({ appointment: appointments, timeZone: stores.timeZone })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(staffMember))))
    .for("update", { of: appointments });
  if (!row) throw new AppError("not_found");
  return row;
}

function wrongStatus(status: AppointmentStatus): AppError {
  return new AppError("conflict", { messageKey: "appointmentWrongStatus", details: { status } });
}

async function visitMessage(db: Db, appointment: typeof appointments.$inferSelect): Promise<VisitMessage> {
  const [type] = await db
    .select({ nameZh: appointmentTypes.nameZh, nameEn: appointmentTypes.nameEn })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.id, appointment.typeId));
  return {
    appointmentId: appointment.id,
    memberId: appointment.memberId,
    storeId: appointment.storeId,
    startsAt: appointment.startsAt,
    typeNameZh: type!.nameZh,
    typeNameEn: type!.nameEn,
    advisorName: await advisorName(db, appointment.advisorId),
  };
}

const AUDIT_ACTIONS: Record<AppointmentChange, string> = {
  confirm: "appointment.confirm",
  checkIn: "appointment.check_in",
  complete: "appointment.complete",
  noShow: "appointment.no_show",
  cancel: "appointment.cancel",
  reschedule: "appointment.reschedule",
};

/** A change of status only: checks where it may start from (and `allowed`, its time rule), records it. */
async function changeStatus(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  appointmentId: string,
  change: Exclude<AppointmentChange, "reschedule">,
  options: {
    allowed?: (appointment: typeof appointments.$inferSelect, timeZone: string) => AppError | null;
    reason?: string;
    cancelReason?: string;
  } = {},
) {
  const { appointment, timeZone } = await lockAppointment(db, staffMember, appointmentId);
  if (!changeAllowedFrom(change, appointment.status)) throw wrongStatus(appointment.status);
  const refusal = options.allowed?.(appointment, timeZone);
  if (refusal) throw refusal;
  const to = TRANSITIONS[change].to;
  await db
    .update(appointments)
    .set({ status: to, updatedAt: sql`now()`, ...(options.cancelReason ? { cancelReason: options.cancelReason } : {}) })
    .where(eq(appointments.id, appointment.id));
  await db.insert(appointmentEvents).values({
    appointmentId: appointment.id,
    kind: TRANSITIONS[change].event,
    reason: options.reason ?? null,
    actorStaffId: actor.staffId,
    actorLabel: actor.username,
  });
  await recordAudit(db, {
    ...byActor(actor),
    action: AUDIT_ACTIONS[change],
    entityType: "appointment",
    entityId: appointment.id,
    storeId: appointment.storeId,
    details: { from: appointment.status, to, ...(options.reason ? { reason: options.reason } : {}) },
  });
  return {
    appointment,
    timeZone,
    result: { appointmentId: appointment.id, storeId: appointment.storeId, status: to },
  };
}

/** requested → confirmed. */
export async function confirmAppointment(db: Db, actor: Actor, staffMember: StaffPrincipal, appointmentId: string) {
  return (await changeStatus(db, actor, staffMember, appointmentId, "confirm")).result;
}

/** confirmed → checked in: from an hour before the start, on the visit's store-local day. */
export async function checkInAppointment(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  appointmentId: string,
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staffMember, appointmentId, "checkIn", {
    allowed: (appointment, timeZone) =>
      checkInOpen(appointment.startsAt, now, timeZone)
        ? null
        : new AppError("conflict", { messageKey: "appointmentCheckInNotOpen" }),
  });
  return result;
}

/** checked in → completed; the advisor gets the visit's follow-up task (clienteling tasks). */
export async function completeAppointment(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  appointmentId: string,
  now: Date = new Date(),
) {
  const { appointment, result } = await changeStatus(db, actor, staffMember, appointmentId, "complete");
  await createVisitFollowUpTask(db, {
    appointmentId: appointment.id,
    memberId: appointment.memberId,
    storeId: appointment.storeId,
    advisorId: appointment.advisorId,
    completedAt: now,
  });
  return result;
}

/** confirmed → no-show, once the start has passed. */
export async function markNoShow(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  appointmentId: string,
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staffMember, appointmentId, "noShow", {
    allowed: (appointment) =>
      noShowAllowed(appointment.startsAt, now)
        ? null
        : new AppError("conflict", { messageKey: "appointmentNoShowTooEarly" }),
  });
  return result;
}

/**
 * requested or confirmed → cancelled, with a reason from the list (and a note for "other"). The
 * pending reminder is ended and, for a visit still ahead, the member told and the freed time
 * offered to the day's waitlist.
 */
export async function cancelAppointment(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  input: CancelAppointmentValues,
  now: Date = new Date(),
) {
  const { appointment, timeZone, result } = await changeStatus(db, actor, staffMember, input.appointmentId, "cancel", {
    cancelReason: input.reason,
    reason: input.note ? `${input.reason}: ${input.note}` : input.reason,
  });
  await endPendingReminder(db, appointment.id, appointment.startsAt, "cancelled");
  if (appointment.startsAt > now) await enqueueCancelled(db, await visitMessage(db, appointment));
  // docs/domain.md#waitlist: the freed time goes to the first member waiting for that day.
  await offerSlotFreedBy(db, appointment, timeZone, now);
  return result;
}

export type RescheduleInput = { appointmentId: string; startsAt: string; advisorId?: string };

/**
 * Moves a requested or confirmed visit to another start, and optionally another advisor: the same
 * checks as a booking (not in the past, the type active, the advisor free, a room when it needs one),
 * its own time not counting against it. Both advisors are locked in id order, so two moves between
 * the same two advisors cannot deadlock. The reminder of the old start is ended, a new one queued,
 * and the member told of the move.
 */
export async function rescheduleAppointment(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  input: RescheduleInput,
  now: Date = new Date(),
) {
  const { appointment, timeZone } = await lockAppointment(db, staffMember, input.appointmentId);
  if (!changeAllowedFrom("reschedule", appointment.status)) throw wrongStatus(appointment.status);
  const type = await loadAppointmentType(db, appointment.typeId);
  const startsAt = new Date(input.startsAt);
  refuseThePast(startsAt, now);
  const advisorId = input.advisorId ?? appointment.advisorId;
  if (startsAt.getTime() === appointment.startsAt.getTime() && advisorId === appointment.advisorId) {
    throw new AppError("validation", { fieldErrors: { startsAt: ["appointmentRescheduleUnchanged"] } });
  }

  await lockAdvisors(db, [appointment.advisorId, advisorId]);
  const question: SlotQuestion = {
    storeId: appointment.storeId,
    type,
    timeZone,
    startsAt,
    now,
    excludeAppointmentId: appointment.id,
  };
  const needsRoom = type.needsRoom || appointment.roomId !== null;
  const taken = () => slotTaken(db, { ...question, advisorId, needsRoom });
  if (!(await checkAdvisorFree(db, question, advisorId))) throw await taken();
  const times = visitTimes(startsAt, type);
  const roomId = needsRoom
    ? await lockFreeRoom(db, {
        storeId: appointment.storeId,
        from: startsAt,
        until: times.blockedUntil,
        excludeAppointmentId: appointment.id,
      })
    : null;
  if (needsRoom && !roomId) throw await taken();

  const moved = await guardOverlap(db, (tx) =>
    tx
      .update(appointments)
      .set({ ...times, advisorId, roomId, updatedAt: sql`now()` })
      .where(eq(appointments.id, appointment.id)),
  );
  if (moved === "overlap") throw await taken();

  const [event] = await db
    .insert(appointmentEvents)
    .values({
      appointmentId: appointment.id,
      kind: "rescheduled",
      fromStartsAt: appointment.startsAt,
      toStartsAt: startsAt,
      fromAdvisorId: appointment.advisorId,
      toAdvisorId: advisorId,
      actorStaffId: actor.staffId,
      actorLabel: actor.username,
    })
    .returning({ id: appointmentEvents.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: AUDIT_ACTIONS.reschedule,
    entityType: "appointment",
    entityId: appointment.id,
    storeId: appointment.storeId,
    details: {
      fromStartsAt: appointment.startsAt.toISOString(),
      toStartsAt: startsAt.toISOString(),
      fromAdvisorId: appointment.advisorId,
      toAdvisorId: advisorId,
      fromRoomId: appointment.roomId,
      toRoomId: roomId,
    },
  });

  await endPendingReminder(db, appointment.id, appointment.startsAt, "rescheduled");
  const visit = await visitMessage(db, { ...appointment, startsAt, advisorId });
  await enqueueReminder(db, visit, now);
  await enqueueRescheduled(db, visit, appointment.startsAt, event!.id);
  // docs/domain.md#waitlist: the time the visit left goes to the first member waiting for that day.
  await offerSlotFreedBy(db, appointment, timeZone, now);
  return {
    appointmentId: appointment.id,
    storeId: appointment.storeId,
    status: appointment.status,
    startsAt: startsAt.toISOString(),
    advisorId,
    roomId,
  };
}

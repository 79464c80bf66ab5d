import { differenceInMinutes, subMinutes } from "date-fns";
import { and, asc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import {
  appointmentEvents,
  appointments,
  appointmentTypes,
  clientelingTasks,
  members,
  staff,
  staffStores,
} from "@/db/schema";
import { loadAvailabilityInput } from "@/lib/appointments/availability/queries";
import { isSlotFree } from "@/lib/appointments/availability/slots";
import type { AvailabilityBooking } from "@/lib/appointments/availability/types";
import { enqueueRescheduled } from "@/lib/appointments/booking/outbox";
import { advisorName, guardOverlap, loadStore, lockAdvisors } from "@/lib/appointments/booking/service";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { advisorServesStoreSql } from "@/lib/clienteling/tasks/service";
import { AppError } from "@/lib/errors";
import { maskName } from "@/lib/members/masking";
import { localDate } from "@/lib/time";
import type { HandoverConflictReason, HandoverResult, HandoverValues, HandoverVisit } from "./schemas";

/**
 * Handover (docs/domain.md#handover): one advisor's clients (home store = the store), future visits
 * at the store and open tasks there go to another advisor of the store, in the caller's
 * transaction. Both advisors are locked first (advisory locks in id order, the booking's own), so
 * no booking of either can slip in while the visits are re-checked; each visit is checked against
 * the new advisor's day (its own time excluded) and moved, or listed as a conflict and left where
 * it is. A dry run answers the same without writing anything.
 */

/** The from-advisor may have left (inactive, role removed): staff of the store, or of every store. */
async function staffOfStore(db: Db, staffId: string, storeId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(
      and(
        eq(staff.id, staffId),
        or(
          eq(staff.allStores, true),
          inArray(
            staff.id,
            db.select({ id: staffStores.staffId }).from(staffStores).where(eq(staffStores.storeId, storeId)),
          ),
        ),
      ),
    );
  return !!row;
}

async function advisorServesStore(db: Db, advisorId: string, storeId: string): Promise<boolean> {
  const [row] = rowsOf<{ serves: boolean }>(
    await db.execute(sql`select ${advisorServesStoreSql(sql`${advisorId}::uuid`, sql`${storeId}::uuid`)} as serves`),
  );
  return Boolean(row?.serves);
}

const notFound = (field: string) => new AppError("not_found", { fieldErrors: { [field]: ["handoverAdvisorUnknown"] } });

export async function handOver(
  db: Db,
  actor: Actor,
  input: HandoverValues,
  now: Date = new Date(),
): Promise<HandoverResult> {
  const store = await loadStore(db, input.storeId);
  if (!(await staffOfStore(db, input.fromAdvisorId, store.id))) throw notFound("fromAdvisorId");
  if (!(await advisorServesStore(db, input.toAdvisorId, store.id))) throw notFound("toAdvisorId");
  const { fromAdvisorId, toAdvisorId, dryRun } = input;
  await lockAdvisors(db, [fromAdvisorId, toAdvisorId]);

  const result: HandoverResult = { dryRun, timeZone: store.timeZone, clients: 0, tasks: 0, moved: [], conflicts: [] };

  if (input.moveClients) {
    const clients = await db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.advisorId, fromAdvisorId), eq(members.homeStoreId, store.id), isNull(members.mergedIntoId)))
      .orderBy(asc(members.id))
      .for("update");
    result.clients = clients.length;
    if (!dryRun && clients.length > 0) {
      const ids = clients.map((client) => client.id);
      await db.update(members).set({ advisorId: toAdvisorId, updatedAt: new Date() }).where(inArray(members.id, ids));
      // As the member form's advisor change is audited (lib/members/service.ts): staff ids, no personal data.
      for (const id of ids) {
        await recordAudit(db, {
          ...byActor(actor),
          action: "member.update",
          entityType: "member",
          entityId: id,
          storeId: store.id,
          details: { fields: ["advisorId"], advisorChange: { from: fromAdvisorId, to: toAdvisorId }, handover: true },
        });
      }
    }
  }

  if (input.moveAppointments) await moveVisits(db, actor, input, store, result, now);

  if (input.moveTasks) {
    const tasks = await db
      .select({ id: clientelingTasks.id, kind: clientelingTasks.kind })
      .from(clientelingTasks)
      .where(
        and(
          eq(clientelingTasks.assigneeId, fromAdvisorId),
          eq(clientelingTasks.storeId, store.id),
          eq(clientelingTasks.status, "open"),
        ),
      )
      .orderBy(asc(clientelingTasks.id))
      .for("update");
    result.tasks = tasks.length;
    if (!dryRun && tasks.length > 0) {
      await db
        .update(clientelingTasks)
        .set({ assigneeId: toAdvisorId })
        .where(
          inArray(
            clientelingTasks.id,
            tasks.map((task) => task.id),
          ),
        );
      for (const task of tasks) {
        await recordAudit(db, {
          ...byActor(actor),
          action: "clienteling.task.assign",
          entityType: "clienteling_task",
          entityId: task.id,
          storeId: store.id,
          details: { kind: task.kind, from: fromAdvisorId, to: toAdvisorId, handover: true },
        });
      }
    }
  }

  if (!dryRun) {
    await recordAudit(db, {
      ...byActor(actor),
      action: "appointment.handover",
      entityType: "staff",
      entityId: fromAdvisorId,
      storeId: store.id,
      details: {
        fromAdvisorId,
        toAdvisorId,
        clients: result.clients,
        tasks: result.tasks,
        moved: result.moved.length,
        conflicts: result.conflicts.map((conflict) => conflict.appointmentId),
      },
    });
  }
  return result;
}

/** The from-advisor's visits still ahead at the store, each re-checked for the to-advisor and moved or listed. */
async function moveVisits(
  db: Db,
  actor: Actor,
  input: HandoverValues,
  store: { id: string; timeZone: string },
  result: HandoverResult,
  now: Date,
) {
  const { fromAdvisorId, toAdvisorId, dryRun } = input;
  const visits = await db
    .select({
      appointment: appointments,
      type: appointmentTypes,
      memberName: members.name,
    })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .where(
      and(
        eq(appointments.advisorId, fromAdvisorId),
        eq(appointments.storeId, store.id),
        inArray(appointments.status, ["requested", "confirmed"]),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .for("update", { of: appointments });

  // A dry run writes nothing, so the visits it would move are added to the new advisor's days by hand.
  const planned: AvailabilityBooking[] = [];
  const toName = dryRun ? null : await advisorName(db, toAdvisorId);
  for (const { appointment, type, memberName } of visits) {
    const visit: HandoverVisit = {
      appointmentId: appointment.id,
      startsAt: appointment.startsAt.toISOString(),
      memberName: maskName(memberName),
      typeNameZh: type.nameZh,
      typeNameEn: type.nameEn,
    };
    // The visit's notice was kept when it was booked: a handover does not refuse it for being soon.
    const noticeFrom = subMinutes(appointment.startsAt, type.noticeMin);
    const availability = await loadAvailabilityInput(db, {
      storeId: store.id,
      typeId: type.id,
      date: localDate(appointment.startsAt, store.timeZone),
      advisorId: toAdvisorId,
      now: noticeFrom < now ? noticeFrom : now,
      excludeAppointmentId: appointment.id,
    });
    const reason: HandoverConflictReason | null = !availability.advisors.some((a) => a.id === toAdvisorId)
      ? "advisor_not_working"
      : isSlotFree(
            { ...availability, bookings: [...availability.bookings, ...planned] },
            appointment.startsAt,
            toAdvisorId,
          )
        ? null
        : "advisor_busy";
    if (reason) {
      result.conflicts.push({ ...visit, reason });
      continue;
    }
    if (dryRun) {
      planned.push({
        advisorId: toAdvisorId,
        start: appointment.startsAt.toISOString(),
        end: appointment.endsAt.toISOString(),
        bufferMin: differenceInMinutes(appointment.blockedUntil, appointment.endsAt, { roundingMethod: "ceil" }),
        typeCode: type.code,
        status: appointment.status,
      });
      result.moved.push(visit);
      continue;
    }
    const moved = await guardOverlap(db, (tx) =>
      tx
        .update(appointments)
        .set({ advisorId: toAdvisorId, updatedAt: sql`now()` })
        .where(eq(appointments.id, appointment.id)),
    );
    if (moved === "overlap") {
      result.conflicts.push({ ...visit, reason: "advisor_busy" });
      continue;
    }
    const [event] = await db
      .insert(appointmentEvents)
      .values({
        appointmentId: appointment.id,
        kind: "rescheduled",
        fromStartsAt: appointment.startsAt,
        toStartsAt: appointment.startsAt,
        fromAdvisorId,
        toAdvisorId,
        reason: "handover",
        actorStaffId: actor.staffId,
        actorLabel: actor.username,
      })
      .returning({ id: appointmentEvents.id });
    await recordAudit(db, {
      ...byActor(actor),
      action: "appointment.reschedule",
      entityType: "appointment",
      entityId: appointment.id,
      storeId: store.id,
      details: {
        fromStartsAt: visit.startsAt,
        toStartsAt: visit.startsAt,
        fromAdvisorId,
        toAdvisorId,
        handover: true,
      },
    });
    await enqueueRescheduled(
      db,
      {
        appointmentId: appointment.id,
        memberId: appointment.memberId,
        storeId: store.id,
        startsAt: appointment.startsAt,
        typeNameZh: type.nameZh,
        typeNameEn: type.nameEn,
        advisorName: toName,
      },
      appointment.startsAt,
      event!.id,
    );
    result.moved.push(visit);
  }
}

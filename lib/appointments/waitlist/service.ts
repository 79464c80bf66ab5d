import { addMinutes } from "date-fns";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { appointmentTypes, appointmentWaitlist, clientelingTasks, members, stores } from "@/db/schema";
import { loadAvailabilityInput } from "@/lib/appointments/availability/queries";
import { availableSlots } from "@/lib/appointments/availability/slots";
import type { AvailabilityBooking } from "@/lib/appointments/availability/types";
import { enqueueWaitlistOffer } from "@/lib/appointments/booking/outbox";
import { advisorName, loadAppointmentType, loadStore } from "@/lib/appointments/booking/service";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { advisorServesStoreSql } from "@/lib/clienteling/tasks/service";
import { AppError } from "@/lib/errors";
import { writableMember } from "@/lib/members/scope";
import { localDate, todayIn } from "@/lib/time";
import { OPEN_WAITLIST_STATUSES, type JoinWaitlistValues, type waitlistEntryIdSchema } from "./schemas";

/**
 * The waitlist of a full day (docs/domain.md#waitlist). Writes run in the caller's transaction.
 * Joining takes an advisory lock on the member, type and day, so that two clicks cannot both add
 * an entry (there is no unique index: cancelled entries stay). Offering takes one on the store and
 * day, so that two cancellations at once offer each freed slot to one entry only.
 */

export type WaitlistEntryResult = { entryId: string; storeId: string };

async function advisorServesStore(db: Db, advisorId: string, storeId: string): Promise<boolean> {
  const [row] = rowsOf<{ serves: boolean }>(
    await db.execute(sql`select ${advisorServesStoreSql(sql`${advisorId}::uuid`, sql`${storeId}::uuid`)} as serves`),
  );
  return Boolean(row?.serves);
}

/** A member of the staff member's stores waits for a type on a day (today or later, store-local). */
export async function joinWaitlist(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  input: JoinWaitlistValues,
  now: Date = new Date(),
): Promise<WaitlistEntryResult> {
  const member = await writableMember(db, staffMember, input.memberId);
  const type = await loadAppointmentType(db, input.typeId);
  const store = await loadStore(db, input.storeId);
  if (input.day < todayIn(store.timeZone, now)) {
    throw new AppError("validation", { fieldErrors: { day: ["waitlistDayPast"] } });
  }
  const advisorId = input.advisorId ?? null;
  if (advisorId && !(await advisorServesStore(db, advisorId, store.id))) {
    throw new AppError("validation", { fieldErrors: { advisorId: ["waitlistAdvisorUnknown"] } });
  }
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext('atrium.waitlist.join:' || ${member.id} || ':' || ${type.id} || ':' || ${input.day}))`,
  );
  const [existing] = await db
    .select({ id: appointmentWaitlist.id })
    .from(appointmentWaitlist)
    .where(
      and(
        eq(appointmentWaitlist.memberId, member.id),
        eq(appointmentWaitlist.typeId, type.id),
        eq(appointmentWaitlist.day, input.day),
        inArray(appointmentWaitlist.status, [...OPEN_WAITLIST_STATUSES]),
      ),
    );
  if (existing) {
    throw new AppError("conflict", { fieldErrors: { day: ["waitlistAlreadyWaiting"] } });
  }
  const [entry] = await db
    .insert(appointmentWaitlist)
    .values({
      storeId: store.id,
      memberId: member.id,
      typeId: type.id,
      advisorId,
      day: input.day,
      createdBy: actor.staffId,
    })
    .returning({ id: appointmentWaitlist.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: "appointment.waitlist.join",
    entityType: "appointment_waitlist",
    entityId: entry!.id,
    storeId: store.id,
    details: { memberId: member.id, typeCode: type.code, advisorId, day: input.day },
  });
  return { entryId: entry!.id, storeId: store.id };
}

/** Leaves the waitlist (waiting or offered → cancelled); an entry of another store is not found. */
export async function leaveWaitlist(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  input: z.output<typeof waitlistEntryIdSchema>,
): Promise<WaitlistEntryResult> {
  const [entry] = await db
    .select()
    .from(appointmentWaitlist)
    .where(
      and(
        eq(appointmentWaitlist.id, input.entryId),
        storeFilter(appointmentWaitlist.storeId, storeScopeOf(staffMember)),
      ),
    )
    .for("update");
  if (!entry) throw new AppError("not_found");
  if (!(OPEN_WAITLIST_STATUSES as readonly string[]).includes(entry.status)) {
    throw new AppError("conflict", { fieldErrors: { entryId: ["waitlistEntryClosed"] } });
  }
  await db.update(appointmentWaitlist).set({ status: "cancelled" }).where(eq(appointmentWaitlist.id, entry.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "appointment.waitlist.cancel",
    entityType: "appointment_waitlist",
    entityId: entry.id,
    storeId: entry.storeId,
    details: { memberId: entry.memberId, from: entry.status },
  });
  return { entryId: entry.id, storeId: entry.storeId };
}

export type WaitlistOffer = { entryId: string; memberId: string; advisorId: string; startsAt: string };

/**
 * Slots already offered that day and not yet taken up: held for their entry (counted as bookings
 * of the offered advisor), so that one freed slot is offered once.
 */
async function heldOffers(db: Db, storeId: string, day: string): Promise<AvailabilityBooking[]> {
  const rows = await db
    .select({
      startsAt: appointmentWaitlist.offeredStartsAt,
      advisorId: clientelingTasks.assigneeId,
      durationMin: appointmentTypes.durationMin,
      bufferMin: appointmentTypes.bufferMin,
      typeCode: appointmentTypes.code,
    })
    .from(appointmentWaitlist)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointmentWaitlist.typeId))
    .innerJoin(
      clientelingTasks,
      and(
        eq(clientelingTasks.kind, "waitlist_offer"),
        eq(clientelingTasks.status, "open"),
        sql`${clientelingTasks.details}->>'entryId' = ${appointmentWaitlist.id}::text`,
      ),
    )
    .where(
      and(
        eq(appointmentWaitlist.storeId, storeId),
        eq(appointmentWaitlist.day, day),
        eq(appointmentWaitlist.status, "offered"),
      ),
    );
  return rows.flatMap((row) =>
    row.startsAt && row.advisorId
      ? [
          {
            advisorId: row.advisorId,
            start: row.startsAt.toISOString(),
            end: addMinutes(row.startsAt, row.durationMin).toISOString(),
            bufferMin: row.bufferMin,
            typeCode: row.typeCode,
            status: "offered",
          },
        ]
      : [],
  );
}

/**
 * Offers freed slots of a store's day to its waitlist: for each waiting entry in the order they
 * joined (of one type, or all), the first free start of its type with its advisor or any advisor
 * (slots offered to an earlier entry held) is offered — the entry marked `offered`, a
 * `waitlist_offer` task for the free advisor due today, and a `waitlist_offer` message to the
 * member. Called in the transaction that freed the slot (a cancellation, a reschedule).
 */
export async function offerFreedSlots(
  db: Db,
  args: { storeId: string; day: string; typeId?: string },
  now: Date = new Date(),
): Promise<WaitlistOffer[]> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext('atrium.waitlist.offer:' || ${args.storeId} || ':' || ${args.day}))`,
  );
  const entries = await db
    .select({ entry: appointmentWaitlist })
    .from(appointmentWaitlist)
    .innerJoin(members, eq(members.id, appointmentWaitlist.memberId))
    .where(
      and(
        eq(appointmentWaitlist.storeId, args.storeId),
        eq(appointmentWaitlist.day, args.day),
        eq(appointmentWaitlist.status, "waiting"),
        args.typeId ? eq(appointmentWaitlist.typeId, args.typeId) : undefined,
        isNull(members.erasedAt),
        isNull(members.mergedIntoId),
      ),
    )
    .orderBy(asc(appointmentWaitlist.createdAt), asc(appointmentWaitlist.id))
    .for("update", { of: appointmentWaitlist });
  if (entries.length === 0) return [];

  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, args.storeId));
  if (!store) return [];
  const held = await heldOffers(db, args.storeId, args.day);
  const offers: WaitlistOffer[] = [];
  for (const { entry } of entries) {
    const input = await loadAvailabilityInput(db, {
      storeId: entry.storeId,
      typeId: entry.typeId,
      date: entry.day,
      advisorId: entry.advisorId,
      now,
    });
    const [slot] = availableSlots({ ...input, bookings: [...input.bookings, ...held] });
    const advisorId = slot?.advisorIds[0];
    if (!slot || !advisorId) continue;
    const [type] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, entry.typeId));
    held.push({
      advisorId,
      start: slot.startsAt.toISOString(),
      end: addMinutes(slot.startsAt, type!.durationMin).toISOString(),
      bufferMin: type!.bufferMin,
      typeCode: type!.code,
      status: "offered",
    });
    await db
      .update(appointmentWaitlist)
      .set({ status: "offered", offeredStartsAt: slot.startsAt, offeredAt: now })
      .where(eq(appointmentWaitlist.id, entry.id));
    await db
      .insert(clientelingTasks)
      .values({
        storeId: entry.storeId,
        assigneeId: advisorId,
        memberId: entry.memberId,
        kind: "waitlist_offer",
        sourceKey: `waitlist_offer:${entry.id}:${slot.startsAt.toISOString()}`,
        dueOn: todayIn(store.timeZone, now),
        details: { entryId: entry.id, typeId: entry.typeId, advisorId, startsAt: slot.startsAt.toISOString() },
      })
      .onConflictDoNothing({ target: clientelingTasks.sourceKey });
    await enqueueWaitlistOffer(db, {
      entryId: entry.id,
      memberId: entry.memberId,
      storeId: entry.storeId,
      startsAt: slot.startsAt,
      typeNameZh: type!.nameZh,
      typeNameEn: type!.nameEn,
      advisorName: await advisorName(db, advisorId),
    });
    offers.push({ entryId: entry.id, memberId: entry.memberId, advisorId, startsAt: slot.startsAt.toISOString() });
  }
  return offers;
}

/** What the lifecycle calls when a visit no longer holds its time: the waitlist of that store-local day, if still ahead. */
export async function offerSlotFreedBy(
  db: Db,
  visit: { storeId: string; startsAt: Date },
  timeZone: string,
  now: Date = new Date(),
): Promise<WaitlistOffer[]> {
  if (visit.startsAt <= now) return [];
  return offerFreedSlots(db, { storeId: visit.storeId, day: localDate(visit.startsAt, timeZone) }, now);
}

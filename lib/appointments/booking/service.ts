import { and, asc, eq, gt, lt, ne, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointmentEvents, appointments, appointmentTypes, rooms, staff, stores } from "@/db/schema";
import { loadAvailabilityInput } from "@/lib/appointments/availability/queries";
import { availableSlots, isSlotFree } from "@/lib/appointments/availability/slots";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { hasPermission, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError, sqlState } from "@/lib/errors";
import { writableMember } from "@/lib/members/scope";
import { localDate, shiftDay } from "@/lib/time";
import { enqueueConfirmation, enqueueReminder, type VisitMessage } from "./outbox";
import {
  ALTERNATIVE_DAYS,
  MAX_ALTERNATIVES,
  memberBelowTier,
  visitTimes,
  type BookAppointmentValues,
  type SlotOption,
} from "./schemas";

/**
 * Booking a visit (docs/domain.md#appointments). Two visits of one advisor, or of one room, never
 * overlap: the exclusion constraints of migration 0013 make it impossible, and advisory locks
 * taken in a fixed order (advisors by id, then rooms by id) make the bookings that compete for one
 * advisor or room queue instead of failing on the constraint or deadlocking. Each one, once it
 * holds its locks, re-reads availability (READ COMMITTED: every statement sees what the previous
 * holder committed) and either books or answers `slot_taken` with the next free slots.
 */

export type AppointmentType = typeof appointmentTypes.$inferSelect;

/** Serialises the bookings of one advisor (any store: an advisor cannot be in two places). */
export async function lockAdvisor(db: Db, advisorId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('atrium.advisor:' || ${advisorId}))`);
}

export async function lockRoom(db: Db, roomId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('atrium.room:' || ${roomId}))`);
}

/** Both advisors of a reschedule, in id order, so that two moves between the same advisors cannot deadlock. */
export async function lockAdvisors(db: Db, advisorIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(advisorIds)].sort()) await lockAdvisor(db, id);
}

export async function loadAppointmentType(db: Db, typeId: string): Promise<AppointmentType> {
  const [type] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, typeId));
  if (!type) throw new AppError("not_found", { fieldErrors: { typeId: ["appointmentTypeRequired"] } });
  if (!type.active) {
    throw new AppError("conflict", {
      messageKey: "appointmentTypeInactive",
      fieldErrors: { typeId: ["appointmentTypeInactive"] },
    });
  }
  return type;
}

export async function loadStore(db: Db, storeId: string) {
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store) throw new AppError("not_found");
  return store;
}

export function refuseThePast(startsAt: Date, now: Date): void {
  if (startsAt <= now) {
    throw new AppError("validation", {
      messageKey: "appointmentInPast",
      fieldErrors: { startsAt: ["appointmentInPast"] },
    });
  }
}

export type SlotQuestion = {
  storeId: string;
  type: AppointmentType;
  timeZone: string;
  startsAt: Date;
  now: Date;
  excludeAppointmentId?: string;
};

/**
 * Locks `advisorId` and says whether it is free at the start, re-read under the lock. An advisor
 * the store does not have (no hours there, not an advisor, inactive) is a field error.
 */
export async function lockAndCheckAdvisor(db: Db, question: SlotQuestion, advisorId: string): Promise<boolean> {
  await lockAdvisor(db, advisorId);
  return checkAdvisorFree(db, question, advisorId);
}

/** Whether an advisor (already locked by the caller) is free at the start; an advisor the store does not have is a field error. */
export async function checkAdvisorFree(db: Db, question: SlotQuestion, advisorId: string): Promise<boolean> {
  const free = await advisorFreeNow(db, question, advisorId);
  if (free === null) throw new AppError("validation", { fieldErrors: { advisorId: ["appointmentAdvisorUnknown"] } });
  return free;
}

/** Null: not an advisor of the store (any more). */
async function advisorFreeNow(db: Db, question: SlotQuestion, advisorId: string): Promise<boolean | null> {
  const input = await loadAvailabilityInput(db, {
    storeId: question.storeId,
    typeId: question.type.id,
    date: localDate(question.startsAt, question.timeZone),
    advisorId,
    now: question.now,
    excludeAppointmentId: question.excludeAppointmentId,
  });
  if (!input.advisors.some((advisor) => advisor.id === advisorId)) return null;
  return isSlotFree(input, question.startsAt, advisorId);
}

/**
 * "Any advisor": the advisors free at the start, tried in id order (the lock order); the first
 * still free once locked is the one. Null when none is.
 */
async function lockAnyFreeAdvisor(db: Db, question: SlotQuestion): Promise<string | null> {
  const input = await loadAvailabilityInput(db, {
    storeId: question.storeId,
    typeId: question.type.id,
    date: localDate(question.startsAt, question.timeZone),
    advisorId: null,
    now: question.now,
    excludeAppointmentId: question.excludeAppointmentId,
  });
  const candidates = input.advisors
    .map((advisor) => advisor.id)
    .filter((id) => isSlotFree(input, question.startsAt, id))
    .sort();
  for (const id of candidates) {
    await lockAdvisor(db, id);
    if ((await advisorFreeNow(db, question, id)) === true) return id;
  }
  return null;
}

/** Active rooms of the store with no visit (buffer included) overlapping [from, until), in id order. */
export async function freeRoomIds(
  db: Db,
  args: { storeId: string; from: Date; until: Date; excludeAppointmentId?: string; roomId?: string | null },
): Promise<string[]> {
  const busy = db
    .select({ one: sql`1` })
    .from(appointments)
    .where(
      and(
        eq(appointments.roomId, rooms.id),
        ne(appointments.status, "cancelled"),
        lt(appointments.startsAt, args.until),
        gt(appointments.blockedUntil, args.from),
        args.excludeAppointmentId ? ne(appointments.id, args.excludeAppointmentId) : undefined,
      ),
    );
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(
      and(
        eq(rooms.storeId, args.storeId),
        eq(rooms.active, true),
        args.roomId ? eq(rooms.id, args.roomId) : undefined,
        notExists(busy),
      ),
    )
    .orderBy(asc(rooms.id));
  return rows.map((row) => row.id);
}

/**
 * A room for the visit: the one asked for, or the first free room of the store in id order (the
 * lock order), each re-checked once locked. Null when none is free.
 */
export async function lockFreeRoom(
  db: Db,
  args: { storeId: string; from: Date; until: Date; excludeAppointmentId?: string; roomId?: string | null },
): Promise<string | null> {
  if (args.roomId) {
    const [room] = await db
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(eq(rooms.id, args.roomId), eq(rooms.storeId, args.storeId), eq(rooms.active, true)));
    if (!room) throw new AppError("validation", { fieldErrors: { roomId: ["appointmentRoomUnknown"] } });
  }
  for (const id of await freeRoomIds(db, args)) {
    await lockRoom(db, id);
    if ((await freeRoomIds(db, { ...args, roomId: id })).length > 0) return id;
  }
  return null;
}

/**
 * The next free slots after a taken one: later that day, then the following days up to
 * ALTERNATIVE_DAYS ahead, at most MAX_ALTERNATIVES, each with a free room when the type needs one.
 */
export async function nextFreeSlots(
  db: Db,
  args: SlotQuestion & { advisorId: string | null; needsRoom: boolean },
): Promise<SlotOption[]> {
  const found: SlotOption[] = [];
  const firstDay = localDate(args.startsAt, args.timeZone);
  for (let offset = 0; offset <= ALTERNATIVE_DAYS && found.length < MAX_ALTERNATIVES; offset++) {
    const date = shiftDay(firstDay, { days: offset });
    const input = await loadAvailabilityInput(db, {
      storeId: args.storeId,
      typeId: args.type.id,
      date,
      advisorId: args.advisorId,
      now: args.now,
      excludeAppointmentId: args.excludeAppointmentId,
    });
    for (const slot of availableSlots(input)) {
      if (found.length >= MAX_ALTERNATIVES) break;
      if (slot.startsAt <= args.startsAt) continue;
      if (args.needsRoom) {
        const { startsAt, blockedUntil } = visitTimes(slot.startsAt, args.type);
        const free = await freeRoomIds(db, {
          storeId: args.storeId,
          from: startsAt,
          until: blockedUntil,
          excludeAppointmentId: args.excludeAppointmentId,
        });
        if (free.length === 0) continue;
      }
      found.push({ date, time: slot.time, startsAt: slot.startsAt.toISOString(), advisorIds: slot.advisorIds });
    }
  }
  return found;
}

/** `slot_taken`, carrying the next free slots for the form to offer. */
export async function slotTaken(
  db: Db,
  args: SlotQuestion & { advisorId: string | null; needsRoom: boolean },
): Promise<AppError> {
  const alternatives = await nextFreeSlots(db, args);
  return new AppError("slot_taken", {
    messageKey: "appointmentSlotTaken",
    detail: "The advisor or room is not free at that time.",
    details: { alternatives },
  });
}

/** Runs a write that the exclusion constraints may refuse, in a savepoint so the transaction can go on. */
export async function guardOverlap<T>(db: Db, write: (tx: Db) => Promise<T>): Promise<T | "overlap"> {
  try {
    return await db.transaction((tx) => write(tx as unknown as Db));
  } catch (error) {
    if (sqlState(error) === "23P01") return "overlap";
    throw error;
  }
}

/**
 * Whether the member may book the type: below its tier only with a reason and
 * appointments.override_tier (then the override is recorded). Returns the override to store.
 */
function tierOverride(
  staffMember: StaffPrincipal,
  member: { tier: string },
  type: AppointmentType,
  reason: string | undefined,
): { by: string; reason: string } | null {
  if (!memberBelowTier(member.tier, type.minTier)) return null;
  if (!reason) {
    throw new AppError("conflict", {
      messageKey: "appointmentTierRequired",
      details: { minTier: type.minTier, memberTier: member.tier },
    });
  }
  if (!hasPermission(staffMember, "appointments.override_tier")) {
    throw new AppError("forbidden", { messageKey: "appointmentTierOverrideForbidden" });
  }
  return { by: staffMember.id, reason };
}

export async function advisorName(db: Db, advisorId: string): Promise<string | null> {
  const [row] = await db.select({ name: staff.displayName }).from(staff).where(eq(staff.id, advisorId));
  return row?.name ?? null;
}

export type BookedAppointment = {
  appointmentId: string;
  storeId: string;
  advisorId: string;
  roomId: string | null;
  startsAt: string;
  status: "confirmed" | "requested";
};

/**
 * Who a booking comes from: staff (confirmed at once, audited as the staff member) or the
 * mini-program through the API (requested, for staff to confirm; audited with the key's label).
 */
export type BookingOrigin = {
  status: "confirmed" | "requested";
  source: "staff" | "mini_program";
  actorStaffId: string | null;
  actorLabel: string;
  ip: string | null;
};

export type BookingRequest = {
  member: { id: string; tier: string };
  type: AppointmentType;
  store: { id: string; timeZone: string };
  startsAt: Date;
  /** Null: the first free advisor of the store. */
  advisorId: string | null;
  roomId?: string | null;
  note: string;
  override: { by: string; reason: string } | null;
};

/**
 * Books a visit for a member of the staff member's stores (writable: not erased) on an advisor, or
 * on the first free advisor for "any advisor", and a room when the type needs one. Confirmed at
 * once (staff book what the client agreed to). In the caller's transaction; store scope is the
 * use case's (input.storeId).
 */
export async function bookAppointment(
  db: Db,
  actor: Actor,
  staffMember: StaffPrincipal,
  input: BookAppointmentValues,
  now: Date = new Date(),
): Promise<BookedAppointment> {
  const member = await writableMember(db, staffMember, input.memberId);
  const type = await loadAppointmentType(db, input.typeId);
  const store = await loadStore(db, input.storeId);
  const startsAt = new Date(input.startsAt);
  refuseThePast(startsAt, now);
  const override = tierOverride(staffMember, member, type, input.tierOverrideReason);
  return placeBooking(
    db,
    { status: "confirmed", source: "staff", actorStaffId: actor.staffId, actorLabel: actor.username, ip: actor.ip },
    { member, type, store, startsAt, advisorId: input.advisorId, roomId: input.roomId, note: input.note, override },
    now,
  );
}

/**
 * The booking itself, once who may book what has been decided (bookAppointment for staff, the
 * mini-program API for members): locks the advisor (or the first free one) and a room, re-checks
 * under the locks, inserts behind the exclusion constraints, and records the event, the audit entry
 * and the messages. `slot_taken` with the next free slots when the time is not free.
 */
export async function placeBooking(
  db: Db,
  origin: BookingOrigin,
  request: BookingRequest,
  now: Date = new Date(),
): Promise<BookedAppointment> {
  const { member, type, store, startsAt, override } = request;
  const times = visitTimes(startsAt, type);
  const question: SlotQuestion = { storeId: store.id, type, timeZone: store.timeZone, startsAt, now };
  const needsRoom = type.needsRoom || !!request.roomId;
  const taken = () => slotTaken(db, { ...question, advisorId: request.advisorId, needsRoom });

  const advisorId = request.advisorId
    ? (await lockAndCheckAdvisor(db, question, request.advisorId))
      ? request.advisorId
      : null
    : await lockAnyFreeAdvisor(db, question);
  if (!advisorId) throw await taken();
  const roomId = needsRoom
    ? await lockFreeRoom(db, { storeId: store.id, from: startsAt, until: times.blockedUntil, roomId: request.roomId })
    : null;
  if (needsRoom && !roomId) throw await taken();

  const inserted = await guardOverlap(db, async (tx) => {
    const [row] = await tx
      .insert(appointments)
      .values({
        storeId: store.id,
        memberId: member.id,
        typeId: type.id,
        advisorId,
        roomId,
        ...times,
        status: origin.status,
        source: origin.source,
        note: request.note,
        tierOverrideBy: override?.by ?? null,
        tierOverrideReason: override?.reason ?? null,
        createdBy: origin.actorStaffId,
      })
      .returning({ id: appointments.id });
    return row!;
  });
  if (inserted === "overlap") throw await taken();

  await db.insert(appointmentEvents).values({
    appointmentId: inserted.id,
    kind: "booked",
    toStartsAt: startsAt,
    toAdvisorId: advisorId,
    actorStaffId: origin.actorStaffId,
    actorLabel: origin.actorLabel,
  });
  await recordAudit(db, {
    actorStaffId: origin.actorStaffId,
    actorLabel: origin.actorLabel,
    ip: origin.ip,
    action: "appointment.book",
    entityType: "appointment",
    entityId: inserted.id,
    storeId: store.id,
    details: {
      memberId: member.id,
      typeCode: type.code,
      advisorId,
      anyAdvisor: request.advisorId === null,
      roomId,
      startsAt: startsAt.toISOString(),
      ...(origin.source === "staff" ? {} : { source: origin.source }),
      ...(override
        ? { tierOverride: { minTier: type.minTier, memberTier: member.tier, reason: override.reason } }
        : {}),
    },
  });
  const visit: VisitMessage = {
    appointmentId: inserted.id,
    memberId: member.id,
    storeId: store.id,
    startsAt,
    typeNameZh: type.nameZh,
    typeNameEn: type.nameEn,
    advisorName: await advisorName(db, advisorId),
  };
  await enqueueConfirmation(db, visit);
  await enqueueReminder(db, visit, now);
  return {
    appointmentId: inserted.id,
    storeId: store.id,
    advisorId,
    roomId,
    startsAt: startsAt.toISOString(),
    status: origin.status,
  };
}

import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  advisorHours,
  appointmentEvents,
  appointments,
  appointmentTypes,
  members,
  rooms,
  staff,
  staffRoles,
  staffStores,
  stores,
} from "@/db/schema";
import { availabilityFor } from "@/lib/appointments/availability/queries";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName, maskPhone } from "@/lib/members/masking";
import { membersInScope } from "@/lib/members/scope";
import { memberListParamsSchema, searchMembers } from "@/lib/members/search/queries";
import type { AppointmentEventKind, AppointmentStatus, BookingSlotsValues, SlotOption } from "./schemas";

/**
 * Reads for booking and for one appointment's page. Store scope is in every WHERE: an appointment
 * of another store is not found. Member names and phones are masked (maskName, maskPhone): the
 * appointment page is on a tablet at the counter; the 360° view is one click away.
 */

/** The store of an appointment in the staff member's stores (a lifecycle use case's scope); else not found. */
export async function appointmentStoreInScope(db: Db, staffMember: StaffPrincipal, appointmentId: string) {
  const [row] = await db
    .select({ storeId: appointments.storeId })
    .from(appointments)
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(staffMember))));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

// ── Booking choices ───────────────────────────────────────────────────────────────────────────

export type BookingStore = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };
export type BookingType = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  durationMin: number;
  minTier: string | null;
  needsRoom: boolean;
};
export type BookingAdvisor = { id: string; displayName: string; storeId: string };

/**
 * What the booking form offers: the active stores in scope, the active types, and each store's
 * bookable advisors: active staff with the advisor role who belong to the store (or to every store)
 * and have working hours there, the same rule as availability (lib/appointments/availability).
 */
export async function bookingChoices(
  db: Db,
  staffMember: StaffPrincipal,
): Promise<{ stores: BookingStore[]; types: BookingType[]; advisors: BookingAdvisor[] }> {
  const scope = storeScopeOf(staffMember);
  const [storeRows, types] = await Promise.all([
    db
      .select({
        id: stores.id,
        code: stores.code,
        name: stores.name,
        nameEn: stores.nameEn,
        timeZone: stores.timeZone,
      })
      .from(stores)
      .where(and(eq(stores.active, true), storeFilter(stores.id, scope)))
      .orderBy(asc(stores.code)),
    db
      .select({
        id: appointmentTypes.id,
        code: appointmentTypes.code,
        nameZh: appointmentTypes.nameZh,
        nameEn: appointmentTypes.nameEn,
        durationMin: appointmentTypes.durationMin,
        minTier: appointmentTypes.minTier,
        needsRoom: appointmentTypes.needsRoom,
      })
      .from(appointmentTypes)
      .where(eq(appointmentTypes.active, true))
      .orderBy(asc(appointmentTypes.sortOrder), asc(appointmentTypes.code)),
  ]);
  const advisors = await bookableAdvisors(
    db,
    storeRows.map((s) => s.id),
  );
  return { stores: storeRows, types, advisors };
}

/** The bookable advisors of these stores, by display name. */
export async function bookableAdvisors(db: Db, storeIds: readonly string[]): Promise<BookingAdvisor[]> {
  if (storeIds.length === 0) return [];
  return db
    .select({ id: staff.id, displayName: staff.displayName, storeId: advisorHours.storeId })
    .from(advisorHours)
    .innerJoin(staff, eq(staff.id, advisorHours.staffId))
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(staffStores, and(eq(staffStores.staffId, staff.id), eq(staffStores.storeId, advisorHours.storeId)))
    .where(
      and(
        inArray(advisorHours.storeId, [...storeIds]),
        eq(staff.active, true),
        or(eq(staff.allStores, true), sql`${staffStores.storeId} is not null`),
      ),
    )
    .orderBy(asc(staff.displayName), asc(staff.id));
}

/** The free starts of a day, JSON-safe for the browser (the slot buttons). Store scope is the caller's. */
export async function bookingSlots(db: Db, input: BookingSlotsValues): Promise<SlotOption[]> {
  const slots = await availabilityFor(db, {
    storeId: input.storeId,
    typeId: input.typeId,
    date: input.date,
    advisorId: input.advisorId,
    excludeAppointmentId: input.excludeAppointmentId,
  });
  return slots.map((slot) => ({
    date: input.date,
    time: slot.time,
    startsAt: slot.startsAt.toISOString(),
    advisorIds: slot.advisorIds,
  }));
}

// ── The member to book for ────────────────────────────────────────────────────────────────────

export type BookingMember = { id: string; name: string; phone: string; tier: string; storeName: string | null };

/** Members matching the search box (name, phone, last 4, card, pinyin), in scope, masked as the member list masks them. */
export async function findBookingMembers(db: Db, staffMember: StaffPrincipal, q: string): Promise<BookingMember[]> {
  const result = await searchMembers(db, staffMember, memberListParamsSchema.parse({ q, pageSize: 10 }));
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    phone: row.phone,
    tier: row.tier,
    storeName: row.storeName,
  }));
}

/** One member to prefill the booking form with (`?memberId=`), masked; null when out of scope or erased. */
export async function getBookingMember(
  db: Db,
  staffMember: StaffPrincipal,
  memberId: string,
): Promise<BookingMember | null> {
  if (!z.uuid().safeParse(memberId).success) return null;
  const [row] = await db
    .select({
      id: members.id,
      name: members.name,
      phone: members.phoneE164,
      tier: members.tier,
      storeName: stores.name,
    })
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(eq(members.id, memberId), membersInScope(staffMember), isNull(members.erasedAt)));
  return row ? { ...row, name: maskName(row.name), phone: maskPhone(row.phone) } : null;
}

// ── One appointment ───────────────────────────────────────────────────────────────────────────

export type AppointmentEventRow = {
  id: number;
  kind: AppointmentEventKind;
  at: Date;
  actorName: string | null;
  fromStartsAt: Date | null;
  toStartsAt: Date | null;
  fromAdvisorName: string | null;
  toAdvisorName: string | null;
  reason: string | null;
};

export type AppointmentDetail = {
  id: string;
  status: AppointmentStatus;
  source: "staff" | "mini_program";
  startsAt: Date;
  endsAt: Date;
  blockedUntil: Date;
  note: string;
  cancelReason: string | null;
  tierOverrideReason: string | null;
  tierOverrideByName: string | null;
  createdAt: Date;
  createdByName: string | null;
  store: BookingStore;
  member: { id: string; maskedName: string; maskedPhone: string; tier: string };
  type: BookingType & { bufferMin: number };
  advisor: { id: string; displayName: string };
  room: { id: string; name: string; nameEn: string | null } | null;
  /** Newest first. */
  events: AppointmentEventRow[];
};

const creator = alias(staff, "creator");
const overrider = alias(staff, "overrider");
const actorStaff = alias(staff, "actor");
const fromAdvisor = alias(staff, "from_advisor");
const toAdvisor = alias(staff, "to_advisor");

/** An appointment of the staff member's stores with its history; null when not found or of another store. */
export async function getAppointmentDetail(
  db: Db,
  staffMember: StaffPrincipal,
  appointmentId: string,
): Promise<AppointmentDetail | null> {
  if (!z.uuid().safeParse(appointmentId).success) return null;
  const [row] = await db
    .select({
      appointment: appointments,
      store: { id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      memberName: members.name,
      memberPhone: members.phoneE164,
      memberTier: members.tier,
      type: {
        id: appointmentTypes.id,
        code: appointmentTypes.code,
        nameZh: appointmentTypes.nameZh,
        nameEn: appointmentTypes.nameEn,
        durationMin: appointmentTypes.durationMin,
        bufferMin: appointmentTypes.bufferMin,
        minTier: appointmentTypes.minTier,
        needsRoom: appointmentTypes.needsRoom,
      },
      advisorName: staff.displayName,
      roomName: rooms.name,
      roomNameEn: rooms.nameEn,
      createdByName: creator.displayName,
      tierOverrideByName: overrider.displayName,
    })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.advisorId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .leftJoin(creator, eq(creator.id, appointments.createdBy))
    .leftJoin(overrider, eq(overrider.id, appointments.tierOverrideBy))
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(staffMember))));
  if (!row) return null;
  const a = row.appointment;
  return {
    id: a.id,
    status: a.status,
    source: a.source,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    blockedUntil: a.blockedUntil,
    note: a.note,
    cancelReason: a.cancelReason,
    tierOverrideReason: a.tierOverrideReason,
    tierOverrideByName: row.tierOverrideByName,
    createdAt: a.createdAt,
    createdByName: row.createdByName,
    store: row.store,
    member: {
      id: a.memberId,
      maskedName: maskName(row.memberName),
      maskedPhone: maskPhone(row.memberPhone),
      tier: row.memberTier,
    },
    type: row.type,
    advisor: { id: a.advisorId, displayName: row.advisorName },
    room: a.roomId && row.roomName ? { id: a.roomId, name: row.roomName, nameEn: row.roomNameEn } : null,
    events: await appointmentHistory(db, a.id),
  };
}

/** An appointment's history, newest first (the caller has checked its scope). */
export async function appointmentHistory(db: Db, appointmentId: string): Promise<AppointmentEventRow[]> {
  return db
    .select({
      id: appointmentEvents.id,
      kind: appointmentEvents.kind,
      at: appointmentEvents.at,
      actorName: sql<string | null>`coalesce(${actorStaff.displayName}, ${appointmentEvents.actorLabel})`,
      fromStartsAt: appointmentEvents.fromStartsAt,
      toStartsAt: appointmentEvents.toStartsAt,
      fromAdvisorName: fromAdvisor.displayName,
      toAdvisorName: toAdvisor.displayName,
      reason: appointmentEvents.reason,
    })
    .from(appointmentEvents)
    .leftJoin(actorStaff, eq(actorStaff.id, appointmentEvents.actorStaffId))
    .leftJoin(fromAdvisor, eq(fromAdvisor.id, appointmentEvents.fromAdvisorId))
    .leftJoin(toAdvisor, eq(toAdvisor.id, appointmentEvents.toAdvisorId))
    .where(eq(appointmentEvents.appointmentId, appointmentId))
    .orderBy(desc(appointmentEvents.id));
}

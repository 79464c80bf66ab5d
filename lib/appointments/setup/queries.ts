import { and, asc, count, desc, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointmentTypes,
  rooms,
  staff,
  staffRoles,
  staffStores,
  storeClosures,
  stores,
  type BusinessHours,
} from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { listParams, listText } from "@/lib/list-params";
import { TIER_PROGRAMME, type TierCode } from "@/lib/loyalty/programme/rules";
import { settingAt } from "@/lib/settings/versioned";
import { containsPattern } from "@/lib/sql-like";

/**
 * Appointment setup's reads. Types are mall-wide; rooms, advisors' hours, time off and closures
 * belong to a store, and every query of those takes the caller's scope into its WHERE, so another
 * store's rows are simply not there. The booking side reads the same data through the functions at
 * the end of each section (listActiveAppointmentTypes, listStoreAdvisors, listStoreRooms, …).
 */

// ── Appointment types ─────────────────────────────────────────────────────────────────────────

export const APPOINTMENT_TYPE_SORTS = ["sortOrder", "code", "nameZh", "durationMin", "noticeMin", "updatedAt"] as const;

export const appointmentTypeListParamsSchema = z.object({
  q: listText(64),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  sort: z.enum(APPOINTMENT_TYPE_SORTS).default("sortOrder").catch("sortOrder"),
  ...listParams({ dir: "asc" }),
});
export type AppointmentTypeListParams = z.output<typeof appointmentTypeListParamsSchema>;

const typeColumns = {
  id: appointmentTypes.id,
  code: appointmentTypes.code,
  nameZh: appointmentTypes.nameZh,
  nameEn: appointmentTypes.nameEn,
  durationMin: appointmentTypes.durationMin,
  bufferMin: appointmentTypes.bufferMin,
  noticeMin: appointmentTypes.noticeMin,
  minTier: appointmentTypes.minTier,
  needsRoom: appointmentTypes.needsRoom,
  dailyCap: appointmentTypes.dailyCap,
  active: appointmentTypes.active,
  sortOrder: appointmentTypes.sortOrder,
  updatedAt: appointmentTypes.updatedAt,
};
export type AppointmentTypeRow = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  durationMin: number;
  bufferMin: number;
  noticeMin: number;
  minTier: string | null;
  needsRoom: boolean;
  dailyCap: number | null;
  active: boolean;
  sortOrder: number;
  updatedAt: Date;
};

/** The types with search (code, both names), the active filter, sort and paging on the server. */
export async function listAppointmentTypes(
  db: Db,
  params: AppointmentTypeListParams,
): Promise<{ rows: AppointmentTypeRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [];
  if (params.q) {
    const like = containsPattern(params.q);
    conditions.push(
      or(
        ilike(appointmentTypes.code, like),
        ilike(appointmentTypes.nameZh, like),
        ilike(appointmentTypes.nameEn, like),
      ),
    );
  }
  if (params.status) conditions.push(eq(appointmentTypes.active, params.status === "active"));
  const where = and(...conditions);
  const sortColumn = appointmentTypes[params.sort];
  const [rows, [total]] = await Promise.all([
    db
      .select(typeColumns)
      .from(appointmentTypes)
      .where(where)
      .orderBy(params.dir === "asc" ? asc(sortColumn) : desc(sortColumn), asc(appointmentTypes.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(appointmentTypes).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function getAppointmentType(db: Db, id: string): Promise<AppointmentTypeRow | null> {
  const [row] = await db.select(typeColumns).from(appointmentTypes).where(eq(appointmentTypes.id, id));
  return row ?? null;
}

/** What can be booked now, in the order the setup gives (sort order, then code): for the booking form. */
export async function listActiveAppointmentTypes(db: Db): Promise<AppointmentTypeRow[]> {
  return db
    .select(typeColumns)
    .from(appointmentTypes)
    .where(eq(appointmentTypes.active, true))
    .orderBy(asc(appointmentTypes.sortOrder), asc(appointmentTypes.code));
}

/** The tier codes of the programme in force, lowest first: what a type's minimum tier may name. */
export async function listTierCodes(db: Db, at: Date = new Date()): Promise<TierCode[]> {
  const programme = await settingAt(db, TIER_PROGRAMME, at);
  return programme.tiers.map((tier) => tier.code);
}

// ── Rooms ─────────────────────────────────────────────────────────────────────────────────────

export const roomListParamsSchema = z.object({
  store: z.uuid().optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  sort: z.enum(["store", "name"]).default("store").catch("store"),
  ...listParams({ dir: "asc" }),
});
export type RoomListParams = z.output<typeof roomListParamsSchema>;

const roomColumns = {
  id: rooms.id,
  storeId: rooms.storeId,
  storeCode: stores.code,
  storeName: stores.name,
  storeNameEn: stores.nameEn,
  name: rooms.name,
  nameEn: rooms.nameEn,
  active: rooms.active,
  createdAt: rooms.createdAt,
};
export type RoomRow = {
  id: string;
  storeId: string;
  storeCode: string;
  storeName: string;
  storeNameEn: string | null;
  name: string;
  nameEn: string | null;
  active: boolean;
  createdAt: Date;
};

/** Rooms of the stores in scope (optionally one of them), by store then name. */
export async function listRooms(
  db: Db,
  scope: StoreScope,
  params: RoomListParams,
): Promise<{ rows: RoomRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [storeFilter(rooms.storeId, scope)];
  if (params.store) conditions.push(eq(rooms.storeId, params.store));
  if (params.status) conditions.push(eq(rooms.active, params.status === "active"));
  const where = and(...conditions);
  const direction = params.dir === "asc" ? asc : desc;
  const order =
    params.sort === "name" ? [direction(rooms.name), asc(stores.code)] : [direction(stores.code), asc(rooms.name)];
  const [rows, [total]] = await Promise.all([
    db
      .select(roomColumns)
      .from(rooms)
      .innerJoin(stores, eq(stores.id, rooms.storeId))
      .where(where)
      .orderBy(...order, asc(rooms.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(rooms).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function getRoomInScope(db: Db, scope: StoreScope, id: string): Promise<RoomRow | null> {
  const [row] = await db
    .select(roomColumns)
    .from(rooms)
    .innerJoin(stores, eq(stores.id, rooms.storeId))
    .where(and(eq(rooms.id, id), storeFilter(rooms.storeId, scope)));
  return row ?? null;
}

/** A store's rooms by name (active ones only unless asked): for the booking form's room choice. */
export async function listStoreRooms(db: Db, storeId: string, options: { includeInactive?: boolean } = {}) {
  return db
    .select({ id: rooms.id, name: rooms.name, nameEn: rooms.nameEn, active: rooms.active })
    .from(rooms)
    .where(and(eq(rooms.storeId, storeId), options.includeInactive ? undefined : eq(rooms.active, true)))
    .orderBy(asc(rooms.name));
}

// ── Advisors and their working hours ─────────────────────────────────────────────────────────

export type StoreAdvisor = {
  id: string;
  username: string;
  displayName: string;
  /** Null: no working hours set at this store yet (not bookable). */
  hours: BusinessHours | null;
  hoursUpdatedAt: Date | null;
};

// Correlated subqueries name the outer column in full: drizzle leaves it unqualified in single-table selects.
const STAFF_ID = sql.raw(`"staff"."id"`);

/** Active staff holding the advisor role who belong to the store (staff_stores): a WHERE fragment on `staff`. */
export function advisorOf(storeId: string): SQL {
  return and(
    eq(staff.active, true),
    sql`exists (select 1 from staff_roles sr where sr.staff_id = ${STAFF_ID} and sr.role = 'advisor')`,
    sql`exists (select 1 from staff_stores ss where ss.staff_id = ${STAFF_ID} and ss.store_id = ${storeId})`,
  )!;
}

/**
 * The store's advisors (active staff with the advisor role, members of the store) with their weekly
 * hours there, by display name. Empty for a store outside `scope`. The booking side uses it for the
 * advisor choice and for availability.
 */
export async function listStoreAdvisors(db: Db, scope: StoreScope, storeId: string): Promise<StoreAdvisor[]> {
  return db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      hours: advisorHours.hours,
      hoursUpdatedAt: advisorHours.updatedAt,
    })
    .from(staff)
    .innerJoin(staffStores, and(eq(staffStores.staffId, staff.id), eq(staffStores.storeId, storeId)))
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(advisorHours, and(eq(advisorHours.staffId, staff.id), eq(advisorHours.storeId, storeId)))
    .where(and(eq(staff.active, true), storeFilter(staffStores.storeId, scope)))
    .orderBy(asc(staff.displayName), asc(staff.username));
}

/** One advisor of the store with their hours there, or null (not an active advisor of it, or outside scope). */
export async function getStoreAdvisor(
  db: Db,
  scope: StoreScope,
  storeId: string,
  staffId: string,
): Promise<StoreAdvisor | null> {
  const advisors = await db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      hours: advisorHours.hours,
      hoursUpdatedAt: advisorHours.updatedAt,
    })
    .from(staff)
    .leftJoin(advisorHours, and(eq(advisorHours.staffId, staff.id), eq(advisorHours.storeId, storeId)))
    .where(and(eq(staff.id, staffId), advisorOf(storeId), storeFilter(sql`${storeId}::uuid`, scope)));
  return advisors[0] ?? null;
}

// ── Overview (the landing page) ───────────────────────────────────────────────────────────────

export type SetupOverview = {
  activeTypes: number;
  activeRooms: number;
  advisors: number;
  advisorsWithoutHours: number;
  upcomingTimeOff: number;
  upcomingClosures: number;
};

/** One figure per section for the stores in scope. */
export async function setupOverview(db: Db, scope: StoreScope, now: Date = new Date()): Promise<SetupOverview> {
  const [[types], [roomCount], [advisors], [timeOff], [closures]] = await Promise.all([
    db.select({ value: count() }).from(appointmentTypes).where(eq(appointmentTypes.active, true)),
    db
      .select({ value: count() })
      .from(rooms)
      .where(and(eq(rooms.active, true), storeFilter(rooms.storeId, scope))),
    db
      .select({
        total: sql<number>`count(*)::int`,
        withoutHours: sql<number>`count(*) filter (where ${advisorHours.staffId} is null)::int`,
      })
      .from(staffStores)
      .innerJoin(staff, and(eq(staff.id, staffStores.staffId), eq(staff.active, true)))
      .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
      .leftJoin(
        advisorHours,
        and(eq(advisorHours.staffId, staffStores.staffId), eq(advisorHours.storeId, staffStores.storeId)),
      )
      .where(storeFilter(staffStores.storeId, scope)),
    db
      .select({ value: sql<number>`count(distinct ${advisorTimeOff.id})::int` })
      .from(advisorTimeOff)
      .innerJoin(staffStores, eq(staffStores.staffId, advisorTimeOff.staffId))
      .where(and(gt(advisorTimeOff.endsAt, now), storeFilter(staffStores.storeId, scope))),
    db
      .select({ value: count() })
      .from(storeClosures)
      .where(and(gt(storeClosures.endsAt, now), storeFilter(storeClosures.storeId, scope))),
  ]);
  return {
    activeTypes: types?.value ?? 0,
    activeRooms: roomCount?.value ?? 0,
    advisors: advisors?.total ?? 0,
    advisorsWithoutHours: advisors?.withoutHours ?? 0,
    upcomingTimeOff: timeOff?.value ?? 0,
    upcomingClosures: closures?.value ?? 0,
  };
}

import { differenceInMinutes } from "date-fns";
import { and, asc, eq, gt, inArray, lt, ne, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointments,
  appointmentTypes,
  staff,
  staffRoles,
  staffStores,
  storeClosures,
  stores,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { WEEKDAYS, type BusinessHours } from "@/lib/stores/hours";
import { localDayBounds } from "@/lib/time";
import { availableSlots } from "./slots";
import type { AvailabilityAdvisor, AvailabilityInput, FreeSlot } from "./types";

export type AvailabilityArgs = {
  storeId: string;
  typeId: string;
  /** The store-local day, yyyy-MM-dd. */
  date: string;
  /** One advisor, or null for "any advisor" of the store. */
  advisorId: string | null;
  /** Defaults to the clock; tests and re-checks pass their own. */
  now?: Date;
  /** The appointment being rescheduled: it must not collide with itself (nor count toward the cap). */
  excludeAppointmentId?: string;
};

/** advisor_hours keeps the stores' { open, close } ranges; availability takes ["HH:MM", "HH:MM"] pairs. */
function toWorkingRanges(hours: Partial<BusinessHours>): AvailabilityAdvisor["hours"] {
  const ranges: AvailabilityAdvisor["hours"] = {};
  for (const day of WEEKDAYS) {
    const today = hours[day] ?? [];
    if (today.length > 0) ranges[day] = today.map((range): [string, string] => [range.open, range.close]);
  }
  return ranges;
}

/** What the loader needs of the store and the type, when the caller has read them already. */
export type AvailabilityDayArgs = Omit<AvailabilityArgs, "storeId" | "typeId"> & {
  store: { id: string; timeZone: string };
  type: { id: string } & AvailabilityInput["type"];
};

/**
 * Everything availableSlots() needs for one store, type and store-local day, read from the
 * database. The store's advisors are the active staff with the advisor role who belong to the
 * store (a member of it, or an all-stores account) and have working hours there. Their bookings
 * count at every store: an advisor cannot be in two places. Store scope is the caller's to check.
 */
export async function loadAvailabilityInput(
  db: Db,
  args: AvailabilityArgs,
): Promise<AvailabilityInput & { typeId: string }> {
  const [[store], [type]] = await Promise.all([
    db.select({ id: stores.id, timeZone: stores.timeZone }).from(stores).where(eq(stores.id, args.storeId)),
    db.select().from(appointmentTypes).where(eq(appointmentTypes.id, args.typeId)),
  ]);
  if (!store || !type) throw new AppError("not_found");
  return loadAvailabilityDay(db, { ...args, store, type });
}

/**
 * loadAvailabilityInput() for a store and a type the caller has already read (the mini-program's
 * endpoint looks both up by code). The advisors, their time off and bookings, and the store's
 * closures are read together: the advisors are a subquery of the other reads, not a round trip
 * before them.
 */
export async function loadAvailabilityDay(
  db: Db,
  args: AvailabilityDayArgs,
): Promise<AvailabilityInput & { typeId: string }> {
  const { store, type } = args;
  const day = localDayBounds(args.date, store.timeZone);
  if (!day) throw new AppError("validation", { detail: `Not a calendar date: ${args.date}.` });

  const isStoreAdvisor = and(
    eq(advisorHours.storeId, store.id),
    eq(staff.active, true),
    args.advisorId === null ? undefined : eq(staff.id, args.advisorId),
    inArray(staff.id, db.select({ id: staffRoles.staffId }).from(staffRoles).where(eq(staffRoles.role, "advisor"))),
    or(
      eq(staff.allStores, true),
      inArray(
        staff.id,
        db.select({ id: staffStores.staffId }).from(staffStores).where(eq(staffStores.storeId, store.id)),
      ),
    ),
  );
  const storeAdvisorIds = db
    .select({ id: staff.id })
    .from(advisorHours)
    .innerJoin(staff, eq(staff.id, advisorHours.staffId))
    .where(isStoreAdvisor);

  // Everything that overlaps the local day: a visit lies inside its advisor's hours of that day.
  const [advisorRows, timeOff, closures, bookings] = await Promise.all([
    db
      .select({ id: staff.id, hours: advisorHours.hours })
      .from(advisorHours)
      .innerJoin(staff, eq(staff.id, advisorHours.staffId))
      .where(isStoreAdvisor)
      .orderBy(asc(staff.displayName), asc(staff.id)),
    db
      .select({ staffId: advisorTimeOff.staffId, start: advisorTimeOff.startsAt, end: advisorTimeOff.endsAt })
      .from(advisorTimeOff)
      .where(
        and(
          inArray(advisorTimeOff.staffId, storeAdvisorIds),
          lt(advisorTimeOff.startsAt, day.end),
          gt(advisorTimeOff.endsAt, day.start),
        ),
      )
      .orderBy(asc(advisorTimeOff.startsAt)),
    db
      .select({ start: storeClosures.startsAt, end: storeClosures.endsAt })
      .from(storeClosures)
      .where(
        and(
          eq(storeClosures.storeId, store.id),
          lt(storeClosures.startsAt, day.end),
          gt(storeClosures.endsAt, day.start),
        ),
      )
      .orderBy(asc(storeClosures.startsAt)),
    db
      .select({
        advisorId: appointments.advisorId,
        start: appointments.startsAt,
        end: appointments.endsAt,
        blockedUntil: appointments.blockedUntil,
        typeCode: appointmentTypes.code,
        status: appointments.status,
      })
      .from(appointments)
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
      .where(
        and(
          inArray(appointments.advisorId, storeAdvisorIds),
          ne(appointments.status, "cancelled"),
          lt(appointments.startsAt, day.end),
          gt(appointments.blockedUntil, day.start),
          args.excludeAppointmentId ? ne(appointments.id, args.excludeAppointmentId) : undefined,
        ),
      )
      .orderBy(asc(appointments.startsAt)),
  ]);

  const iso = (at: Date) => at.toISOString();
  return {
    typeId: type.id,
    timeZone: store.timeZone,
    date: args.date,
    now: iso(args.now ?? new Date()),
    advisorId: args.advisorId,
    type: {
      code: type.code,
      durationMin: type.durationMin,
      bufferMin: type.bufferMin,
      noticeMin: type.noticeMin,
      dailyCap: type.dailyCap,
    },
    advisors: advisorRows.map((row) => ({
      id: row.id,
      hours: toWorkingRanges(row.hours),
      timeOff: timeOff
        .filter((off) => off.staffId === row.id)
        .map((off) => ({ start: iso(off.start), end: iso(off.end) })),
    })),
    bookings: bookings.map((booking) => ({
      advisorId: booking.advisorId,
      start: iso(booking.start),
      end: iso(booking.end),
      // Rounded up: a booking never holds its advisor for less than it blocks.
      bufferMin: differenceInMinutes(booking.blockedUntil, booking.end, { roundingMethod: "ceil" }),
      typeCode: booking.typeCode,
      status: booking.status,
    })),
    closures: closures.map((closure) => ({ start: iso(closure.start), end: iso(closure.end) })),
  };
}

/** The free starts of a store's day for a type and one advisor or any advisor (docs/domain.md#availability). */
export async function availabilityFor(db: Db, args: AvailabilityArgs | AvailabilityDayArgs): Promise<FreeSlot[]> {
  return availableSlots(await ("store" in args ? loadAvailabilityDay(db, args) : loadAvailabilityInput(db, args)));
}

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
    db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, args.storeId)),
    db.select().from(appointmentTypes).where(eq(appointmentTypes.id, args.typeId)),
  ]);
  if (!store || !type) throw new AppError("not_found");
  const day = localDayBounds(args.date, store.timeZone);
  if (!day) throw new AppError("validation", { detail: `Not a calendar date: ${args.date}.` });

  const advisorRows = await db
    .select({ id: staff.id, hours: advisorHours.hours })
    .from(advisorHours)
    .innerJoin(staff, eq(staff.id, advisorHours.staffId))
    .where(
      and(
        eq(advisorHours.storeId, args.storeId),
        eq(staff.active, true),
        args.advisorId === null ? undefined : eq(staff.id, args.advisorId),
        inArray(staff.id, db.select({ id: staffRoles.staffId }).from(staffRoles).where(eq(staffRoles.role, "advisor"))),
        or(
          eq(staff.allStores, true),
          inArray(
            staff.id,
            db.select({ id: staffStores.staffId }).from(staffStores).where(eq(staffStores.storeId, args.storeId)),
          ),
        ),
      ),
    )
    .orderBy(asc(staff.displayName), asc(staff.id));
  const advisorIds = advisorRows.map((row) => row.id);

  // Everything that overlaps the local day: a visit lies inside its advisor's hours of that day.
  const [timeOff, closures, bookings] = await Promise.all([
    advisorIds.length === 0
      ? []
      : db
          .select({ staffId: advisorTimeOff.staffId, start: advisorTimeOff.startsAt, end: advisorTimeOff.endsAt })
          .from(advisorTimeOff)
          .where(
            and(
              inArray(advisorTimeOff.staffId, advisorIds),
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
          eq(storeClosures.storeId, args.storeId),
          lt(storeClosures.startsAt, day.end),
          gt(storeClosures.endsAt, day.start),
        ),
      )
      .orderBy(asc(storeClosures.startsAt)),
    advisorIds.length === 0
      ? []
      : db
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
              inArray(appointments.advisorId, advisorIds),
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
export async function availabilityFor(db: Db, args: AvailabilityArgs): Promise<FreeSlot[]> {
  return availableSlots(await loadAvailabilityInput(db, args));
}

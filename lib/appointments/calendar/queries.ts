import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  lt,
  ne,
  or,
  sql,
  type Placeholder,
  type SQL,
} from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointmentStatus,
  appointments,
  appointmentTypes,
  members,
  rooms,
  staff,
  staffRoles,
  staffStores,
  storeClosures,
  stores,
  type BusinessHours,
} from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName } from "@/lib/members/masking";
import { isBusinessDay, localDate, localDateNear, localDayBounds, startOfLocalDay, todayIn } from "@/lib/time";
import { gridBounds, minuteOfDay, weekdayOf, weekDays, type ClockRange, type Interval } from "./grid";
import type { AppointmentListParams, AppointmentStatus } from "./schemas";

/**
 * The calendars' reads: a store's day (advisors as columns), an advisor's week at a store, and the
 * filtered list. Store scope is in every WHERE: another store is "not found", its visits never
 * appear. Member names are always masked here (maskName): the calendar is on screens colleagues
 * and clients can see, and an advisor sees every colleague's column.
 */

// schemas.ts spells out the database enum's statuses (client components cannot import the table):
// this fails to compile when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const statusesMatch: Same<AppointmentStatus, (typeof appointmentStatus.enumValues)[number]> = true;
void statusesMatch;

export type CalendarStore = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };

/** A store as listCalendarStores reads it (in the viewer's scope), with what a calendar draws it from. */
export type CalendarStoreInScope = CalendarStore & { businessHours: BusinessHours };

export type CalendarAdvisorOption = { id: string; displayName: string };

/** An advisor's column: working ranges of the day (store-local), and time off touching it. */
export type CalendarAdvisor = {
  id: string;
  displayName: string;
  ranges: ClockRange[];
  timeOff: Interval[];
};

export type CalendarClosure = Interval & { reason: string };

export type CalendarAppointment = {
  id: string;
  advisorId: string;
  startsAt: Date;
  endsAt: Date;
  /** End of the buffer after the visit (the advisor and room are held until then). */
  blockedUntil: Date;
  status: AppointmentStatus;
  /** The store-local day the visit starts on. */
  day: string;
  memberMaskedName: string;
  typeNameZh: string;
  typeNameEn: string;
  roomName: string | null;
  roomNameEn: string | null;
};

export type StoreDay = {
  store: CalendarStore;
  /** The store-local day shown (today when none or an invalid one was asked for). */
  date: string;
  advisors: CalendarAdvisor[];
  closures: CalendarClosure[];
  appointments: CalendarAppointment[];
  /** First and last wall-clock quarter boundaries of the grid ("HH:mm"; "24:00" for midnight). */
  gridStart: string;
  gridEnd: string;
};

export type WeekDay = { date: string; ranges: ClockRange[] };

export type AdvisorWeek = {
  store: CalendarStore;
  advisor: CalendarAdvisorOption;
  /** The day asked for (today when none or an invalid one). */
  date: string;
  /** Monday to Sunday of the store-local week holding `date`, with the advisor's ranges each day. */
  days: WeekDay[];
  timeOff: Interval[];
  closures: CalendarClosure[];
  appointments: CalendarAppointment[];
  gridStart: string;
  gridEnd: string;
};

const uuid = z.uuid();

/**
 * Which store a calendar read is about: its id, or the store itself when the caller has read it
 * with listCalendarStores (in the viewer's scope already: no second read).
 */
export type CalendarStoreArg = { storeId: string } | { store: CalendarStoreInScope };

/** The store, if it is in the staff member's scope; else not found (another store's existence does not leak). */
async function calendarStore(db: Db, viewer: StaffPrincipal, which: CalendarStoreArg): Promise<CalendarStoreInScope> {
  if ("store" in which) return which.store;
  const { storeId } = which;
  if (!uuid.safeParse(storeId).success) throw new AppError("not_found");
  const [store] = await db
    .select({
      id: stores.id,
      code: stores.code,
      name: stores.name,
      nameEn: stores.nameEn,
      timeZone: stores.timeZone,
      businessHours: stores.businessHours,
    })
    .from(stores)
    .where(and(eq(stores.id, storeId), storeFilter(stores.id, storeScopeOf(viewer))));
  if (!store) throw new AppError("not_found");
  return store;
}

function publicStore(store: CalendarStore): CalendarStore {
  return { id: store.id, code: store.code, name: store.name, nameEn: store.nameEn, timeZone: store.timeZone };
}

/** The asked day when it is a business day, else today in the store's zone. */
function resolveDay(date: string | undefined, timeZone: string, now: Date): string {
  return date && isBusinessDay(date) ? date : todayIn(timeZone, now);
}

function rangesOf(hours: BusinessHours | null | undefined, day: string): ClockRange[] {
  return (hours?.[weekdayOf(day)] ?? [])
    .map((range): ClockRange => [range.open, range.close])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The statements the calendars run on every view, prepared once per database handle with
 * placeholders ($storeId, $start, $end, $advisorId): drizzle builds a statement's text anew each time
 * it is run otherwise, which for these joins and subqueries cost more than rendering what they read.
 * A transaction (tests) is a handle of its own and prepares its own.
 */
const preparedStatements = new WeakMap<Db, Map<string, unknown>>();

function prepared<T>(db: Db, key: string, build: () => T): T {
  let statements = preparedStatements.get(db);
  if (!statements) preparedStatements.set(db, (statements = new Map()));
  let statement = statements.get(key) as T | undefined;
  if (statement === undefined) statements.set(key, (statement = build()));
  return statement;
}

const param = {
  storeId: sql.placeholder("storeId"),
  start: sql.placeholder("start"),
  end: sql.placeholder("end"),
  advisorId: sql.placeholder("advisorId"),
};

/** Placeholder values of a period: instants as ISO text, as drizzle sends a timestamp column's values. */
const periodValues = (period: { start: Date; end: Date }) => ({
  start: period.start.toISOString(),
  end: period.end.toISOString(),
});

/** A period bound to placeholders or values. */
type PeriodArg = { start: Date | Placeholder; end: Date | Placeholder };

/**
 * The advisors of a store: active staff with the advisor role who belong to it (or to every store),
 * or who have working hours set there; with those hours.
 */
function storeAdvisors(db: Db, storeId: string) {
  return prepared(db, "advisors", () => storeAdvisorsQuery(db, param.storeId).prepare("calendar_advisors")).execute({
    storeId,
  });
}

function storeAdvisorsQuery(db: Db, storeId: Placeholder) {
  return db
    .select({ id: staff.id, displayName: staff.displayName, hours: advisorHours.hours })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(staffStores, and(eq(staffStores.staffId, staff.id), eq(staffStores.storeId, storeId)))
    .leftJoin(advisorHours, and(eq(advisorHours.staffId, staff.id), eq(advisorHours.storeId, storeId)))
    .where(
      and(
        eq(staff.active, true),
        or(isNotNull(staffStores.storeId), eq(staff.allStores, true), isNotNull(advisorHours.staffId)),
      ),
    )
    .orderBy(asc(staff.displayName), asc(staff.id));
}

/** The advisors a calendar offers for a store in scope (the week view's picker); not found for another store. */
export async function listCalendarAdvisors(
  db: Db,
  viewer: StaffPrincipal,
  which: string | CalendarStoreInScope,
): Promise<CalendarAdvisorOption[]> {
  const store = await calendarStore(db, viewer, typeof which === "string" ? { storeId: which } : { store: which });
  const rows = await storeAdvisors(db, store.id);
  return rows.map(({ id, displayName }) => ({ id, displayName }));
}

const appointmentColumns = {
  id: appointments.id,
  advisorId: appointments.advisorId,
  advisorName: staff.displayName,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  blockedUntil: appointments.blockedUntil,
  status: appointments.status,
  memberName: members.name,
  typeNameZh: appointmentTypes.nameZh,
  typeNameEn: appointmentTypes.nameEn,
  roomName: rooms.name,
  roomNameEn: rooms.nameEn,
};

type AppointmentRow = {
  id: string;
  advisorId: string;
  advisorName: string;
  startsAt: Date;
  endsAt: Date;
  blockedUntil: Date;
  status: AppointmentStatus;
  memberName: string;
  typeNameZh: string;
  typeNameEn: string;
  roomName: string | null;
  roomNameEn: string | null;
};

/** Visits of a store touching [start, end): cancelled ones only when asked; one advisor's when given. */
function storeAppointments(
  db: Db,
  storeId: string,
  period: { start: Date; end: Date },
  options: { advisorId?: string; includeCancelled: boolean },
): Promise<AppointmentRow[]> {
  const forAdvisor = options.advisorId !== undefined;
  const key = `appointments:${forAdvisor}:${options.includeCancelled}`;
  return prepared(db, key, () =>
    storeAppointmentsQuery(db, param.storeId, param, {
      advisorId: forAdvisor ? param.advisorId : undefined,
      includeCancelled: options.includeCancelled,
    }).prepare(`calendar_${key.replaceAll(":", "_")}`),
  ).execute({ storeId, ...periodValues(period), advisorId: options.advisorId });
}

function storeAppointmentsQuery(
  db: Db,
  storeId: Placeholder,
  period: PeriodArg,
  options: { advisorId?: Placeholder; includeCancelled: boolean },
) {
  return db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.advisorId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .where(
      and(
        eq(appointments.storeId, storeId),
        options.advisorId ? eq(appointments.advisorId, options.advisorId) : undefined,
        lt(appointments.startsAt, period.end),
        gt(appointments.blockedUntil, period.start),
        options.includeCancelled ? undefined : ne(appointments.status, "cancelled"),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
}

/** A visit as the calendars show it; `shown` is the day on screen, where most visits start. */
function calendarAppointment(row: AppointmentRow, timeZone: string, shown?: string): CalendarAppointment {
  return {
    id: row.id,
    advisorId: row.advisorId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    blockedUntil: row.blockedUntil,
    status: row.status,
    day: shown ? localDateNear(row.startsAt, shown, timeZone) : localDate(row.startsAt, timeZone),
    memberMaskedName: maskName(row.memberName),
    typeNameZh: row.typeNameZh,
    typeNameEn: row.typeNameEn,
    roomName: row.roomName,
    roomNameEn: row.roomNameEn,
  };
}

/** The store day's columns: advisors with hours at the store, and those with a visit shown that day. */
function dayColumnStaff(db: Db, includeCancelled: boolean): SQL {
  return or(
    inArray(
      advisorTimeOff.staffId,
      db.select({ id: advisorHours.staffId }).from(advisorHours).where(eq(advisorHours.storeId, param.storeId)),
    ),
    inArray(
      advisorTimeOff.staffId,
      db
        .select({ id: appointments.advisorId })
        .from(appointments)
        .where(
          and(
            eq(appointments.storeId, param.storeId),
            lt(appointments.startsAt, param.end),
            gt(appointments.blockedUntil, param.start),
            includeCancelled ? undefined : ne(appointments.status, "cancelled"),
          ),
        ),
    ),
  )!;
}

/** Closures of $storeId and time off of the staff `staffCondition` picks, touching [$start, $end). */
function closuresAndTimeOffQuery(db: Db, staffCondition: SQL) {
  return db
    .select({
      staffId: sql<string | null>`null::uuid`.as("staff_id"),
      startsAt: storeClosures.startsAt,
      endsAt: storeClosures.endsAt,
      reason: storeClosures.reason,
    })
    .from(storeClosures)
    .where(
      and(
        eq(storeClosures.storeId, param.storeId),
        lt(storeClosures.startsAt, param.end),
        gt(storeClosures.endsAt, param.start),
      ),
    )
    .unionAll(
      db
        .select({
          staffId: advisorTimeOff.staffId,
          startsAt: advisorTimeOff.startsAt,
          endsAt: advisorTimeOff.endsAt,
          reason: sql<string>`''`.as("reason"),
        })
        .from(advisorTimeOff)
        .where(and(staffCondition, lt(advisorTimeOff.startsAt, param.end), gt(advisorTimeOff.endsAt, param.start))),
    );
}

/**
 * Whose time off closuresAndTimeOff reads (time off is the person's, whatever the store): one
 * advisor's, or that of the store day's columns, the advisors with hours here and those with a visit
 * shown (a superset; the columns keep their own).
 */
type TimeOffOf = { advisorId: string } | { columnsOfDay: { includeCancelled: boolean } };

/**
 * The store's closures and the time off of the advisors `of` names touching the period, in one
 * statement: closures are the rows without a staff id.
 */
async function closuresAndTimeOff(
  db: Db,
  storeId: string,
  of: TimeOffOf,
  period: { start: Date; end: Date },
): Promise<{ closures: CalendarClosure[]; timeOff: { staffId: string; startsAt: Date; endsAt: Date }[] }> {
  const key = "advisorId" in of ? "closures:advisor" : `closures:day:${of.columnsOfDay.includeCancelled}`;
  const rows = await prepared(db, key, () =>
    closuresAndTimeOffQuery(
      db,
      "advisorId" in of
        ? eq(advisorTimeOff.staffId, param.advisorId)
        : dayColumnStaff(db, of.columnsOfDay.includeCancelled),
    ).prepare(`calendar_${key.replaceAll(":", "_")}`),
  ).execute({ storeId, ...periodValues(period), advisorId: "advisorId" in of ? of.advisorId : undefined });
  rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const closures: CalendarClosure[] = [];
  const timeOff: { staffId: string; startsAt: Date; endsAt: Date }[] = [];
  for (const { staffId, startsAt, endsAt, reason } of rows) {
    if (staffId === null) closures.push({ startsAt, endsAt, reason });
    else timeOff.push({ staffId, startsAt, endsAt });
  }
  return { closures, timeOff };
}

/**
 * One store-local day of a store: its advisors as columns (those with working hours at the store,
 * and anyone with a visit shown that day), their ranges and time off, the store's closures and the
 * visits, and the grid's bounds. Not found for a store outside the viewer's scope.
 */
export async function loadStoreDay(
  db: Db,
  viewer: StaffPrincipal,
  args: CalendarStoreArg & { date?: string; includeCancelled?: boolean; now?: Date },
): Promise<StoreDay> {
  const store = await calendarStore(db, viewer, args);
  const date = resolveDay(args.date, store.timeZone, args.now ?? new Date());
  const period = localDayBounds(date, store.timeZone)!;
  const includeCancelled = args.includeCancelled ?? false;
  // The columns' time off is read in the same round as they are.
  const [candidates, visitRows, { closures, timeOff }] = await Promise.all([
    storeAdvisors(db, store.id),
    storeAppointments(db, store.id, period, { includeCancelled }),
    closuresAndTimeOff(db, store.id, { columnsOfDay: { includeCancelled } }, period),
  ]);

  const columns = new Map<string, CalendarAdvisor>();
  for (const advisor of candidates) {
    if (advisor.hours === null) continue;
    columns.set(advisor.id, {
      id: advisor.id,
      displayName: advisor.displayName,
      ranges: rangesOf(advisor.hours, date),
      timeOff: [],
    });
  }
  // A visit never disappears from the calendar, even when its advisor has no hours here (any more).
  for (const visit of visitRows) {
    if (columns.has(visit.advisorId)) continue;
    const candidate = candidates.find((c) => c.id === visit.advisorId);
    columns.set(visit.advisorId, {
      id: visit.advisorId,
      displayName: visit.advisorName,
      ranges: rangesOf(candidate?.hours, date),
      timeOff: [],
    });
  }
  const advisors = [...columns.values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id),
  );
  for (const off of timeOff) {
    columns.get(off.staffId)?.timeOff.push({ startsAt: off.startsAt, endsAt: off.endsAt });
  }

  const visits = visitRows.map((row) => calendarAppointment(row, store.timeZone, date));
  const grid = gridBounds({
    workingRanges: advisors.flatMap((a) => a.ranges),
    storeRanges: rangesOf(store.businessHours, date),
    spans: visits.map((v) => ({
      start: minuteOfDay(v.startsAt, date, store.timeZone),
      end: minuteOfDay(v.blockedUntil, date, store.timeZone),
    })),
  });
  return { store: publicStore(store), date, advisors, closures, appointments: visits, ...grid };
}

/**
 * One advisor's store-local week (Monday to Sunday, holding `date`) at a store: their ranges each
 * day, time off, the store's closures and their visits there. Not found for a store outside the
 * viewer's scope, or someone who is neither an advisor of the store nor has visits there that week.
 */
export async function loadAdvisorWeek(
  db: Db,
  viewer: StaffPrincipal,
  args: CalendarStoreArg & { advisorId: string; date?: string; includeCancelled?: boolean; now?: Date },
): Promise<AdvisorWeek> {
  const store = await calendarStore(db, viewer, args);
  if (!uuid.safeParse(args.advisorId).success) throw new AppError("not_found");
  const date = resolveDay(args.date, store.timeZone, args.now ?? new Date());
  const dates = weekDays(date);
  const period = {
    start: startOfLocalDay(dates[0]!, store.timeZone),
    end: localDayBounds(dates[6]!, store.timeZone)!.end,
  };
  const [candidates, visitRows, { closures, timeOff }] = await Promise.all([
    storeAdvisors(db, store.id),
    storeAppointments(db, store.id, period, {
      advisorId: args.advisorId,
      includeCancelled: args.includeCancelled ?? false,
    }),
    closuresAndTimeOff(db, store.id, { advisorId: args.advisorId }, period),
  ]);
  const candidate = candidates.find((c) => c.id === args.advisorId);
  let advisor: CalendarAdvisorOption | null = candidate
    ? { id: candidate.id, displayName: candidate.displayName }
    : visitRows[0]
      ? { id: visitRows[0].advisorId, displayName: visitRows[0].advisorName }
      : null;
  if (!advisor && !args.includeCancelled) {
    // Someone whose only visits here that week were cancelled is still theirs to look at.
    const [cancelled] = await storeAppointments(db, store.id, period, {
      advisorId: args.advisorId,
      includeCancelled: true,
    });
    if (cancelled) advisor = { id: cancelled.advisorId, displayName: cancelled.advisorName };
  }
  if (!advisor) throw new AppError("not_found");

  const days = dates.map((day) => ({ date: day, ranges: rangesOf(candidate?.hours, day) }));
  const visits = visitRows.map((row) => calendarAppointment(row, store.timeZone));
  const grid = gridBounds({
    workingRanges: days.flatMap((d) => d.ranges),
    storeRanges: dates.flatMap((day) => rangesOf(store.businessHours, day)),
    spans: visits.map((v) => ({
      start: minuteOfDay(v.startsAt, v.day, store.timeZone),
      end: minuteOfDay(v.blockedUntil, v.day, store.timeZone),
    })),
  });
  return {
    store: publicStore(store),
    advisor,
    date,
    days,
    timeOff: timeOff.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })),
    closures,
    appointments: visits,
    ...grid,
  };
}

// ── The list ──────────────────────────────────────────────────────────────────────────────────

export type AppointmentListRow = {
  id: string;
  storeId: string;
  storeCode: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  /** The store-local day the visit starts on. */
  day: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  advisorId: string;
  advisorName: string;
  memberMaskedName: string;
  typeNameZh: string;
  typeNameEn: string;
  roomName: string | null;
  roomNameEn: string | null;
};

/**
 * Visits in the viewer's stores, filtered, sorted and paged on the server. `from`/`to` are whole
 * store-local days, each visit read in its own store's time zone (PostgreSQL converts).
 */
export async function listAppointments(
  db: Db,
  viewer: StaffPrincipal,
  params: AppointmentListParams,
): Promise<{ rows: AppointmentListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [storeFilter(appointments.storeId, storeScopeOf(viewer))];
  if (params.store) conditions.push(eq(appointments.storeId, params.store));
  if (params.advisor) conditions.push(eq(appointments.advisorId, params.advisor));
  if (params.type) conditions.push(eq(appointments.typeId, params.type));
  if (params.status.length) conditions.push(inArray(appointments.status, params.status));
  if (params.from) {
    conditions.push(sql`${appointments.startsAt} >= (${params.from}::date)::timestamp at time zone ${stores.timeZone}`);
  }
  if (params.to) {
    conditions.push(
      sql`${appointments.startsAt} < ((${params.to}::date + 1)::timestamp at time zone ${stores.timeZone})`,
    );
  }
  const where = and(...conditions);
  const direction = params.dir === "asc" ? asc : desc;
  const order = {
    startsAt: [direction(appointments.startsAt)],
    status: [direction(appointments.status), asc(appointments.startsAt)],
    advisor: [direction(staff.displayName), asc(appointments.startsAt)],
  }[params.sort];

  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...appointmentColumns,
        storeId: appointments.storeId,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
      })
      .from(appointments)
      .innerJoin(stores, eq(stores.id, appointments.storeId))
      .innerJoin(members, eq(members.id, appointments.memberId))
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
      .innerJoin(staff, eq(staff.id, appointments.advisorId))
      .leftJoin(rooms, eq(rooms.id, appointments.roomId))
      .where(where)
      // The id breaks ties so that pages never overlap.
      .orderBy(...order, asc(appointments.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(appointments)
      .innerJoin(stores, eq(stores.id, appointments.storeId))
      .where(where),
  ]);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      storeId: row.storeId,
      storeCode: row.storeCode,
      storeName: row.storeName,
      storeNameEn: row.storeNameEn,
      timeZone: row.timeZone,
      day: localDate(row.startsAt, row.timeZone),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      status: row.status,
      advisorId: row.advisorId,
      advisorName: row.advisorName,
      memberMaskedName: maskName(row.memberName),
      typeNameZh: row.typeNameZh,
      typeNameEn: row.typeNameEn,
      roomName: row.roomName,
      roomNameEn: row.roomNameEn,
    })),
    total: total?.value ?? 0,
  };
}

export type AppointmentFilterOptions = {
  stores: CalendarStore[];
  advisors: CalendarAdvisorOption[];
  types: { id: string; nameZh: string; nameEn: string; active: boolean }[];
};

/** What the list's filters offer: the viewer's active stores, the advisors of those stores, every type. */
export async function listAppointmentFilterOptions(db: Db, viewer: StaffPrincipal): Promise<AppointmentFilterOptions> {
  const scope = storeScopeOf(viewer);
  const [storeRows, advisorRows, typeRows] = await Promise.all([
    listCalendarStores(db, viewer),
    db
      .selectDistinct({ id: staff.id, displayName: staff.displayName })
      .from(staff)
      .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
      .leftJoin(staffStores, eq(staffStores.staffId, staff.id))
      .where(
        and(
          eq(staff.active, true),
          scope.kind === "all" ? undefined : or(eq(staff.allStores, true), storeFilter(staffStores.storeId, scope)),
        ),
      )
      .orderBy(asc(staff.displayName), asc(staff.id)),
    db
      .select({
        id: appointmentTypes.id,
        nameZh: appointmentTypes.nameZh,
        nameEn: appointmentTypes.nameEn,
        active: appointmentTypes.active,
      })
      .from(appointmentTypes)
      .orderBy(asc(appointmentTypes.sortOrder), asc(appointmentTypes.nameZh)),
  ]);
  return { stores: storeRows, advisors: advisorRows, types: typeRows };
}

/** The active stores a calendar can show to the viewer, by code. */
export async function listCalendarStores(db: Db, viewer: StaffPrincipal): Promise<CalendarStoreInScope[]> {
  return db
    .select({
      id: stores.id,
      code: stores.code,
      name: stores.name,
      nameEn: stores.nameEn,
      timeZone: stores.timeZone,
      businessHours: stores.businessHours,
    })
    .from(stores)
    .where(and(eq(stores.active, true), storeFilter(stores.id, storeScopeOf(viewer))))
    .orderBy(asc(stores.code));
}

/**
 * The store a calendar opens on: the one asked for when it is among the viewer's stores, else the
 * first store the viewer belongs to, else the first (head office). A stale or foreign store id in
 * the URL falls back instead of failing the page.
 */
export function chooseCalendarStore<T extends { id: string }>(
  available: readonly T[],
  asked: string | undefined,
  viewer: Pick<StaffPrincipal, "storeIds">,
): T | null {
  return (
    available.find((store) => store.id === asked) ??
    available.find((store) => viewer.storeIds.includes(store.id)) ??
    available[0] ??
    null
  );
}

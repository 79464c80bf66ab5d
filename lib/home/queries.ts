import { and, asc, desc, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { appointments, appointmentTypes, members, salesTransactions, stores } from "@/db/schema";
import {
  followUpCallCounts,
  followUpCallListParamsSchema,
  listFollowUpCalls,
  type FollowUpCallRow,
} from "@/lib/after-sales/follow-ups/queries";
import {
  listTickets,
  ticketListParamsSchema,
  ticketQueueCounts,
  type TicketListRow,
  type TicketQueueCounts,
} from "@/lib/after-sales/tickets/queries";
import type { AppointmentStatus } from "@/lib/appointments/calendar/schemas";
import { can, storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import {
  listTasks,
  taskCounts,
  taskListParamsSchema,
  type TaskCounts,
  type TaskRow,
} from "@/lib/clienteling/tasks/queries";
import { complaintListParamsSchema, listComplaints, type ComplaintListRow } from "@/lib/complaints/cases/queries";
import { maskName } from "@/lib/members/masking";
import { membersInScope } from "@/lib/members/scope";
import { lifecycleStageSql } from "@/lib/members/segments/service";
import { localDate, todayIn } from "@/lib/time";
import {
  HOME_LIST_LIMIT,
  homeSectionsFor,
  IMPORTANT_DATES_AHEAD_DAYS,
  RECENTLY_DORMANT_DAYS,
  type HomeSection,
} from "./sections";

/**
 * The home page's reads (issue #17, "role homes at /"): each role's first lists of the day. Where a
 * domain already has the list (tasks, service tickets, follow-up calls, complaints) its own query
 * is asked with the home page's filters; the three reads no domain had are here. Every read takes
 * the viewer: an advisor's lists are their own (`advisor_id`), and every list is in the viewer's
 * store scope, in the WHERE. Member names are masked, as on every list of the portal (the 360°
 * view, one click away, shows what the reader may see). Store-local days are each store's own
 * (its time zone), worked out by PostgreSQL from `now`.
 */

/** A short list and how many rows it stands for (the count may be larger than the list). */
export type HomeList<T> = { rows: T[]; total: number };

// ── The advisor's appointments today and tomorrow ───────────────────────────────────────────────

export type HomeAppointmentRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  /** The store-local day the visit starts on, and whether that is the store's today or tomorrow. */
  day: string;
  when: "today" | "tomorrow";
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  typeNameZh: string;
  typeNameEn: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
};

/** Today at the row's store, as SQL (a date). */
function storeToday(now: Date): SQL {
  return sql`(${now.toISOString()}::timestamptz at time zone ${stores.timeZone})::date`;
}

/** The start of the store-local day `days` after today at the row's store, as SQL (an instant). */
function storeDayStart(now: Date, days: number): SQL {
  return sql`((${storeToday(now)} + ${days}::int)::timestamp at time zone ${stores.timeZone})`;
}

/**
 * The viewer's own visits (they are the advisor) starting today or tomorrow in the visit's store's
 * time zone, cancelled ones left out, by start time; `today` counts those of today.
 */
export async function advisorAppointments(
  db: Db,
  viewer: StaffPrincipal,
  options: { now?: Date; limit?: number } = {},
): Promise<HomeList<HomeAppointmentRow> & { today: number }> {
  const now = options.now ?? new Date();
  const tomorrowStart = storeDayStart(now, 1);
  const rows = await db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      memberId: appointments.memberId,
      memberName: members.name,
      memberErasedAt: members.erasedAt,
      typeNameZh: appointmentTypes.nameZh,
      typeNameEn: appointmentTypes.nameEn,
      storeId: appointments.storeId,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
      total: sql<number>`count(*) over ()`.mapWith(Number),
      today: sql<number>`count(*) filter (where ${appointments.startsAt} < ${tomorrowStart}) over ()`.mapWith(Number),
    })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .where(
      and(
        eq(appointments.advisorId, viewer.id),
        storeFilter(appointments.storeId, storeScopeOf(viewer)),
        ne(appointments.status, "cancelled"),
        sql`${appointments.startsAt} >= ${storeDayStart(now, 0)}`,
        sql`${appointments.startsAt} < ${storeDayStart(now, 2)}`,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(options.limit ?? HOME_LIST_LIMIT);
  return {
    rows: rows.map((row) => {
      const day = localDate(row.startsAt, row.timeZone);
      return {
        id: row.id,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        status: row.status,
        day,
        when: day === todayIn(row.timeZone, now) ? "today" : "tomorrow",
        memberId: row.memberId,
        memberName: row.memberErasedAt ? "—" : maskName(row.memberName),
        typeNameZh: row.typeNameZh,
        typeNameEn: row.typeNameEn,
        storeId: row.storeId,
        storeName: row.storeName,
        storeNameEn: row.storeNameEn,
        timeZone: row.timeZone,
      };
    }),
    total: rows[0]?.total ?? 0,
    today: rows[0]?.today ?? 0,
  };
}

// ── Important dates of the advisor's clients ────────────────────────────────────────────────────

export type ImportantDateKind = "birthday" | "anniversary" | "partner_birthday" | "birthday_of_child" | "other";

export type HomeImportantDateRow = {
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  kind: ImportantDateKind;
  label: string | null;
  /** The recorded date (a birthday's year of birth included). */
  date: string;
  /** Its next occurrence, today included, in the member's home store's time zone. */
  occursOn: string;
  /** Days from the home store's today to the occurrence (0 = today). */
  daysUntil: number;
};

/**
 * The viewer's clients (members whose advisor they are, in their stores) with a birthday or a
 * recorded important date whose next occurrence falls from today to IMPORTANT_DATES_AHEAD_DAYS
 * ahead, both days included, counted in the member's home store's time zone. A date recurs on its
 * month-day every year, 29 February on the 28th in a common year (as PostgreSQL adds years, and as
 * the task job counts: docs/domain.md#tasks-and-the-contact-log); a date recorded for the future
 * has no occurrence before it, and a birthday none on the day of birth.
 */
export async function upcomingImportantDates(
  db: Db,
  viewer: StaffPrincipal,
  options: { now?: Date; limit?: number; aheadDays?: number } = {},
): Promise<HomeList<HomeImportantDateRow>> {
  const now = (options.now ?? new Date()).toISOString();
  const ahead = options.aheadDays ?? IMPORTANT_DATES_AHEAD_DAYS;
  const mine = and(eq(members.advisorId, viewer.id), membersInScope(viewer), isNull(members.erasedAt));
  const result = await db.execute(sql`
    select x.member_id, x.name, x.kind, x.label, x.date::text as date, x.occurs_on::text as occurs_on,
           (x.occurs_on - x.today)::int as days_until, count(*) over () as total
      from (
        select d.member_id, d.name, d.kind, d.label, d.date, t.today,
               case when o.this_year >= t.today then o.this_year else o.next_year end as occurs_on
          from (
            select members.id as member_id, members.name, 'birthday'::text as kind, null::text as label,
                   members.birthday as date, members.home_store_id
              from members
             where ${mine} and members.birthday is not null
            union all
            select members.id, members.name, member_important_dates.kind::text, member_important_dates.label,
                   member_important_dates.date, members.home_store_id
              from member_important_dates
              join members on members.id = member_important_dates.member_id
             where ${mine}
          ) d
          join stores s on s.id = d.home_store_id
          cross join lateral (select (${now}::timestamptz at time zone s.time_zone)::date as today) t
          cross join lateral (
            select (d.date + make_interval(years => extract(year from t.today)::int - extract(year from d.date)::int))::date
                     as this_year,
                   (d.date + make_interval(years => extract(year from t.today)::int + 1 - extract(year from d.date)::int))::date
                     as next_year
          ) o
      ) x
     where x.occurs_on <= x.today + ${ahead}::int
       and (x.occurs_on > x.date or (x.kind <> 'birthday' and x.occurs_on = x.date))
     order by x.occurs_on, x.member_id, x.kind
     limit ${options.limit ?? HOME_LIST_LIMIT}`);
  type Row = {
    member_id: string;
    name: string;
    kind: ImportantDateKind;
    label: string | null;
    date: string;
    occurs_on: string;
    days_until: number;
    total: number | string;
  };
  const rows = rowsOf<Row>(result);
  return {
    rows: rows.map((row) => ({
      memberId: row.member_id,
      memberName: maskName(row.name),
      kind: row.kind,
      label: row.label,
      date: row.date,
      occursOn: row.occurs_on,
      daysUntil: Number(row.days_until),
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}

// ── The advisor's clients who turned dormant ────────────────────────────────────────────────────

/** docs/domain.md#lifecycle-and-rfm-segments: dormant after 180 days without a purchase. */
const DORMANT_AFTER_DAYS = 180;

export type HomeDormantRow = {
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  tier: string;
  lastPurchaseAt: Date;
  /** The home store's local day of the last purchase. */
  lastPurchaseOn: string;
  /** The moment the member turned dormant: the last purchase plus 180 days. */
  dormantSince: Date;
  timeZone: string;
};

/**
 * The viewer's clients who turned dormant (沉睡) within the last RECENTLY_DORMANT_DAYS, the most
 * recent first. The stage is worked out from the purchases with the segments' own definition
 * (lifecycleStageSql), not read from the stored stage, so a client shows the day they turn dormant
 * even before the nightly job. Lost clients (a year without a purchase) are left out.
 */
export async function recentlyDormantClients(
  db: Db,
  viewer: StaffPrincipal,
  options: { now?: Date; limit?: number; withinDays?: number } = {},
): Promise<HomeList<HomeDormantRow>> {
  const now = (options.now ?? new Date()).toISOString();
  const within = options.withinDays ?? RECENTLY_DORMANT_DAYS;
  const lastPurchase = sql`max(${salesTransactions.occurredAt})`;
  const rows = await db
    .select({
      memberId: members.id,
      name: members.name,
      tier: members.tier,
      timeZone: stores.timeZone,
      lastPurchaseAt: sql<Date>`${lastPurchase}`.mapWith(salesTransactions.occurredAt),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .innerJoin(
      salesTransactions,
      and(
        eq(salesTransactions.memberId, members.id),
        eq(salesTransactions.kind, "purchase"),
        sql`${salesTransactions.occurredAt} <= ${now}::timestamptz`,
      ),
    )
    .where(and(eq(members.advisorId, viewer.id), membersInScope(viewer), isNull(members.erasedAt)))
    .groupBy(members.id, stores.timeZone)
    .having(
      and(
        sql`${lifecycleStageSql(sql`min(${salesTransactions.occurredAt})`, lastPurchase, now)} = 'dormant'`,
        sql`${lastPurchase} >= ${now}::timestamptz - make_interval(days => ${DORMANT_AFTER_DAYS + within}::int)`,
      ),
    )
    .orderBy(desc(lastPurchase), asc(members.id))
    .limit(options.limit ?? HOME_LIST_LIMIT);
  return {
    rows: rows.map((row) => ({
      memberId: row.memberId,
      memberName: maskName(row.name),
      tier: row.tier,
      lastPurchaseAt: row.lastPurchaseAt,
      lastPurchaseOn: localDate(row.lastPurchaseAt, row.timeZone),
      dormantSince: new Date(row.lastPurchaseAt.getTime() + DORMANT_AFTER_DAYS * 86_400_000),
      timeZone: row.timeZone,
    })),
    total: rows[0]?.total ?? 0,
  };
}

// ── The manager's day ───────────────────────────────────────────────────────────────────────────

/** Visits today (each store's local day) in the viewer's stores, cancelled ones left out. */
export async function appointmentsTodayCount(db: Db, viewer: StaffPrincipal, now: Date = new Date()): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)`.mapWith(Number) })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .where(
      and(
        storeFilter(appointments.storeId, storeScopeOf(viewer)),
        ne(appointments.status, "cancelled"),
        sql`${appointments.startsAt} >= ${storeDayStart(now, 0)}`,
        sql`${appointments.startsAt} < ${storeDayStart(now, 1)}`,
      ),
    );
  return row?.value ?? 0;
}

// ── Everything the home page shows, by section ──────────────────────────────────────────────────

export type StoreSummary = {
  /** Null where the viewer lacks the permission of the list the figure links to. */
  appointmentsToday: number | null;
  tickets: Pick<TicketQueueCounts, "open" | "overdue" | "ready_for_pickup"> | null;
  callsDue: number | null;
  complaintsAtRisk: number | null;
  complaintsBreached: number | null;
  unassignedTasks: number | null;
};

export type HomeData = {
  sections: Set<HomeSection>;
  advisorAppointments?: Awaited<ReturnType<typeof advisorAppointments>>;
  importantDates?: HomeList<HomeImportantDateRow>;
  advisorTasks?: HomeList<TaskRow> & { counts: TaskCounts };
  dormantClients?: HomeList<HomeDormantRow>;
  ticketQueue?: HomeList<TicketListRow>;
  overdueTickets?: HomeList<TicketListRow>;
  followUpCalls?: HomeList<FollowUpCallRow> & { overdue: number };
  myComplaints?: HomeList<ComplaintListRow>;
  atRiskComplaints?: HomeList<ComplaintListRow>;
  storeSummary?: StoreSummary;
};

const none = Promise.resolve(undefined);

/**
 * The viewer's home page: the sections of each of their roles (./sections.ts), every list read at
 * once. A section the viewer does not get is not read at all.
 */
export async function loadHome(db: Db, viewer: StaffPrincipal, options: { now?: Date } = {}): Promise<HomeData> {
  const now = options.now ?? new Date();
  const sections = homeSectionsFor(viewer);
  const limit = HOME_LIST_LIMIT;
  const has = (section: HomeSection) => sections.has(section);
  const tickets = (status: "open" | "overdue") =>
    listTickets(db, viewer, { ...ticketListParamsSchema.parse({ status, sort: "promised" }), pageSize: limit }, now);
  const complaintsOf = (tab: "mine" | "at_risk") =>
    listComplaints(db, viewer, { ...complaintListParamsSchema.parse({ tab, sort: "due" }), pageSize: limit }, now);

  const [appointmentsToday, importantDates, tasks, dormant, queue, overdue, calls, mine, atRisk, summary] =
    await Promise.all([
      has("advisorAppointments") ? advisorAppointments(db, viewer, { now }) : none,
      has("importantDates") ? upcomingImportantDates(db, viewer, { now }) : none,
      has("advisorTasks")
        ? Promise.all([
            listTasks(db, viewer, { ...taskListParamsSchema.parse({ view: "mine" }), pageSize: limit }, { now }),
            taskCounts(db, viewer, { now }),
          ]).then(([list, counts]) => ({ rows: list.rows, total: list.total, counts }))
        : none,
      has("dormantClients") ? recentlyDormantClients(db, viewer, { now }) : none,
      has("ticketQueue") ? tickets("open") : none,
      has("overdueTickets") ? tickets("overdue") : none,
      has("followUpCalls") ? callsDue(db, viewer, now) : none,
      has("myComplaints") ? complaintsOf("mine") : none,
      has("atRiskComplaints") ? complaintsOf("at_risk") : none,
      has("storeSummary") ? storeSummary(db, viewer, now) : none,
    ]);
  return {
    sections,
    advisorAppointments: appointmentsToday,
    importantDates,
    advisorTasks: tasks,
    dormantClients: dormant,
    ticketQueue: queue,
    overdueTickets: overdue,
    followUpCalls: calls,
    myComplaints: mine,
    atRiskComplaints: atRisk,
    storeSummary: summary,
  };
}

/**
 * The open follow-up calls due today or earlier (store-local), overdue first: the call list's own
 * query in its own order (open, by due date), keeping the rows that are due.
 */
async function callsDue(
  db: Db,
  viewer: StaffPrincipal,
  now: Date,
): Promise<HomeList<FollowUpCallRow> & { overdue: number }> {
  const [list, counts] = await Promise.all([
    listFollowUpCalls(
      db,
      viewer,
      { ...followUpCallListParamsSchema.parse({ status: "open" }), pageSize: HOME_LIST_LIMIT },
      now,
    ),
    followUpCallCounts(db, viewer, now),
  ]);
  return {
    rows: list.rows.filter((row) => row.overdue || row.dueToday),
    total: counts.overdue + counts.dueToday,
    overdue: counts.overdue,
  };
}

/** The manager's figures of the day, each from its domain's own count, for the lists they may open. */
async function storeSummary(db: Db, viewer: StaffPrincipal, now: Date): Promise<StoreSummary> {
  const complaintTotal = (tab: "at_risk" | "breached") =>
    listComplaints(db, viewer, { ...complaintListParamsSchema.parse({ tab }), pageSize: 1 }, now).then((r) => r.total);
  const [appointmentsToday, tickets, calls, atRisk, breached, tasks] = await Promise.all([
    can(viewer, "appointments.read") ? appointmentsTodayCount(db, viewer, now) : null,
    can(viewer, "aftersales.read") ? ticketQueueCounts(db, viewer, ticketListParamsSchema.parse({}), now) : null,
    can(viewer, "aftersales.calls") ? followUpCallCounts(db, viewer, now) : null,
    can(viewer, "complaints.read") ? complaintTotal("at_risk") : null,
    can(viewer, "complaints.read") ? complaintTotal("breached") : null,
    can(viewer, "clienteling.tasks") ? taskCounts(db, viewer, { now }) : null,
  ]);
  return {
    appointmentsToday,
    tickets: tickets
      ? { open: tickets.open, overdue: tickets.overdue, ready_for_pickup: tickets.ready_for_pickup }
      : null,
    callsDue: calls ? calls.overdue + calls.dueToday : null,
    complaintsAtRisk: atRisk,
    complaintsBreached: breached,
    unassignedTasks: tasks?.unassigned ?? null,
  };
}

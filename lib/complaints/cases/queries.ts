import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  appointments,
  complaintEvents,
  complaintPauses,
  complaints,
  members,
  salesTransactions,
  serviceTickets,
  staff,
  stores,
} from "@/db/schema";
import { openTicketsForMember } from "@/lib/after-sales/tickets/queries";
import { findBookingMembers, type BookingMember } from "@/lib/appointments/booking/queries";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { listParams, listText } from "@/lib/list-params";
import { maskName, maskPhone } from "@/lib/members/masking";
import { memberInScopeOrThrow, membersInScope } from "@/lib/members/scope";
import { isBusinessDay } from "@/lib/time";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_SORTS,
  COMPLAINT_STATUSES,
  COMPLAINT_TABS,
  OPEN_STATUSES,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintEventKind,
  type ComplaintSeverity,
  type ComplaintStatus,
} from "./schemas";
import { calendarFor, complaintClocks, slaPauses, type ComplaintClocks } from "./sla";
import { HANDLER_ROLES } from "./transitions";

/**
 * Reads of complaints (docs/domain.md#intake-work-and-escalation): the queues, one complaint's page
 * and the intake form's choices. Store scope is in every WHERE: another store's complaint is not
 * found. Customer and member names are masked; the 360° page is one click away.
 */

// ── The queues ────────────────────────────────────────────────────────────────────────────────

const businessDay = z.string().refine(isBusinessDay).optional().catch(undefined);

export const complaintListParamsSchema = z.object({
  tab: z.enum(COMPLAINT_TABS).default("mine").catch("mine"),
  store: z.uuid().optional().catch(undefined),
  status: z.enum(COMPLAINT_STATUSES).optional().catch(undefined),
  severity: z.enum(COMPLAINT_SEVERITIES).optional().catch(undefined),
  category: z.enum(COMPLAINT_CATEGORIES).optional().catch(undefined),
  channel: z.enum(COMPLAINT_CHANNELS).optional().catch(undefined),
  /** A staff id, or "none" for the unassigned. */
  assignee: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .catch(undefined),
  /** Received from / until, store-local dates (inclusive). */
  from: businessDay,
  to: businessDay,
  q: listText(40),
  sort: z.enum(COMPLAINT_SORTS).default("due").catch("due"),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type ComplaintListParams = z.output<typeof complaintListParamsSchema>;

export type SlaBadge = {
  /** Which clock the badge shows: the first response until answered, then the resolution. */
  clock: "response" | "resolution";
  /** Business minutes left (negative once breached). */
  minutesLeft: number;
  ratio: number;
  warning: boolean;
  breached: boolean;
  paused: boolean;
};

export type ComplaintListRow = {
  id: string;
  reference: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  status: ComplaintStatus;
  severity: ComplaintSeverity;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  customerName: string;
  receivedAt: Date;
  dueAt: Date;
  assigneeName: string | null;
  regulatorReferral: boolean;
  sla: SlaBadge | null;
};

const isOpen = inArray(complaints.status, [...OPEN_STATUSES]);

/** Breached: an escalation made, or a due time passed (the resolution one only while not paused: its cached due time is stale then). */
function breachedSql(now: Date): SQL {
  return or(
    isNotNull(complaints.responseEscalatedAt),
    isNotNull(complaints.resolutionEscalatedAt),
    and(isNull(complaints.firstRespondedAt), lt(complaints.firstResponseDueAt, now)),
    and(ne(complaints.status, "waiting_on_customer"), lt(complaints.resolutionDueAt, now)),
  )!;
}

/** At risk: the job flagged a warning (80 %) and nothing is breached yet. */
function atRiskSql(now: Date): SQL {
  return and(
    or(
      and(isNull(complaints.firstRespondedAt), isNotNull(complaints.responseWarnedAt)),
      isNotNull(complaints.resolutionWarnedAt),
    ),
    sql`not (${breachedSql(now)})`,
  )!;
}

const SEVERITY_RANK = sql`array_position(array['low','medium','high','critical']::complaint_severity[], ${complaints.severity})`;
/** The due time that matters now: the first response's until answered, then the resolution's. */
const CURRENT_DUE = sql<Date>`case when ${complaints.firstRespondedAt} is null then least(${complaints.firstResponseDueAt}, ${complaints.resolutionDueAt}) else ${complaints.resolutionDueAt} end`;

export async function listComplaints(
  db: Db,
  me: StaffPrincipal,
  params: ComplaintListParams,
  now: Date = new Date(),
): Promise<{ rows: ComplaintListRow[]; total: number }> {
  const assignee = alias(staff, "assignee");
  const conditions: (SQL | undefined)[] = [storeFilter(complaints.storeId, storeScopeOf(me))];
  switch (params.tab) {
    case "mine":
      conditions.push(isOpen, eq(complaints.assigneeId, me.id));
      break;
    case "team":
      conditions.push(isOpen);
      break;
    case "at_risk":
      conditions.push(isOpen, atRiskSql(now));
      break;
    case "breached":
      conditions.push(isOpen, breachedSql(now));
      break;
    case "all":
      break;
  }
  if (params.store) conditions.push(eq(complaints.storeId, params.store));
  if (params.status) conditions.push(eq(complaints.status, params.status));
  if (params.severity) conditions.push(eq(complaints.severity, params.severity));
  if (params.category) conditions.push(eq(complaints.category, params.category));
  if (params.channel) conditions.push(eq(complaints.channel, params.channel));
  if (params.assignee === "none") conditions.push(isNull(complaints.assigneeId));
  else if (params.assignee) conditions.push(eq(complaints.assigneeId, params.assignee));
  // The store-local day of receipt, in the complaint's store's zone.
  const receivedDay = sql`(${complaints.receivedAt} at time zone ${stores.timeZone})::date`;
  if (params.from) conditions.push(sql`${receivedDay} >= ${params.from}::date`);
  if (params.to) conditions.push(sql`${receivedDay} <= ${params.to}::date`);
  if (params.q) conditions.push(eq(complaints.reference, params.q.toUpperCase()));
  const where = and(...conditions);

  const direction = params.dir === "desc" ? desc : asc;
  const order =
    params.sort === "received"
      ? direction(complaints.receivedAt)
      : params.sort === "severity"
        ? direction(SEVERITY_RANK)
        : direction(CURRENT_DUE);

  const [rows, [total]] = await Promise.all([
    db
      .select({
        complaint: complaints,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
        memberName: members.name,
        assigneeName: assignee.displayName,
      })
      .from(complaints)
      .innerJoin(stores, eq(stores.id, complaints.storeId))
      .leftJoin(members, eq(members.id, complaints.memberId))
      .leftJoin(assignee, eq(assignee.id, complaints.assigneeId))
      .where(where)
      .orderBy(order, asc(complaints.receivedAt), asc(complaints.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(complaints).innerJoin(stores, eq(stores.id, complaints.storeId)).where(where),
  ]);

  const clocks = await clocksOf(
    db,
    rows.map((row) => row.complaint),
    now,
  );
  return {
    rows: rows.map(({ complaint, memberName, ...row }) => ({
      id: complaint.id,
      reference: complaint.reference,
      storeId: complaint.storeId,
      storeName: row.storeName,
      storeNameEn: row.storeNameEn,
      timeZone: row.timeZone,
      status: complaint.status,
      severity: complaint.severity,
      category: complaint.category,
      channel: complaint.channel,
      customerName: maskName(memberName ?? complaint.customerName ?? ""),
      receivedAt: complaint.receivedAt,
      dueAt: complaint.firstRespondedAt ? complaint.resolutionDueAt : complaint.firstResponseDueAt,
      assigneeName: row.assigneeName,
      regulatorReferral: complaint.regulatorReferral,
      sla: badgeOf(complaint, clocks.get(complaint.id)),
    })),
    total: total?.value ?? 0,
  };
}

type ClockComplaint = typeof complaints.$inferSelect;

/** Both clocks of each open complaint, one calendar per store, its pauses read in one query. */
async function clocksOf(
  db: Db,
  rows: readonly ClockComplaint[],
  now: Date,
): Promise<Map<string, ComplaintClocks & { paused: boolean }>> {
  const open = rows.filter((row) => (OPEN_STATUSES as readonly string[]).includes(row.status));
  const result = new Map<string, ComplaintClocks & { paused: boolean }>();
  if (open.length === 0) return result;
  const pauseRows = await db
    .select({
      complaintId: complaintPauses.complaintId,
      startedAt: complaintPauses.startedAt,
      endedAt: complaintPauses.endedAt,
    })
    .from(complaintPauses)
    .where(
      inArray(
        complaintPauses.complaintId,
        open.map((row) => row.id),
      ),
    )
    .orderBy(asc(complaintPauses.startedAt));
  const byStore = new Map<string, ClockComplaint[]>();
  for (const row of open) byStore.set(row.storeId, [...(byStore.get(row.storeId) ?? []), row]);
  for (const [storeId, storeRows] of byStore) {
    const from = storeRows.reduce(
      (min, row) => (row.receivedAt < min ? row.receivedAt : min),
      storeRows[0]!.receivedAt,
    );
    const calendar = await calendarFor(db, storeId, from, now);
    for (const row of storeRows) {
      const own = pauseRows.filter((pause) => pause.complaintId === row.id);
      result.set(row.id, {
        ...complaintClocks(calendar, row, slaPauses(own), now),
        paused: own.some((pause) => pause.endedAt === null),
      });
    }
  }
  return result;
}

function badgeOf(
  complaint: ClockComplaint,
  clocks: (ComplaintClocks & { paused: boolean }) | undefined,
): SlaBadge | null {
  if (!clocks) return null;
  const clock = clocks.response ? "response" : "resolution";
  const state = clocks.response ?? clocks.resolution;
  // The resolution clock breached before the response one would show the worse of the two.
  const worse = clocks.response && clocks.resolution.ratio > clocks.response.ratio ? clocks.resolution : state;
  return {
    clock: worse === clocks.resolution ? "resolution" : clock,
    minutesLeft: worse.target - worse.elapsed,
    ratio: worse.ratio,
    warning: worse.warning,
    breached: worse.breached,
    paused: clocks.paused && complaint.firstRespondedAt !== null,
  };
}

// ── One complaint ─────────────────────────────────────────────────────────────────────────────

export type ComplaintEventRow = {
  id: number;
  kind: ComplaintEventKind;
  body: string;
  channel: string | null;
  outcome: string | null;
  fromStatus: ComplaintStatus | null;
  toStatus: ComplaintStatus | null;
  actorName: string | null;
  at: Date;
};

export type ComplaintDetail = Awaited<ReturnType<typeof getComplaintDetail>>;

/** A complaint's page: the row, its store, clocks, member (masked), timeline and pauses; null when out of scope. */
export async function getComplaintDetail(db: Db, me: StaffPrincipal, complaintId: string, now: Date = new Date()) {
  if (!z.uuid().safeParse(complaintId).success) return null;
  const assignee = alias(staff, "assignee");
  const [row] = await db
    .select({
      complaint: complaints,
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      assigneeName: assignee.displayName,
    })
    .from(complaints)
    .innerJoin(stores, eq(stores.id, complaints.storeId))
    .leftJoin(assignee, eq(assignee.id, complaints.assigneeId))
    .where(and(eq(complaints.id, complaintId), storeFilter(complaints.storeId, storeScopeOf(me))));
  if (!row) return null;
  const { complaint } = row;
  const actor = alias(staff, "actor");
  const [events, pauses, member, purchase, appointment, relatedTicket, calendar] = await Promise.all([
    db
      .select({
        id: complaintEvents.id,
        kind: complaintEvents.kind,
        body: complaintEvents.body,
        channel: complaintEvents.channel,
        outcome: complaintEvents.outcome,
        fromStatus: complaintEvents.fromStatus,
        toStatus: complaintEvents.toStatus,
        actorName: sql<string | null>`coalesce(${actor.displayName}, ${complaintEvents.actorLabel})`,
        at: complaintEvents.at,
      })
      .from(complaintEvents)
      .leftJoin(actor, eq(actor.id, complaintEvents.actorStaffId))
      .where(eq(complaintEvents.complaintId, complaint.id))
      .orderBy(desc(complaintEvents.id)),
    db
      .select({
        startedAt: complaintPauses.startedAt,
        endedAt: complaintPauses.endedAt,
        reason: complaintPauses.reason,
      })
      .from(complaintPauses)
      .where(eq(complaintPauses.complaintId, complaint.id))
      .orderBy(asc(complaintPauses.startedAt)),
    complaint.memberId
      ? db
          .select({
            id: members.id,
            name: members.name,
            phone: members.phoneE164,
            tier: members.tier,
            erasedAt: members.erasedAt,
            homeStoreId: members.homeStoreId,
            inScope: sql<boolean>`${membersInScope(me)}`,
          })
          .from(members)
          .where(eq(members.id, complaint.memberId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    complaint.relatedTransactionId
      ? db
          .select({
            id: salesTransactions.id,
            externalId: salesTransactions.externalId,
            occurredAt: salesTransactions.occurredAt,
            totalPaidFen: salesTransactions.totalPaidFen,
          })
          .from(salesTransactions)
          .where(eq(salesTransactions.id, complaint.relatedTransactionId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    complaint.relatedAppointmentId
      ? db
          .select({ id: appointments.id, startsAt: appointments.startsAt, status: appointments.status })
          .from(appointments)
          .where(eq(appointments.id, complaint.relatedAppointmentId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    complaint.relatedTicketId
      ? db
          .select({ id: serviceTickets.id, reference: serviceTickets.reference })
          .from(serviceTickets)
          .where(eq(serviceTickets.id, complaint.relatedTicketId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    calendarFor(db, complaint.storeId, complaint.receivedAt, now),
  ]);
  const open = (OPEN_STATUSES as readonly string[]).includes(complaint.status);
  const clocks = open ? complaintClocks(calendar, complaint, slaPauses(pauses), now) : null;
  const earlier = complaint.memberId
    ? await db
        .select({
          id: complaints.id,
          reference: complaints.reference,
          status: complaints.status,
          receivedAt: complaints.receivedAt,
        })
        .from(complaints)
        .where(
          and(
            eq(complaints.memberId, complaint.memberId),
            ne(complaints.id, complaint.id),
            storeFilter(complaints.storeId, storeScopeOf(me)),
          ),
        )
        .orderBy(desc(complaints.receivedAt))
        .limit(10)
    : [];
  // The member's open service tickets, as the after-sales domain reads them (an after-sales
  // complaint is often about one of them).
  const openServiceTickets = complaint.memberId ? await openTicketsForMember(db, me, complaint.memberId, { now }) : [];
  return {
    complaint,
    store: row.store,
    assigneeName: row.assigneeName,
    events: events as ComplaintEventRow[],
    pauses,
    paused: pauses.some((pause) => pause.endedAt === null),
    clocks,
    customer: member
      ? {
          kind: "member" as const,
          id: member.id,
          maskedName: member.erasedAt ? "" : maskName(member.name),
          maskedPhone: member.erasedAt ? "" : maskPhone(member.phone),
          tier: member.tier,
          erased: member.erasedAt !== null,
          inScope: Boolean(member.inScope),
        }
      : {
          kind: "unidentified" as const,
          maskedName: maskName(complaint.customerName ?? ""),
          maskedContact: maskContact(complaint.customerContact ?? ""),
        },
    purchase,
    appointment,
    relatedTicket,
    earlierComplaints: earlier,
    openServiceTickets,
  };
}

/** A free-text contact (a phone, an e-mail, a WeChat id), masked: its first two and last two characters. */
export function maskContact(contact: string): string {
  const text = contact.trim();
  if (text.length <= 4) return "*".repeat(text.length);
  return `${text.slice(0, 2)}${"*".repeat(Math.min(6, text.length - 4))}${text.slice(-2)}`;
}

/** Active handlers (complaints.handle) of a store, for the assign dialog. */
export async function complaintHandlers(db: Db, storeId: string): Promise<{ id: string; displayName: string }[]> {
  return db
    .select({ id: staff.id, displayName: staff.displayName })
    .from(staff)
    .where(
      and(
        eq(staff.active, true),
        sql`exists (select 1 from staff_roles sr where sr.staff_id = ${staff.id} and sr.role in (${sql.join(
          HANDLER_ROLES.map((role) => sql`${role}`),
          sql`, `,
        )}))`,
        or(
          eq(staff.allStores, true),
          sql`exists (select 1 from staff_stores ss where ss.staff_id = ${staff.id} and ss.store_id = ${storeId})`,
        ),
      ),
    )
    .orderBy(asc(staff.displayName), asc(staff.id));
}

// ── The intake form ───────────────────────────────────────────────────────────────────────────

/** The active stores of the staff member, for the intake form. */
export async function intakeStores(db: Db, me: StaffPrincipal) {
  return db
    .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
    .from(stores)
    .where(and(eq(stores.active, true), storeFilter(stores.id, storeScopeOf(me))))
    .orderBy(asc(stores.code));
}

/** The member search of the intake form: the booking page's (the member list's search, in scope, masked). */
export async function findComplaintMembers(db: Db, me: StaffPrincipal, q: string): Promise<BookingMember[]> {
  return findBookingMembers(db, me, q);
}

export type MemberRelations = {
  purchases: { id: string; externalId: string; occurredAt: string; totalPaidFen: number }[];
  appointments: { id: string; startsAt: string; status: string }[];
  tickets: { id: string; reference: string; serviceType: string; createdAt: string }[];
};

/** The member's latest purchases, visits and service tickets (20 each), JSON-safe, for the intake form's related fields. */
export async function memberRelations(db: Db, me: StaffPrincipal, memberId: string): Promise<MemberRelations> {
  const member = await memberInScopeOrThrow(db, me, memberId);
  const [purchaseRows, visitRows, ticketRows] = await Promise.all([
    db
      .select({
        id: salesTransactions.id,
        externalId: salesTransactions.externalId,
        occurredAt: salesTransactions.occurredAt,
        totalPaidFen: salesTransactions.totalPaidFen,
      })
      .from(salesTransactions)
      .where(and(eq(salesTransactions.memberId, member.id), eq(salesTransactions.kind, "purchase")))
      .orderBy(desc(salesTransactions.occurredAt))
      .limit(20),
    db
      .select({ id: appointments.id, startsAt: appointments.startsAt, status: appointments.status })
      .from(appointments)
      .where(eq(appointments.memberId, member.id))
      .orderBy(desc(appointments.startsAt))
      .limit(20),
    db
      .select({
        id: serviceTickets.id,
        reference: serviceTickets.reference,
        serviceType: serviceTickets.serviceType,
        createdAt: serviceTickets.createdAt,
      })
      .from(serviceTickets)
      .where(eq(serviceTickets.memberId, member.id))
      .orderBy(desc(serviceTickets.createdAt))
      .limit(20),
  ]);
  return {
    purchases: purchaseRows.map((p) => ({
      ...p,
      occurredAt: p.occurredAt.toISOString(),
      totalPaidFen: Number(p.totalPaidFen),
    })),
    appointments: visitRows.map((a) => ({ ...a, startsAt: a.startsAt.toISOString() })),
    tickets: ticketRows.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
  };
}

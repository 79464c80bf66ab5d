import { differenceInCalendarDays, differenceInCalendarYears } from "date-fns";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { allAnswered, rowsOf, type Db } from "@/db/client";
import {
  appointmentPicks,
  appointmentPurchases,
  appointments,
  appointmentTypes,
  memberImportantDates,
  members,
  memberWishlistItems,
  rooms,
  salesTransactionLines,
  salesTransactions,
  staff,
  stores,
} from "@/db/schema";
import { openTicketsForMember, type MemberOpenTicket } from "@/lib/after-sales/tickets/queries";
import { canAccessStore, storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { tierProgress, type TierProgress } from "@/lib/loyalty/tiers/queries";
import { clientelingProfileSchema, type ClientelingProfile } from "@/lib/members/clienteling/schemas";
import { contactView } from "@/lib/members/masking";
import { calendarDay, localDate, shiftDay, startOfLocalDay } from "@/lib/time";
import {
  advisorSalesPeriodSchema,
  IMPORTANT_DATES_AHEAD_DAYS,
  OUTCOME_DAYS_AFTER,
  outcomeOpen,
  RECENT_PURCHASES_LIMIT,
  trayOpen,
  type AdvisorSalesPeriod,
} from "./schemas";

/**
 * The preparation page of one visit (docs/domain.md#appointments): the visit, and what the advisor
 * wants to know about the member before it — preferences and sizes, recent purchases, wishlist,
 * important dates ahead, tier progress, open service tickets and the tray of picks — and, once the
 * member came, the purchases attributable to it. Store scope is the appointment's store, in every
 * WHERE: another store's visit is not found. The member is shown as the 360° view shows them
 * (contactView: masked unless it is the advisor's own client).
 */

const uuid = z.uuid();

export type AppointmentStatus = (typeof appointments.$inferSelect)["status"];

/** The appointment if its store is one of the staff member's (locked for update when asked); else null. */
export async function appointmentInScope(
  db: Db,
  viewer: StaffPrincipal,
  appointmentId: string,
  options: { forUpdate?: boolean } = {},
) {
  if (!uuid.safeParse(appointmentId).success) return null;
  const query = db
    .select({ appointment: appointments, timeZone: stores.timeZone })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(viewer))));
  const [row] = options.forUpdate ? await query.for("update", { of: appointments }) : await query;
  return row ? { ...row.appointment, timeZone: row.timeZone } : null;
}

export async function appointmentInScopeOrThrow(
  db: Db,
  viewer: StaffPrincipal,
  appointmentId: string,
  options: { forUpdate?: boolean } = {},
) {
  const row = await appointmentInScope(db, viewer, appointmentId, options);
  if (!row) throw new AppError("not_found");
  return row;
}

// ── Sections ────────────────────────────────────────────────────────────────────────────────

export type VisitPick = {
  id: string;
  sku: string;
  name: string;
  priceFen: number | null;
  note: string;
  addedByName: string | null;
  createdAt: Date;
};

/** The tray, in the order the advisor put pieces on it (the caller has checked the appointment's scope). */
export async function listPicks(db: Db, appointmentId: string): Promise<VisitPick[]> {
  return db
    .select({
      id: appointmentPicks.id,
      sku: appointmentPicks.sku,
      name: appointmentPicks.name,
      priceFen: appointmentPicks.priceFen,
      note: appointmentPicks.note,
      addedByName: staff.displayName,
      createdAt: appointmentPicks.createdAt,
    })
    .from(appointmentPicks)
    .leftJoin(staff, eq(staff.id, appointmentPicks.addedBy))
    .where(eq(appointmentPicks.appointmentId, appointmentId))
    .orderBy(asc(appointmentPicks.createdAt), asc(appointmentPicks.id));
}

export type RecentPurchase = {
  id: string;
  externalId: string;
  occurredAt: Date;
  totalPaidFen: number;
  store: { name: string; nameEn: string | null };
  items: { sku: string; name: string; category: string; quantity: number; amountFen: number }[];
};

/** The member's last purchases at any store, newest first, with their lines. */
async function recentPurchases(db: Db, memberId: string): Promise<RecentPurchase[]> {
  const rows = await db
    .select({
      id: salesTransactions.id,
      externalId: salesTransactions.externalId,
      occurredAt: salesTransactions.occurredAt,
      totalPaidFen: salesTransactions.totalPaidFen,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
    })
    .from(salesTransactions)
    .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
    .where(and(eq(salesTransactions.memberId, memberId), eq(salesTransactions.kind, "purchase")))
    .orderBy(desc(salesTransactions.occurredAt), desc(salesTransactions.id))
    .limit(RECENT_PURCHASES_LIMIT);
  if (rows.length === 0) return [];
  const lines = await db
    .select({
      transactionId: salesTransactionLines.transactionId,
      sku: salesTransactionLines.sku,
      name: salesTransactionLines.name,
      category: salesTransactionLines.category,
      quantity: salesTransactionLines.quantity,
      amountFen: salesTransactionLines.amountFen,
    })
    .from(salesTransactionLines)
    .where(
      inArray(
        salesTransactionLines.transactionId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(salesTransactionLines.transactionId), asc(salesTransactionLines.lineNo));
  return rows.map((row) => ({
    id: row.id,
    externalId: row.externalId,
    occurredAt: row.occurredAt,
    totalPaidFen: row.totalPaidFen,
    store: { name: row.storeName, nameEn: row.storeNameEn },
    items: lines
      .filter((line) => line.transactionId === row.id)
      .map(({ sku, name, category, quantity, amountFen }) => ({ sku, name, category, quantity, amountFen })),
  }));
}

export type UpcomingDate = {
  /** The important date's id; null for the member's own birthday. */
  id: string | null;
  kind: "birthday" | (typeof memberImportantDates.$inferSelect)["kind"];
  label: string | null;
  /** The date as recorded (its year is the year it started). */
  date: string;
  /** Its next recurrence on or after the day counted from. */
  occursOn: string;
  daysAway: number;
};

/**
 * The next yearly recurrence of a recorded date on or after `fromDay` (both yyyy-MM-dd). A date
 * recorded in the future recurs first on itself; 29 February recurs on 28 February in a common
 * year (as date-fns adds years, and as the task generation counts it).
 */
export function nextOccurrence(date: string, fromDay: string): string {
  const years = Math.max(0, differenceInCalendarYears(calendarDay(fromDay), calendarDay(date)));
  const candidate = shiftDay(date, { years });
  return candidate >= fromDay ? candidate : shiftDay(date, { years: years + 1 });
}

/** The member's important dates (and birthday) recurring within IMPORTANT_DATES_AHEAD_DAYS of `fromDay`, soonest first. */
export function upcomingDates(
  dates: { id: string | null; kind: UpcomingDate["kind"]; label: string | null; date: string }[],
  fromDay: string,
): UpcomingDate[] {
  const until = shiftDay(fromDay, { days: IMPORTANT_DATES_AHEAD_DAYS });
  return dates
    .map((entry) => {
      const occursOn = nextOccurrence(entry.date, fromDay);
      return {
        ...entry,
        occursOn,
        daysAway: differenceInCalendarDays(calendarDay(occursOn), calendarDay(fromDay)),
      };
    })
    .filter((entry) => entry.occursOn <= until)
    .sort((a, b) => a.occursOn.localeCompare(b.occursOn) || a.kind.localeCompare(b.kind));
}

/**
 * The member's open after-sales service tickets in the viewer's stores, as the after-sales domain
 * reads them (lib/after-sales/tickets/queries.ts): what the piece is, where it stands, the promised
 * date and whether it is overdue — a visit is a good moment to hand a ready piece back.
 */
export type OpenServiceTicket = MemberOpenTicket;
export async function openServiceTicketsForMember(
  db: Db,
  viewer: StaffPrincipal,
  memberId: string,
  now: Date = new Date(),
): Promise<OpenServiceTicket[]> {
  return openTicketsForMember(db, viewer, memberId, { now });
}

// ── Outcome: the purchases a visit led to ───────────────────────────────────────────────────

export type OutcomePurchase = {
  id: string;
  externalId: string;
  occurredAt: Date;
  totalPaidFen: number;
  /** What its refunds gave back (≤ 0). */
  refundedFen: number;
  /** The lines, as "name ×2、name" (empty without lines). */
  items: string;
  /** Linked to this visit. */
  linked: boolean;
};

export type VisitOutcome = {
  /** The visit took place (checked in or completed): purchases may be linked or unlinked. */
  open: boolean;
  /** The store-local days whose purchases may be linked: the visit's and the next. */
  window: { from: string; to: string };
  purchases: OutcomePurchase[];
  /** Linked purchases, net of their refunds. */
  attributedTotalFen: number;
};

/** 00:00 local on the visit's day and on the day after the last day a purchase may be linked from. */
export function outcomeWindow(startsAt: Date, timeZone: string) {
  const from = localDate(startsAt, timeZone);
  const to = shiftDay(from, { days: OUTCOME_DAYS_AFTER });
  return {
    days: { from, to },
    startsAt: startOfLocalDay(from, timeZone),
    endsBefore: startOfLocalDay(shiftDay(to, { days: 1 }), timeZone),
  };
}

/** Refunds of a purchase (negative), so that what is attributed is what the member kept. */
const refundedFen = sql<number>`coalesce((select sum(r.total_paid_fen) from sales_transactions r
                                          where r.original_id = ${salesTransactions.id} and r.kind = 'refund'), 0)::bigint`.mapWith(
  Number,
);

/**
 * The purchases of a visit's outcome: those linked to it, and the member's purchases at the visit's
 * store on its local day or the day after that no visit holds yet. The caller has checked scope.
 */
export async function visitOutcome(
  db: Db,
  visit: { id: string; memberId: string; storeId: string; startsAt: Date; status: string; timeZone: string },
): Promise<VisitOutcome> {
  const window = outcomeWindow(visit.startsAt, visit.timeZone);
  const rows = await db
    .select({
      id: salesTransactions.id,
      externalId: salesTransactions.externalId,
      occurredAt: salesTransactions.occurredAt,
      totalPaidFen: salesTransactions.totalPaidFen,
      refundedFen,
      items: sql<string>`coalesce((select string_agg(l.name || case when abs(l.quantity) > 1 then ' ×' || abs(l.quantity) else '' end, '、' order by l.line_no)
                                   from sales_transaction_lines l where l.transaction_id = ${salesTransactions.id}), '')`,
      linkedTo: appointmentPurchases.appointmentId,
    })
    .from(salesTransactions)
    .leftJoin(appointmentPurchases, eq(appointmentPurchases.transactionId, salesTransactions.id))
    .where(
      or(
        eq(appointmentPurchases.appointmentId, visit.id),
        and(
          isNull(appointmentPurchases.transactionId),
          eq(salesTransactions.memberId, visit.memberId),
          eq(salesTransactions.storeId, visit.storeId),
          eq(salesTransactions.kind, "purchase"),
          gte(salesTransactions.occurredAt, window.startsAt),
          lt(salesTransactions.occurredAt, window.endsBefore),
        ),
      ),
    )
    .orderBy(asc(salesTransactions.occurredAt), asc(salesTransactions.id));
  const purchases = rows.map(({ linkedTo, ...row }) => ({ ...row, linked: linkedTo === visit.id }));
  return {
    open: outcomeOpen(visit.status),
    window: window.days,
    purchases,
    attributedTotalFen: purchases
      .filter((purchase) => purchase.linked)
      .reduce((sum, purchase) => sum + purchase.totalPaidFen + purchase.refundedFen, 0),
  };
}

// ── The page ────────────────────────────────────────────────────────────────────────────────

export type VisitPreparation = Awaited<ReturnType<typeof loadVisitPreparation>>;

/**
 * Everything the preparation page shows for one visit, or null when the appointment is not in one
 * of the staff member's stores (or the id is not an id). The member's sections are read side by
 * side, each bounded.
 */
export async function loadVisitPreparation(db: Db, viewer: StaffPrincipal, appointmentId: string, now = new Date()) {
  if (!uuid.safeParse(appointmentId).success) return null;
  const [row] = await db
    .select({
      appointment: appointments,
      store: { id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      type: {
        code: appointmentTypes.code,
        nameZh: appointmentTypes.nameZh,
        nameEn: appointmentTypes.nameEn,
        durationMin: appointmentTypes.durationMin,
      },
      advisorName: staff.displayName,
      room: { name: rooms.name, nameEn: rooms.nameEn },
      member: {
        id: members.id,
        name: members.name,
        phoneE164: members.phoneE164,
        email: members.email,
        address: members.address,
        advisorId: members.advisorId,
        homeStoreId: members.homeStoreId,
        mergedIntoId: members.mergedIntoId,
        birthday: members.birthday,
        tier: members.tier,
        profile: members.profile,
        erasedAt: members.erasedAt,
      },
    })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.advisorId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(viewer))));
  if (!row) return null;

  const { appointment, store, member } = row;
  const visitDay = localDate(appointment.startsAt, store.timeZone);
  const visit = { ...appointment, timeZone: store.timeZone };
  const [picks, purchases, wishlist, dateRows, progress, serviceTickets, outcome] = await allAnswered([
    listPicks(db, appointment.id),
    recentPurchases(db, member.id),
    db
      .select({
        id: memberWishlistItems.id,
        description: memberWishlistItems.description,
        sku: memberWishlistItems.sku,
        priceFen: memberWishlistItems.priceFen,
      })
      .from(memberWishlistItems)
      .where(eq(memberWishlistItems.memberId, member.id))
      .orderBy(desc(memberWishlistItems.createdAt), desc(memberWishlistItems.id))
      .limit(100),
    db
      .select({
        id: memberImportantDates.id,
        kind: memberImportantDates.kind,
        label: memberImportantDates.label,
        date: memberImportantDates.date,
      })
      .from(memberImportantDates)
      .where(eq(memberImportantDates.memberId, member.id))
      .limit(100),
    // An erased member keeps no tier worth preparing for; the loyalty query answers for live members.
    member.erasedAt ? Promise.resolve(null) : tierProgress(db, member.id, now),
    openServiceTicketsForMember(db, viewer, member.id, now),
    visitOutcome(db, visit),
  ] as const);

  const parsedProfile = clientelingProfileSchema.safeParse(member.profile ?? {});
  const profile: ClientelingProfile = parsedProfile.success ? parsedProfile.data : {};
  const recorded: Parameters<typeof upcomingDates>[0] = dateRows.map((d) => ({ ...d, label: d.label ?? null }));
  if (member.birthday) recorded.push({ id: null, kind: "birthday", label: null, date: member.birthday });

  return {
    visit: {
      id: appointment.id,
      status: appointment.status,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      /** The store-local day of the visit. */
      day: visitDay,
      note: appointment.note,
      cancelReason: appointment.cancelReason,
      store,
      type: row.type,
      advisor: { id: appointment.advisorId, displayName: row.advisorName },
      room: appointment.roomId && row.room?.name ? { name: row.room.name, nameEn: row.room.nameEn } : null,
      trayOpen: trayOpen(appointment.status),
    },
    member: {
      id: member.id,
      contact: contactView(viewer, member),
      ownClient: member.advisorId === viewer.id,
      erased: member.erasedAt !== null,
      /** The member's home store is one of the viewer's: the 360° view and the reveal are open to them. */
      inViewerStores: canAccessStore(viewer, member.homeStoreId) && member.mergedIntoId === null,
      tier: member.tier,
      profile,
    },
    tierProgress: progress satisfies TierProgress | null,
    recentPurchases: purchases,
    wishlist,
    /** From the visit's day: what is coming up around it (a gift, an anniversary piece). */
    upcomingDates: upcomingDates(recorded, visitDay),
    openServiceTickets: serviceTickets,
    picks,
    outcome,
  };
}

// ── Reports: advisor-influenced sales ───────────────────────────────────────────────────────

export type AdvisorInfluencedSales = {
  advisorId: string;
  advisorName: string;
  /** Visits of the period completed with this advisor. */
  visitsCompleted: number;
  /** Purchases linked to the advisor's visits of the period. */
  purchasesLinked: number;
  /** What those purchases took, net of their refunds, in fen. */
  amountFen: number;
};

/**
 * Per advisor, for the visits at one store whose start falls on the store-local days `from`…`to`
 * (inclusive): visits completed, purchases linked to them and their amount net of refunds — the
 * advisor-influenced sales, for reports and dashboards. Advisors with neither a completed visit
 * nor a linked purchase are left out; highest amount first. A store outside the staff member's
 * stores is not found; a period that does not parse is a validation error.
 */
export async function advisorInfluencedSales(
  db: Db,
  viewer: StaffPrincipal,
  period: AdvisorSalesPeriod,
): Promise<AdvisorInfluencedSales[]> {
  const parsed = advisorSalesPeriodSchema.safeParse(period);
  if (!parsed.success) {
    throw new AppError("validation", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const { storeId, from, to } = parsed.data;
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(and(eq(stores.id, storeId), storeFilter(stores.id, storeScopeOf(viewer))));
  if (!store) throw new AppError("not_found");
  const startsAt = startOfLocalDay(from, store.timeZone);
  const endsBefore = startOfLocalDay(shiftDay(to, { days: 1 }), store.timeZone);

  const result = await db.execute(sql`
    with visits as (
      select a.id, a.advisor_id, a.status
        from appointments a
       where a.store_id = ${store.id}
         and a.starts_at >= ${startsAt.toISOString()}::timestamptz
         and a.starts_at < ${endsBefore.toISOString()}::timestamptz
    ), linked as (
      select ap.appointment_id, count(*)::int as purchases,
             sum(t.total_paid_fen + coalesce((select sum(r.total_paid_fen) from sales_transactions r
                                               where r.original_id = t.id and r.kind = 'refund'), 0))::bigint as amount
        from appointment_purchases ap
        join visits v on v.id = ap.appointment_id
        join sales_transactions t on t.id = ap.transaction_id
       group by ap.appointment_id
    )
    select v.advisor_id, s.display_name,
           (count(*) filter (where v.status = 'completed'))::int as visits_completed,
           coalesce(sum(l.purchases), 0)::int as purchases_linked,
           coalesce(sum(l.amount), 0)::bigint as amount
      from visits v
      join staff s on s.id = v.advisor_id
      left join linked l on l.appointment_id = v.id
     group by v.advisor_id, s.display_name
    having count(*) filter (where v.status = 'completed') > 0 or coalesce(sum(l.purchases), 0) > 0
     order by amount desc, s.display_name, v.advisor_id`);
  return rowsOf<{
    advisor_id: string;
    display_name: string;
    visits_completed: number | string;
    purchases_linked: number | string;
    amount: number | string;
  }>(result).map((r) => ({
    advisorId: r.advisor_id,
    advisorName: r.display_name,
    visitsCompleted: Number(r.visits_completed),
    purchasesLinked: Number(r.purchases_linked),
    amountFen: Number(r.amount),
  }));
}

import { lightFormat, startOfMonth, subMonths } from "date-fns";
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { followUpCallAttempts, followUpCalls, serviceTickets, stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { calendarDay, DEFAULT_TIME_ZONE, isBusinessDay, todayIn } from "@/lib/time";

/**
 * The after-sales numbers (docs/domain.md#jewelry-after-sales), for a store scope and a range of
 * store-local days, each figure counted on the day of its own event in the ticket's store's time
 * zone:
 * - received: tickets taken in (created) on a day of the range;
 * - completed: tickets whose work was finished (ready_at) in the range, with their turnaround
 *   (received → ready, hours: average and median) and whether each was ready on time — its ready
 *   day, store-local, on or before the promised day;
 * - picked up: tickets handed back (picked_up_at) in the range, and among them the weight
 *   discrepancies, |out − in| > 1 cg (0.01 g). An exchanged piece (a defect claim's replacement)
 *   is another piece and is not compared;
 * - satisfaction: the scores of follow-up calls about a ticket (day 3 and day 30), by the day the
 *   customer was reached; cleaning reminders are not about a service and do not count.
 * Grouped as a whole, by store and month (the month of each figure's own event), or by service
 * type. These are the functions the dashboards call: every figure comes from here.
 */

/** What the figures cover: the stores the reader may see (optionally fewer) and the days. */
export type AfterSalesReportFilter = {
  scope: StoreScope;
  /** Only these stores (still inside `scope`); empty or absent: every store of the scope. */
  storeIds?: readonly string[];
  /** First and last store-local day, inclusive (yyyy-MM-dd). */
  from: string;
  to: string;
};

export type AfterSalesGrouping = "total" | "store_month" | "service_type";

/** The key of a figures row: empty for the total, store and month, or service type. */
export type AfterSalesGroupKey = { storeId?: string; month?: string; serviceType?: string };

export type TicketFigures = {
  received: number;
  completed: number;
  pickedUp: number;
  /** Hours from intake to ready over the completed tickets; null when none. */
  turnaroundAverageHours: number | null;
  turnaroundMedianHours: number | null;
  /** Completed on or before the promised day (store-local). */
  onTime: number;
  /** 0–100 with one decimal; null when nothing was completed. */
  onTimePercent: number | null;
  weightDiscrepancies: number;
};

export type SatisfactionFigures = {
  answers: number;
  /** 1–5 with two decimals; null without answers. */
  average: number | null;
  /** How many calls gave each score, 1 to 5. */
  distribution: Record<1 | 2 | 3 | 4 | 5, number>;
};

export type AfterSalesFiguresRow = AfterSalesGroupKey & TicketFigures & { satisfaction: SatisfactionFigures };

export type WeightDiscrepancyRow = {
  ticketId: string;
  reference: string;
  storeId: string;
  serviceType: string;
  pickedUpAt: Date;
  timeZone: string;
  weightInCg: number;
  weightOutCg: number;
  /** out − in, in hundredths of a gram. */
  differenceCg: number;
  note: string | null;
  acknowledged: boolean;
};

/** More than this many hundredths of a gram between intake and pickup is a discrepancy. */
export const WEIGHT_TOLERANCE_CG = 1;

const num = (value: unknown) => Number(value ?? 0);
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

const localDay = (at: PgColumn | SQL) => sql`(${at} at time zone ${stores.timeZone})::date`;

function baseWhere(filter: AfterSalesReportFilter, at: PgColumn | SQL): SQL {
  return and(
    storeFilter(serviceTickets.storeId, filter.scope),
    filter.storeIds && filter.storeIds.length > 0 ? inArray(serviceTickets.storeId, [...filter.storeIds]) : undefined,
    sql`${localDay(at)} between ${filter.from}::date and ${filter.to}::date`,
  )!;
}

/** The select fields and GROUP BY of a grouping, the month being that of the figure's own event. */
function grouped(
  grouping: AfterSalesGrouping,
  at: PgColumn | SQL,
): { fields: Record<string, PgColumn | SQL>; groupBy: (PgColumn | SQL)[] } {
  switch (grouping) {
    case "total":
      return { fields: {}, groupBy: [] };
    case "store_month": {
      const month = sql<string>`to_char(${localDay(at)}, 'YYYY-MM')`;
      return { fields: { storeId: serviceTickets.storeId, month }, groupBy: [serviceTickets.storeId, month] };
    }
    case "service_type":
      return { fields: { serviceType: serviceTickets.serviceType }, groupBy: [serviceTickets.serviceType] };
  }
}

const keyOf = (row: AfterSalesGroupKey) => `${row.storeId ?? ""}|${row.month ?? ""}|${row.serviceType ?? ""}`;

function emptyTicketFigures(key: AfterSalesGroupKey): AfterSalesGroupKey & TicketFigures {
  return {
    ...key,
    received: 0,
    completed: 0,
    pickedUp: 0,
    turnaroundAverageHours: null,
    turnaroundMedianHours: null,
    onTime: 0,
    onTimePercent: null,
    weightDiscrepancies: 0,
  };
}

const emptySatisfaction = (): SatisfactionFigures => ({
  answers: 0,
  average: null,
  distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
});

function emptyFigures(key: AfterSalesGroupKey): AfterSalesFiguresRow {
  return { ...emptyTicketFigures(key), satisfaction: emptySatisfaction() };
}

function pickKey(row: Record<string, unknown>): AfterSalesGroupKey {
  const key: AfterSalesGroupKey = {};
  if (typeof row.storeId === "string") key.storeId = row.storeId;
  if (typeof row.month === "string") key.month = row.month;
  if (typeof row.serviceType === "string") key.serviceType = row.serviceType;
  return key;
}

/** Tickets received, completed (with turnaround and on-time) and picked up (with weight discrepancies). */
export async function afterSalesTicketFigures(
  db: Db,
  filter: AfterSalesReportFilter,
  grouping: AfterSalesGrouping,
): Promise<(AfterSalesGroupKey & TicketFigures)[]> {
  const received = grouped(grouping, serviceTickets.createdAt);
  const completed = grouped(grouping, serviceTickets.readyAt);
  const pickedUp = grouped(grouping, serviceTickets.pickedUpAt);
  const hours = sql`extract(epoch from (${serviceTickets.readyAt} - ${serviceTickets.createdAt})) / 3600`;
  const discrepancy = sql`${serviceTickets.weightOutCg} is not null
    and abs(${serviceTickets.weightOutCg} - ${serviceTickets.weightInCg}) > ${WEIGHT_TOLERANCE_CG}
    and ${serviceTickets.defectOutcome} is distinct from 'exchange'`;

  const [receivedRows, completedRows, pickedUpRows] = await Promise.all([
    db
      .select({ ...received.fields, received: sql<number>`count(*)::int` })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(baseWhere(filter, serviceTickets.createdAt))
      .groupBy(...received.groupBy),
    db
      .select({
        ...completed.fields,
        completed: sql<number>`count(*)::int`,
        average: sql<string | null>`round(avg(${hours})::numeric, 2)`,
        median: sql<string | null>`round((percentile_cont(0.5) within group (order by ${hours}))::numeric, 2)`,
        onTime: sql<number>`count(*) filter (where ${localDay(serviceTickets.readyAt)} <= ${serviceTickets.promisedOn})::int`,
      })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(and(isNotNull(serviceTickets.readyAt), baseWhere(filter, serviceTickets.readyAt)))
      .groupBy(...completed.groupBy),
    db
      .select({
        ...pickedUp.fields,
        pickedUp: sql<number>`count(*)::int`,
        discrepancies: sql<number>`count(*) filter (where ${discrepancy})::int`,
      })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(and(isNotNull(serviceTickets.pickedUpAt), baseWhere(filter, serviceTickets.pickedUpAt)))
      .groupBy(...pickedUp.groupBy),
  ]);

  const rows = new Map<string, AfterSalesGroupKey & TicketFigures>();
  const rowFor = (raw: Record<string, unknown>) => {
    const key = pickKey(raw);
    const id = keyOf(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = emptyTicketFigures(key)));
    return row;
  };
  for (const raw of receivedRows as Record<string, unknown>[]) rowFor(raw).received = num(raw.received);
  for (const raw of completedRows as Record<string, unknown>[]) {
    const row = rowFor(raw);
    row.completed = num(raw.completed);
    row.turnaroundAverageHours = numOrNull(raw.average);
    row.turnaroundMedianHours = numOrNull(raw.median);
    row.onTime = num(raw.onTime);
    row.onTimePercent = percent(row.onTime, row.completed);
  }
  for (const raw of pickedUpRows as Record<string, unknown>[]) {
    const row = rowFor(raw);
    row.pickedUp = num(raw.pickedUp);
    row.weightDiscrepancies = num(raw.discrepancies);
  }
  if (grouping === "total" && rows.size === 0) rows.set(keyOf({}), emptyTicketFigures({}));
  return [...rows.values()];
}

/** The follow-up calls' satisfaction (calls about a ticket), by the day the customer was reached. */
export async function afterSalesSatisfaction(
  db: Db,
  filter: AfterSalesReportFilter,
  grouping: AfterSalesGrouping,
): Promise<(AfterSalesGroupKey & SatisfactionFigures)[]> {
  const group = grouped(grouping, followUpCallAttempts.at);
  const score = followUpCallAttempts.satisfaction;
  const rows = await db
    .select({
      ...group.fields,
      answers: sql<number>`count(*)::int`,
      average: sql<string | null>`round(avg(${score}), 2)`,
      s1: sql<number>`count(*) filter (where ${score} = 1)::int`,
      s2: sql<number>`count(*) filter (where ${score} = 2)::int`,
      s3: sql<number>`count(*) filter (where ${score} = 3)::int`,
      s4: sql<number>`count(*) filter (where ${score} = 4)::int`,
      s5: sql<number>`count(*) filter (where ${score} = 5)::int`,
    })
    .from(followUpCallAttempts)
    .innerJoin(followUpCalls, eq(followUpCalls.id, followUpCallAttempts.callId))
    .innerJoin(serviceTickets, eq(serviceTickets.id, followUpCalls.ticketId))
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .where(
      and(
        eq(followUpCallAttempts.outcome, "reached"),
        isNotNull(score),
        storeFilter(followUpCalls.storeId, filter.scope),
        baseWhere(filter, followUpCallAttempts.at),
      ),
    )
    .groupBy(...group.groupBy);
  const result = (rows as Record<string, unknown>[]).map((raw) => ({
    ...pickKey(raw),
    answers: num(raw.answers),
    average: numOrNull(raw.average),
    distribution: { 1: num(raw.s1), 2: num(raw.s2), 3: num(raw.s3), 4: num(raw.s4), 5: num(raw.s5) },
  }));
  if (grouping === "total" && result.length === 0) return [emptySatisfaction()];
  return result;
}

/** The pickups of the range whose weight out differs from the weight in by more than 1 cg, latest first. */
export async function weightDiscrepancies(
  db: Db,
  filter: AfterSalesReportFilter,
  options: { limit?: number } = {},
): Promise<{ total: number; rows: WeightDiscrepancyRow[] }> {
  const where = and(
    isNotNull(serviceTickets.pickedUpAt),
    isNotNull(serviceTickets.weightOutCg),
    sql`abs(${serviceTickets.weightOutCg} - ${serviceTickets.weightInCg}) > ${WEIGHT_TOLERANCE_CG}`,
    sql`${serviceTickets.defectOutcome} is distinct from 'exchange'`,
    baseWhere(filter, serviceTickets.pickedUpAt),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ticketId: serviceTickets.id,
        reference: serviceTickets.reference,
        storeId: serviceTickets.storeId,
        serviceType: serviceTickets.serviceType,
        pickedUpAt: serviceTickets.pickedUpAt,
        timeZone: stores.timeZone,
        weightInCg: serviceTickets.weightInCg,
        weightOutCg: serviceTickets.weightOutCg,
        note: serviceTickets.weightNote,
        acknowledged: serviceTickets.weightAcknowledged,
      })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(where)
      .orderBy(desc(serviceTickets.pickedUpAt), asc(serviceTickets.reference))
      .limit(options.limit ?? 200),
    db
      .select({ value: count() })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(where),
  ]);
  return {
    total: total?.value ?? 0,
    rows: rows.map((row) => ({
      ...row,
      pickedUpAt: row.pickedUpAt!,
      weightOutCg: row.weightOutCg!,
      differenceCg: row.weightOutCg! - row.weightInCg,
    })),
  };
}

/** The ticket figures and the satisfaction of one grouping, side by side. */
export async function afterSalesFigures(
  db: Db,
  filter: AfterSalesReportFilter,
  grouping: AfterSalesGrouping,
): Promise<AfterSalesFiguresRow[]> {
  const [tickets, satisfaction] = await Promise.all([
    afterSalesTicketFigures(db, filter, grouping),
    afterSalesSatisfaction(db, filter, grouping),
  ]);
  const rows = new Map<string, AfterSalesFiguresRow>();
  for (const figures of tickets) rows.set(keyOf(figures), { ...figures, satisfaction: emptySatisfaction() });
  for (const score of satisfaction) {
    const key = pickKey(score);
    const row = rows.get(keyOf(key)) ?? emptyFigures(key);
    row.satisfaction = { answers: score.answers, average: score.average, distribution: score.distribution };
    rows.set(keyOf(key), row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      (a.storeId ?? "").localeCompare(b.storeId ?? "") ||
      (a.month ?? "").localeCompare(b.month ?? "") ||
      (a.serviceType ?? "").localeCompare(b.serviceType ?? ""),
  );
}

// ── The report page and its CSV ─────────────────────────────────────────────────────────────────

const businessDay = z.string().refine(isBusinessDay).optional().catch(undefined);

/** The report page's URL parameters: bad values fall back to the defaults instead of failing. */
export const afterSalesReportParamsSchema = z.object({
  from: businessDay,
  to: businessDay,
  /** One store or several (`store=…&store=…`); empty: every store in scope. */
  store: z
    .union([z.uuid(), z.array(z.uuid()).max(200)])
    .optional()
    .catch(undefined)
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});
export type AfterSalesReportParams = z.output<typeof afterSalesReportParamsSchema>;

/** The range a report covers: as asked, else this month and the two before it, to today (head-office days). */
export function afterSalesReportRange(
  params: Pick<AfterSalesReportParams, "from" | "to">,
  now: Date = new Date(),
): { from: string; to: string } {
  const today = todayIn(DEFAULT_TIME_ZONE, now);
  const to = params.to ?? today;
  const from = params.from ?? lightFormat(subMonths(startOfMonth(calendarDay(to)), 2), "yyyy-MM-dd");
  return from <= to ? { from, to } : { from: to, to: from };
}

export type AfterSalesReport = {
  from: string;
  to: string;
  totals: AfterSalesFiguresRow;
  byStoreMonth: AfterSalesFiguresRow[];
  byServiceType: AfterSalesFiguresRow[];
  weightDiscrepancies: { total: number; rows: WeightDiscrepancyRow[] };
};

/** Everything the report page shows, for the stores of `scope` (and `params.store`, when given). */
export async function afterSalesReport(
  db: Db,
  scope: StoreScope,
  params: AfterSalesReportParams,
  now: Date = new Date(),
): Promise<AfterSalesReport> {
  const filter: AfterSalesReportFilter = { scope, storeIds: params.store, ...afterSalesReportRange(params, now) };
  const [totals, byStoreMonth, byServiceType, discrepancies] = await Promise.all([
    afterSalesFigures(db, filter, "total"),
    afterSalesFigures(db, filter, "store_month"),
    afterSalesFigures(db, filter, "service_type"),
    weightDiscrepancies(db, filter),
  ]);
  return {
    from: filter.from,
    to: filter.to,
    totals: totals[0] ?? emptyFigures({}),
    byStoreMonth,
    byServiceType,
    weightDiscrepancies: discrepancies,
  };
}

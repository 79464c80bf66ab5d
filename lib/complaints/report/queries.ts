import { lightFormat, startOfMonth, subMonths } from "date-fns";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { complaints, inquiries, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import type { ComplaintCategory } from "@/lib/complaints/cases/schemas";
import { calendarDay, DEFAULT_TIME_ZONE, isBusinessDay, todayIn } from "@/lib/time";

/**
 * The complaints report (docs/domain.md#report): per store, month and category, complaints
 * received and resolved, the share of first responses and resolutions within their SLA, and the
 * customers' satisfaction; per store and month, inquiries and their time to answer. Months and the
 * date range are store-local days of receipt. A clock counts once it is decided: met when done by
 * its due time, missed when done late or still not done after it; an open complaint not yet due
 * is in neither.
 */

const businessDay = z.string().refine(isBusinessDay).optional().catch(undefined);

export const complaintReportParamsSchema = z.object({
  from: businessDay,
  to: businessDay,
  store: z.uuid().optional().catch(undefined),
});
export type ComplaintReportParams = z.output<typeof complaintReportParamsSchema>;

/** The range a report covers: as asked, else this month and the two before it, to today (head-office days). */
export function reportRange(params: ComplaintReportParams, now: Date = new Date()): { from: string; to: string } {
  const today = todayIn(DEFAULT_TIME_ZONE, now);
  const to = params.to ?? today;
  const from = params.from ?? lightFormat(subMonths(startOfMonth(calendarDay(to)), 2), "yyyy-MM-dd");
  return from <= to ? { from, to } : { from: to, to: from };
}

export type ComplaintReportRow = {
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  /** yyyy-MM, store-local. */
  month: string;
  category: ComplaintCategory;
  received: number;
  resolved: number;
  responseMet: number;
  responseDecided: number;
  /** 0–100, null when no clock is decided yet. */
  responseMetPercent: number | null;
  resolutionMet: number;
  resolutionDecided: number;
  resolutionMetPercent: number | null;
  /** Survey answers and their average score (1–5), null without answers. */
  satisfactionAnswers: number;
  satisfactionAverage: number | null;
};

export type InquiryReportRow = {
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  month: string;
  received: number;
  answered: number;
  converted: number;
  /** Minutes from receipt to the first answer, over the answered ones; null without answers. */
  averageMinutesToAnswer: number | null;
  medianMinutesToAnswer: number | null;
};

export type ComplaintReport = {
  from: string;
  to: string;
  complaints: ComplaintReportRow[];
  inquiries: InquiryReportRow[];
};

const percent = (met: number, decided: number) => (decided === 0 ? null : Math.round((met / decided) * 1000) / 10);
const num = (value: unknown) => Number(value ?? 0);
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export async function complaintReport(
  db: Db,
  me: StaffPrincipal,
  params: ComplaintReportParams,
  now: Date = new Date(),
): Promise<ComplaintReport> {
  const { from, to } = reportRange(params, now);
  const nowIso = now.toISOString();

  const complaintDay = sql`(${complaints.receivedAt} at time zone ${stores.timeZone})::date`;
  const complaintWhere = and(
    storeFilter(complaints.storeId, storeScopeOf(me)),
    params.store ? eq(complaints.storeId, params.store) : undefined,
    sql`${complaintDay} between ${from}::date and ${to}::date`,
  ) as SQL;
  const month = sql<string>`to_char(${complaintDay}, 'YYYY-MM')`;
  const responseMet = sql`${complaints.firstRespondedAt} <= ${complaints.firstResponseDueAt}`;
  const responseMissed = sql`(${complaints.firstRespondedAt} > ${complaints.firstResponseDueAt} or (${complaints.firstRespondedAt} is null and ${complaints.firstResponseDueAt} < ${nowIso}::timestamptz))`;
  const resolutionMet = sql`${complaints.resolvedAt} <= ${complaints.resolutionDueAt}`;
  const resolutionMissed = sql`(${complaints.resolvedAt} > ${complaints.resolutionDueAt} or (${complaints.resolvedAt} is null and ${complaints.resolutionDueAt} < ${nowIso}::timestamptz))`;

  const complaintRows = await db
    .select({
      storeId: complaints.storeId,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      month,
      category: complaints.category,
      received: sql<number>`count(*)::int`,
      resolved: sql<number>`count(${complaints.resolvedAt})::int`,
      responseMet: sql<number>`count(*) filter (where ${responseMet})::int`,
      responseMissed: sql<number>`count(*) filter (where ${responseMissed})::int`,
      resolutionMet: sql<number>`count(*) filter (where ${resolutionMet})::int`,
      resolutionMissed: sql<number>`count(*) filter (where ${resolutionMissed})::int`,
      satisfactionAnswers: sql<number>`count(${complaints.satisfactionScore})::int`,
      satisfactionAverage: sql<string | null>`round(avg(${complaints.satisfactionScore}), 2)`,
    })
    .from(complaints)
    .innerJoin(stores, eq(stores.id, complaints.storeId))
    .where(complaintWhere)
    .groupBy(complaints.storeId, stores.name, stores.nameEn, month, complaints.category)
    .orderBy(stores.name, month, complaints.category);

  const inquiryDay = sql`(${inquiries.receivedAt} at time zone ${stores.timeZone})::date`;
  const inquiryMonth = sql<string>`to_char(${inquiryDay}, 'YYYY-MM')`;
  const minutes = sql`extract(epoch from (${inquiries.answeredAt} - ${inquiries.receivedAt})) / 60`;
  const inquiryRows = await db
    .select({
      storeId: inquiries.storeId,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      month: inquiryMonth,
      received: sql<number>`count(*)::int`,
      answered: sql<number>`count(${inquiries.answeredAt})::int`,
      converted: sql<number>`count(${inquiries.complaintId})::int`,
      average: sql<string | null>`round(avg(${minutes}), 1)`,
      median: sql<string | null>`round((percentile_cont(0.5) within group (order by ${minutes}))::numeric, 1)`,
    })
    .from(inquiries)
    .innerJoin(stores, eq(stores.id, inquiries.storeId))
    .where(
      and(
        storeFilter(inquiries.storeId, storeScopeOf(me)),
        params.store ? eq(inquiries.storeId, params.store) : undefined,
        sql`${inquiryDay} between ${from}::date and ${to}::date`,
      ),
    )
    .groupBy(inquiries.storeId, stores.name, stores.nameEn, inquiryMonth)
    .orderBy(stores.name, inquiryMonth);

  return {
    from,
    to,
    complaints: complaintRows.map((row) => {
      const responseDecided = num(row.responseMet) + num(row.responseMissed);
      const resolutionDecided = num(row.resolutionMet) + num(row.resolutionMissed);
      return {
        storeId: row.storeId,
        storeName: row.storeName,
        storeNameEn: row.storeNameEn,
        month: row.month,
        category: row.category,
        received: num(row.received),
        resolved: num(row.resolved),
        responseMet: num(row.responseMet),
        responseDecided,
        responseMetPercent: percent(num(row.responseMet), responseDecided),
        resolutionMet: num(row.resolutionMet),
        resolutionDecided,
        resolutionMetPercent: percent(num(row.resolutionMet), resolutionDecided),
        satisfactionAnswers: num(row.satisfactionAnswers),
        satisfactionAverage: numOrNull(row.satisfactionAverage),
      };
    }),
    inquiries: inquiryRows.map((row) => ({
      storeId: row.storeId,
      storeName: row.storeName,
      storeNameEn: row.storeNameEn,
      month: row.month,
      received: num(row.received),
      answered: num(row.answered),
      converted: num(row.converted),
      averageMinutesToAnswer: numOrNull(row.average),
      medianMinutesToAnswer: numOrNull(row.median),
    })),
  };
}

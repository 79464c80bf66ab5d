import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { gifts, pointsEntries, salesTransactions, stores } from "@/db/schema";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { settingAt } from "@/lib/settings/versioned";
import { requesterDayTotal } from "../adjustments/queries";
import { EARN_RULES } from "../programme/rules";
import { memberStoredValueSummary } from "../stored-value/queries";
import { rollingWindowStart } from "../tiers/calendar";
import { tierProgress } from "../tiers/queries";

export const MEMBER_360_TIMELINE_LIMIT = 20;
/** Rows per page of the 360° view's points ledger, and of its latest purchases (shown first); older pages on demand. */
export const MEMBER_360_PAGE_SIZE = 10;
export const MEMBER_360_PURCHASES_PAGE_SIZE = 5;

/**
 * The loyalty sections of the member's 360° view (the page asks each domain for its own). Every
 * query is bounded (a page of rows or one aggregate), so a section costs the same for a member
 * with 5 purchases or 5,000. The view shows the summary first and streams the rest; what only a
 * dialog needs (the gift catalogue, the adjustment rules) is read when the dialog opens.
 */

type Member = { id: string; timeZone: string };

function purchasesQuery(db: Db, memberId: string, limit: number, offset = 0) {
  return db
    .select({
      id: salesTransactions.id,
      externalId: salesTransactions.externalId,
      kind: salesTransactions.kind,
      occurredAt: salesTransactions.occurredAt,
      totalPaidFen: salesTransactions.totalPaidFen,
      points: sql<number>`${salesTransactions.pointsEarned} + ${salesTransactions.bonusPoints}`.mapWith(Number),
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      items: sql<string>`coalesce((select string_agg(l.name || case when abs(l.quantity) > 1 then ' ×' || abs(l.quantity) else '' end, '、' order by l.line_no)
                                   from sales_transaction_lines l where l.transaction_id = ${salesTransactions.id}), '')`,
    })
    .from(salesTransactions)
    .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
    .where(eq(salesTransactions.memberId, memberId))
    .orderBy(desc(salesTransactions.occurredAt), desc(salesTransactions.id))
    .limit(limit)
    .offset(offset);
}

function ledgerQuery(db: Db, memberId: string, limit: number, offset = 0) {
  return db
    .select({
      id: pointsEntries.id,
      kind: pointsEntries.kind,
      points: pointsEntries.points,
      occurredAt: pointsEntries.occurredAt,
      reason: pointsEntries.reason,
    })
    .from(pointsEntries)
    .where(eq(pointsEntries.memberId, memberId))
    .orderBy(desc(pointsEntries.id))
    .limit(limit)
    .offset(offset);
}

/**
 * One page of a newest-first list: a row more than the page is read to know whether an older page
 * exists, without counting them all.
 */
async function page<T>(read: (limit: number, offset: number) => Promise<T[]>, pageNumber: number, size: number) {
  const current = Math.max(1, Math.floor(pageNumber));
  const rows = await read(size + 1, (current - 1) * size);
  return { rows: rows.slice(0, size), page: current, hasOlder: rows.length > size };
}

/** The member's purchases and refunds, newest first, a page at a time. */
export function listMemberPurchases(db: Db, memberId: string, pageNumber = 1) {
  return page(
    (limit, offset) => purchasesQuery(db, memberId, limit, offset),
    pageNumber,
    MEMBER_360_PURCHASES_PAGE_SIZE,
  );
}
export type MemberPurchasesPage = Awaited<ReturnType<typeof listMemberPurchases>>;

/** The member's points entries, newest first, a page at a time. */
export function listMemberPointsLedger(db: Db, memberId: string, pageNumber = 1) {
  return page((limit, offset) => ledgerQuery(db, memberId, limit, offset), pageNumber, MEMBER_360_PAGE_SIZE);
}
export type MemberLedgerPage = Awaited<ReturnType<typeof listMemberPointsLedger>>;

/** What the 360° view shows first: the balance and what expires soon, stored value, the tier's progress. */
export async function getLoyaltySummary(db: Db, staff: StaffPrincipal, member: { id: string }, now: Date = new Date()) {
  const [points, storedValue, progress] = await Promise.all([
    db.execute(sql`
      select coalesce((select sum(points) from points_entries where member_id = ${member.id}), 0)::int as balance,
             coalesce((select sum(remaining) from points_lots
                        where member_id = ${member.id} and remaining > 0
                          and expires_at > ${now.toISOString()}::timestamptz
                          and expires_at <= ${now.toISOString()}::timestamptz + interval '90 days'), 0)::int as expiring`),
    memberStoredValueSummary(db, storeScopeOf(staff), member.id),
    tierProgress(db, member.id, now),
  ]);
  const [pointRow] = rowsOf<{ balance: number; expiring: number }>(points);
  return {
    pointsBalance: Number(pointRow?.balance ?? 0),
    pointsExpiring90d: Number(pointRow?.expiring ?? 0),
    storedValue,
    tierProgress: progress,
  };
}
export type LoyaltySummary = Awaited<ReturnType<typeof getLoyaltySummary>>;

/** The rolling 12 months: spend, visits, average ticket, last purchase and favourite categories. */
export async function getSpendSummary(db: Db, member: Member, now: Date = new Date()) {
  const windowStart = rollingWindowStart(now, member.timeZone);
  const [spendRow] = rowsOf<{
    spend: number;
    purchases: number;
    visits: number;
    last_purchase: string | Date | null;
    categories: string[] | null;
  }>(
    await db.execute(sql`
      select coalesce(sum(net_paid_fen), 0)::bigint as spend,
             count(*) filter (where kind = 'purchase')::int as purchases,
             count(distinct (occurred_at at time zone ${member.timeZone})::date) filter (where kind = 'purchase')::int as visits,
             (select max(occurred_at) from sales_transactions where member_id = ${member.id} and kind = 'purchase') as last_purchase,
             (select json_agg(c.category order by c.amount desc) from
               (select l.category, sum(l.amount_fen) as amount
                  from sales_transactions t join sales_transaction_lines l on l.transaction_id = t.id
                 where t.member_id = ${member.id} and t.occurred_at >= ${windowStart.toISOString()}::timestamptz
                 group by l.category having sum(l.amount_fen) > 0
                 order by amount desc limit 3) c) as categories
        from sales_transactions
       where member_id = ${member.id} and occurred_at >= ${windowStart.toISOString()}::timestamptz and occurred_at <= ${now.toISOString()}::timestamptz`),
  );
  const spendFen = Number(spendRow?.spend ?? 0);
  const purchaseCount = Number(spendRow?.purchases ?? 0);
  return {
    spend12mFen: spendFen,
    visits12m: Number(spendRow?.visits ?? 0),
    averageTicketFen: purchaseCount > 0 ? Math.round(spendFen / purchaseCount) : 0,
    lastPurchaseAt: spendRow?.last_purchase ? new Date(spendRow.last_purchase) : null,
    favouriteCategories: spendRow?.categories ?? [],
  };
}
export type SpendSummary = Awaited<ReturnType<typeof getSpendSummary>>;

/** The counter redemption dialog: the gifts in stock and the programme's rates. */
export async function getRedemptionOptions(db: Db, now: Date = new Date()) {
  const [rules, giftRows] = await Promise.all([
    settingAt(db, EARN_RULES, now),
    db
      .select({
        code: gifts.code,
        nameZh: gifts.nameZh,
        nameEn: gifts.nameEn,
        pointsCost: gifts.pointsCost,
        stock: gifts.stock,
      })
      .from(gifts)
      .where(and(eq(gifts.active, true), gt(gifts.stock, 0)))
      .orderBy(asc(gifts.pointsCost))
      .limit(50),
  ]);
  return {
    parkingPointsPerHour: rules.parkingPointsPerHour,
    cashOffsetPointsPerYuan: rules.cashOffsetPointsPerYuan,
    gifts: giftRows,
  };
}
export type RedemptionOptions = Awaited<ReturnType<typeof getRedemptionOptions>>;

/**
 * The adjustment dialog: the day total above which adjustments wait for another manager, and the
 * absolute points the signed-in staff member asked for this member today (applied or waiting), from
 * which the form predicts "applies at once".
 */
export async function getAdjustmentContext(db: Db, staff: StaffPrincipal, member: Member, now: Date = new Date()) {
  const [rules, dayTotal] = await Promise.all([
    settingAt(db, EARN_RULES, now),
    requesterDayTotal(db, { requesterId: staff.id, memberId: member.id, timeZone: member.timeZone, now }),
  ]);
  return { threshold: rules.adjustmentApprovalThreshold, dayTotal };
}
export type AdjustmentContext = Awaited<ReturnType<typeof getAdjustmentContext>>;

/**
 * Everything above in one batch, for pages that show a member's loyalty in a side panel (the
 * complaint's page): the summary, the latest purchases and points entries, the spend, the dialogs' data.
 */
export async function getLoyaltyForMember(db: Db, staff: StaffPrincipal, member: Member, now: Date = new Date()) {
  const [summary, ledger, purchases, spend, redemption, adjustment] = await Promise.all([
    getLoyaltySummary(db, staff, member, now),
    ledgerQuery(db, member.id, MEMBER_360_TIMELINE_LIMIT),
    purchasesQuery(db, member.id, MEMBER_360_TIMELINE_LIMIT),
    getSpendSummary(db, member, now),
    getRedemptionOptions(db, now),
    getAdjustmentContext(db, staff, member, now),
  ]);
  return {
    ...summary,
    ledger,
    purchases,
    spend,
    rules: {
      parkingPointsPerHour: redemption.parkingPointsPerHour,
      cashOffsetPointsPerYuan: redemption.cashOffsetPointsPerYuan,
      adjustmentApprovalThreshold: adjustment.threshold,
    },
    /** Absolute points the viewing staff member asked for this member today, applied or waiting. */
    adjustmentDayTotal: adjustment.dayTotal,
    gifts: redemption.gifts,
  };
}
export type LoyaltyForMember = Awaited<ReturnType<typeof getLoyaltyForMember>>;

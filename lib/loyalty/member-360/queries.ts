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

/**
 * The loyalty section of the member's 360° view (the page asks each domain for its own): one batch
 * of queries run side by side, each bounded (latest N rows or one aggregate), so the page costs the
 * same for a member with 5 purchases or 5,000.
 */
export async function getLoyaltyForMember(
  db: Db,
  staff: StaffPrincipal,
  member: { id: string; timeZone: string },
  now: Date = new Date(),
) {
  const windowStart = rollingWindowStart(now, member.timeZone);
  const [points, ledger, purchases, spend, categories, storedValue, progress, rules, giftRows, adjustmentDayTotal] =
    await Promise.all([
      db.execute(sql`
      select coalesce((select sum(points) from points_entries where member_id = ${member.id}), 0)::int as balance,
             coalesce((select sum(remaining) from points_lots
                        where member_id = ${member.id} and remaining > 0
                          and expires_at > ${now.toISOString()}::timestamptz
                          and expires_at <= ${now.toISOString()}::timestamptz + interval '90 days'), 0)::int as expiring`),
      db
        .select({
          id: pointsEntries.id,
          kind: pointsEntries.kind,
          points: pointsEntries.points,
          occurredAt: pointsEntries.occurredAt,
          reason: pointsEntries.reason,
        })
        .from(pointsEntries)
        .where(eq(pointsEntries.memberId, member.id))
        .orderBy(desc(pointsEntries.id))
        .limit(MEMBER_360_TIMELINE_LIMIT),
      db
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
        .where(eq(salesTransactions.memberId, member.id))
        .orderBy(desc(salesTransactions.occurredAt), desc(salesTransactions.id))
        .limit(MEMBER_360_TIMELINE_LIMIT),
      db.execute(sql`
      select coalesce(sum(net_paid_fen), 0)::bigint as spend,
             count(*) filter (where kind = 'purchase')::int as purchases,
             count(distinct (occurred_at at time zone ${member.timeZone})::date) filter (where kind = 'purchase')::int as visits,
             (select max(occurred_at) from sales_transactions where member_id = ${member.id} and kind = 'purchase') as last_purchase
        from sales_transactions
       where member_id = ${member.id} and occurred_at >= ${windowStart.toISOString()}::timestamptz and occurred_at <= ${now.toISOString()}::timestamptz`),
      db.execute(sql`
      select l.category, sum(l.amount_fen)::bigint as amount
        from sales_transactions t join sales_transaction_lines l on l.transaction_id = t.id
       where t.member_id = ${member.id} and t.occurred_at >= ${windowStart.toISOString()}::timestamptz
       group by l.category having sum(l.amount_fen) > 0
       order by amount desc limit 3`),
      memberStoredValueSummary(db, storeScopeOf(staff), member.id),
      tierProgress(db, member.id, now),
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
      // The adjust form predicts "applies at once" from the signed-in staff member's day total.
      requesterDayTotal(db, { requesterId: staff.id, memberId: member.id, timeZone: member.timeZone, now }),
    ]);
  const [pointRow] = rowsOf<{ balance: number; expiring: number }>(points);
  const [spendRow] = rowsOf<{ spend: number; purchases: number; visits: number; last_purchase: string | Date | null }>(
    spend,
  );
  const spendFen = Number(spendRow?.spend ?? 0);
  const purchaseCount = Number(spendRow?.purchases ?? 0);
  return {
    pointsBalance: Number(pointRow?.balance ?? 0),
    pointsExpiring90d: Number(pointRow?.expiring ?? 0),
    ledger,
    purchases,
    spend: {
      spend12mFen: spendFen,
      visits12m: Number(spendRow?.visits ?? 0),
      averageTicketFen: purchaseCount > 0 ? Math.round(spendFen / purchaseCount) : 0,
      lastPurchaseAt: spendRow?.last_purchase ? new Date(spendRow.last_purchase) : null,
      favouriteCategories: rowsOf<{ category: string }>(categories).map((c) => c.category),
    },
    storedValue,
    tierProgress: progress,
    rules: {
      parkingPointsPerHour: rules.parkingPointsPerHour,
      cashOffsetPointsPerYuan: rules.cashOffsetPointsPerYuan,
      adjustmentApprovalThreshold: rules.adjustmentApprovalThreshold,
    },
    /** Absolute points the viewing staff member asked for this member today, applied or waiting. */
    adjustmentDayTotal,
    gifts: giftRows,
  };
}
export type LoyaltyForMember = Awaited<ReturnType<typeof getLoyaltyForMember>>;

import { differenceInCalendarDays } from "date-fns";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { authorize, hasPermission, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { afterSalesFigures } from "@/lib/after-sales/report/queries";
import { advisorInfluencedSales, type AdvisorInfluencedSales } from "@/lib/appointments/preparation/queries";
import { complaintReport } from "@/lib/complaints/report/queries";
import { TIER_CODES } from "@/lib/loyalty/programme/rules";
import { loyaltyLiabilityReport } from "@/lib/reports/loyalty-liability/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { BUSINESS_DAY_MIN, calendarDay, shiftDay } from "@/lib/time";

/**
 * The manager dashboard (`/reports`, issue #17): figures for the stores in the viewer's scope (or the
 * ones asked for among them) over a period of store-local days, each beside the previous period of
 * the same length (the days just before it).
 *
 * - Flows (sales, new members, points issued / redeemed / expired, appointments) are sums of the
 *   daily rollups (`store_daily_rollups`, lib/reports/rollups/service.ts), never a scan of history.
 * - The repeat-purchase rate needs members, not store-days: it reads the period's purchases of the
 *   selected stores through the (store, occurred_at) index — the period only, never all history.
 * - Point-in-time figures read the current state with indexed queries: members by lifecycle stage
 *   and by tier (no previous value: neither is kept per day), outstanding points and stored value
 *   (the loyalty liability report's own figures, docs/domain.md#loyalty-liability).
 * - Advisor-influenced sales are the appointments domain's own figures (`advisorInfluencedSales`,
 *   per store), added up per advisor over the selected stores; service and complaint figures are
 *   the after-sales and complaint reports' own (`afterSalesFigures`, `complaintReport`), each for
 *   those who may read that report. These three read their period's rows, not rollups (yet).
 *
 * Store scope: only stores in the viewer's scope are ever read. Requested stores outside it are
 * dropped without a word (their existence does not leak); none left, or none asked: every store in
 * scope.
 */

export type Period = { from: string; to: string };
export type Compared = { current: number; previous: number };
export type ComparedRatio = { current: number | null; previous: number | null };

export type DashboardFigures = {
  period: Period;
  previousPeriod: Period;
  /** The stores the figures cover (ids in scope, by store code). */
  storeIds: string[];
  members: {
    /** Members (home store among the selected, not merged away or erased) registered by the end of each period. */
    total: Compared;
    /** Registered during each period. */
    new: Compared;
    /** Now: bought within the last 12 months (lifecycle new, regular or dormant), dormant, lost. */
    active12m: number;
    dormant: number;
    lost: number;
    /** Now: members per tier, in the programme's order (tiers no longer in it after). */
    byTier: { tier: string; members: number }[];
    /** Tier upgrades and downgrades during each period (grants left out). */
    tierUpgrades: Compared;
    tierDowngrades: Compared;
  };
  sales: {
    /** Everything paid, refunds netted on their own day (fen). */
    memberSalesFen: Compared;
    nonMemberSalesFen: Compared;
    memberPurchases: Compared;
    nonMemberPurchases: Compared;
    refunds: Compared;
    refundsFen: Compared;
    /** Member sales / all sales; null when there were no sales. */
    memberShare: ComparedRatio;
    /** Net sales / purchases, in fen rounded half up; null without purchases. */
    memberAverageTicketFen: ComparedRatio;
    nonMemberAverageTicketFen: ComparedRatio;
    /**
     * Repeat-purchase rate (docs/domain.md does not define one): of the members who made a purchase at
     * the selected stores in the period, the share who bought on two or more store-local days of it.
     * Null when no member bought.
     */
    repeatPurchaseRate: ComparedRatio;
    buyingMembers: Compared;
    repeatMembers: Compared;
  };
  points: {
    issued: Compared;
    redeemed: Compared;
    expired: Compared;
    /** Now: left in lots not expired, at the members' home stores; null without `loyalty.reports`. */
    outstanding: number | null;
    outstandingValueFen: number | null;
  };
  /** Now: balance of the stored-value cards in use issued at the selected stores; null without `loyalty.reports`. */
  storedValueLiabilityFen: number | null;
  appointments: {
    booked: Compared;
    completed: Compared;
    noShow: Compared;
    /** Completed visits with a purchase linked to them, and their share of the completed visits. */
    converted: Compared;
    conversionRate: ComparedRatio;
  };
  /** Jewelry after-sales (docs/domain.md#numbers); null without `aftersales.report`. */
  service: {
    /** Tickets received (by intake day) and completed (became ready, by that day). */
    received: Compared;
    completed: Compared;
    /** Hours from intake to ready, median over the completed tickets; null when none. */
    turnaroundMedianHours: ComparedRatio;
    /** Completed on or before the promised day / completed. */
    onTimeRate: ComparedRatio;
    /** Follow-up calls' average score (1–5) and answers. */
    satisfactionAverage: ComparedRatio;
    satisfactionAnswers: Compared;
  } | null;
  /** Complaints received in each period (docs/domain.md#report); null without `complaints.budget`. */
  complaints: {
    received: Compared;
    resolved: Compared;
    /** Resolution clock met / resolution clocks decided (met, or missed by now). */
    resolutionSlaMetRate: ComparedRatio;
    /** The satisfaction survey's average score (1–5), over the answers. */
    csatAverage: ComparedRatio;
    csatAnswers: Compared;
  } | null;
  /** Per advisor: completed visits, purchases linked to them and their amount net of refunds; highest amount now first. */
  advisors: {
    advisorId: string;
    advisorName: string;
    visitsCompleted: Compared;
    purchasesLinked: Compared;
    amountFen: Compared;
  }[];
};

/** The period of equal length just before `period`. */
export function previousPeriodOf(period: Period): Period {
  const days = differenceInCalendarDays(calendarDay(period.to), calendarDay(period.from)) + 1;
  return { from: shiftDay(period.from, { days: -days }), to: shiftDay(period.from, { days: -1 }) };
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const average = (totalFen: number, count: number): number | null =>
  count === 0 ? null : Math.sign(totalFen) * Math.round(Math.abs(totalFen) / count);

const ROLLUP_FIGURES = [
  "member_purchases",
  "non_member_purchases",
  "member_sales_fen",
  "non_member_sales_fen",
  "refunds",
  "refunds_fen",
  "new_members",
  "points_issued",
  "points_redeemed",
  "points_expired",
  "appointments_booked",
  "appointments_completed",
  "appointments_no_show",
  "appointments_converted",
  "tier_upgrades",
  "tier_downgrades",
] as const;
type RollupFigure = (typeof ROLLUP_FIGURES)[number];

export async function dashboardFigures(
  db: Db,
  viewer: StaffPrincipal,
  args: { storeIds?: readonly string[]; from: string; to: string },
  now: Date = new Date(),
): Promise<DashboardFigures> {
  authorize(viewer, "reports.read");
  const scope = storeScopeOf(viewer);
  const storeIds = await coveredStoreIds(db, viewer, args.storeIds);

  const period = { from: args.from, to: args.to };
  const previousPeriod = previousPeriodOf(period);
  // Empty scope: the same shape, all zeros (a list of no ids would not be valid SQL).
  const ids =
    storeIds.length > 0
      ? sql.join(
          storeIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )
      : sql`null::uuid`;

  const sums = sql.join(
    ROLLUP_FIGURES.flatMap((figure) => [
      sql`coalesce(sum(${sql.raw(figure)}) filter (where day >= ${period.from}::date), 0)::bigint as ${sql.raw(`cur_${figure}`)}`,
      sql`coalesce(sum(${sql.raw(figure)}) filter (where day < ${period.from}::date), 0)::bigint as ${sql.raw(`prev_${figure}`)}`,
    ]),
    sql`, `,
  );

  // The appointments domain checks its period (business days only): the previous period is cut at the first one.
  const previousForAdvisors =
    previousPeriod.to < BUSINESS_DAY_MIN
      ? null
      : {
          from: previousPeriod.from < BUSINESS_DAY_MIN ? BUSINESS_DAY_MIN : previousPeriod.from,
          to: previousPeriod.to,
        };
  const advisorSales = (range: Period | null) =>
    range
      ? Promise.all(storeIds.map((storeId) => advisorInfluencedSales(db, viewer, { storeId, ...range }))).then((rows) =>
          rows.flat(),
        )
      : Promise.resolve([] as AdvisorInfluencedSales[]);

  const selected = new Set(storeIds);
  const serviceFigures = (range: Period) =>
    afterSalesFigures(db, { scope, storeIds, ...range }, "total").then((rows) => rows[0] ?? null);
  const complaintFigures = (range: Period) =>
    complaintReport(db, viewer, range, now).then((report) => {
      const rows = report.complaints.filter((row) => selected.has(row.storeId));
      const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
      return {
        received: sum((row) => row.received),
        resolved: sum((row) => row.resolved),
        resolutionMet: sum((row) => row.resolutionMet),
        resolutionDecided: sum((row) => row.resolutionDecided),
        answers: sum((row) => row.satisfactionAnswers),
        // Each row's average is rounded to the hundredth: weighted back by its answers.
        scoreTotal: sum((row) => (row.satisfactionAverage ?? 0) * row.satisfactionAnswers),
      };
    });
  const mayReadService = hasPermission(viewer, "aftersales.report") && storeIds.length > 0;
  const mayReadComplaints = hasPermission(viewer, "complaints.budget") && storeIds.length > 0;

  const [
    rollupResult,
    memberResult,
    repeatResult,
    liability,
    advisorsNow,
    advisorsBefore,
    serviceNow,
    serviceBefore,
    complaintsNow,
    complaintsBefore,
  ] = await Promise.all([
    db.execute(sql`
      select ${sums}
        from store_daily_rollups
       where store_id in (${ids}) and day >= ${previousPeriod.from}::date and day <= ${period.to}::date`),
    // One pass over the selected stores' members, by tier: the stage counts are the tiers' sums.
    db.execute(sql`
      select m.tier,
             count(*)::int as members,
             count(*) filter (where m.registered_at < ((${period.to}::date + 1)::timestamp at time zone s.time_zone))::int as total,
             count(*) filter (where m.registered_at < (${period.from}::date::timestamp at time zone s.time_zone))::int as previous_total,
             count(*) filter (where m.lifecycle_stage in ('new', 'regular', 'dormant'))::int as active_12m,
             count(*) filter (where m.lifecycle_stage = 'dormant')::int as dormant,
             count(*) filter (where m.lifecycle_stage = 'lost')::int as lost
        from members m
        join stores s on s.id = m.home_store_id
       where m.home_store_id in (${ids}) and m.merged_into_id is null and m.erased_at is null
       group by m.tier`),
    db.execute(sql`
      select b.current, count(*)::int as buyers, count(*) filter (where b.days >= 2)::int as repeaters
        from (select t.occurred_at >= (${period.from}::date::timestamp at time zone s.time_zone) as current,
                     t.member_id,
                     count(distinct (t.occurred_at at time zone s.time_zone)::date) as days
                from sales_transactions t
                join stores s on s.id = t.store_id
               where t.store_id in (${ids}) and t.kind = 'purchase' and t.member_id is not null
                 and t.occurred_at >= (${previousPeriod.from}::date::timestamp at time zone s.time_zone)
                 and t.occurred_at < ((${period.to}::date + 1)::timestamp at time zone s.time_zone)
               group by 1, 2) b
       group by b.current`),
    hasPermission(viewer, "loyalty.reports") ? loyaltyLiabilityReport(db, viewer, now) : null,
    advisorSales(period),
    advisorSales(previousForAdvisors),
    mayReadService ? serviceFigures(period) : null,
    mayReadService ? serviceFigures(previousPeriod) : null,
    mayReadComplaints ? complaintFigures(period) : null,
    mayReadComplaints ? complaintFigures(previousPeriod) : null,
  ]);

  const [rollup] = rowsOf<Record<string, string | number>>(rollupResult);
  const compared = (figure: RollupFigure): Compared => ({
    current: Number(rollup?.[`cur_${figure}`] ?? 0),
    previous: Number(rollup?.[`prev_${figure}`] ?? 0),
  });
  const memberRows = rowsOf<Record<string, number | string>>(memberResult);
  const memberCount = (key: string) => memberRows.reduce((sum, row) => sum + Number(row[key] ?? 0), 0);
  const repeatRows = rowsOf<{ current: boolean; buyers: number | string; repeaters: number | string }>(repeatResult);
  const repeat = (current: boolean) => {
    const row = repeatRows.find((r) => r.current === current);
    return { buyers: Number(row?.buyers ?? 0), repeaters: Number(row?.repeaters ?? 0) };
  };
  const [repeatNow, repeatBefore] = [repeat(true), repeat(false)];

  const memberSalesFen = compared("member_sales_fen");
  const nonMemberSalesFen = compared("non_member_sales_fen");
  const memberPurchases = compared("member_purchases");
  const nonMemberPurchases = compared("non_member_purchases");
  const both = <T>(f: (side: "current" | "previous") => T) => ({ current: f("current"), previous: f("previous") });
  const converted = compared("appointments_converted");
  const completed = compared("appointments_completed");

  const liabilityRows = liability?.rows.filter((row) => selected.has(row.store.id)) ?? [];
  const sumOf = (pick: (row: (typeof liabilityRows)[number]) => number) =>
    liability ? liabilityRows.reduce((sum, row) => sum + pick(row), 0) : null;

  return {
    period,
    previousPeriod,
    storeIds,
    members: {
      total: { current: memberCount("total"), previous: memberCount("previous_total") },
      new: compared("new_members"),
      active12m: memberCount("active_12m"),
      dormant: memberCount("dormant"),
      lost: memberCount("lost"),
      byTier: tiersInOrder(memberRows as { tier: string; members: number | string }[]),
      tierUpgrades: compared("tier_upgrades"),
      tierDowngrades: compared("tier_downgrades"),
    },
    sales: {
      memberSalesFen,
      nonMemberSalesFen,
      memberPurchases,
      nonMemberPurchases,
      refunds: compared("refunds"),
      refundsFen: compared("refunds_fen"),
      memberShare: both((side) => ratio(memberSalesFen[side], memberSalesFen[side] + nonMemberSalesFen[side])),
      memberAverageTicketFen: both((side) => average(memberSalesFen[side], memberPurchases[side])),
      nonMemberAverageTicketFen: both((side) => average(nonMemberSalesFen[side], nonMemberPurchases[side])),
      repeatPurchaseRate: {
        current: ratio(repeatNow.repeaters, repeatNow.buyers),
        previous: ratio(repeatBefore.repeaters, repeatBefore.buyers),
      },
      buyingMembers: { current: repeatNow.buyers, previous: repeatBefore.buyers },
      repeatMembers: { current: repeatNow.repeaters, previous: repeatBefore.repeaters },
    },
    points: {
      issued: compared("points_issued"),
      redeemed: compared("points_redeemed"),
      expired: compared("points_expired"),
      outstanding: sumOf((row) => row.outstandingPoints),
      outstandingValueFen: sumOf((row) => row.outstandingValueFen),
    },
    storedValueLiabilityFen: sumOf((row) => row.balanceFen),
    appointments: {
      booked: compared("appointments_booked"),
      completed,
      noShow: compared("appointments_no_show"),
      converted,
      conversionRate: both((side) => ratio(converted[side], completed[side])),
    },
    service: mayReadService
      ? {
          received: { current: serviceNow?.received ?? 0, previous: serviceBefore?.received ?? 0 },
          completed: { current: serviceNow?.completed ?? 0, previous: serviceBefore?.completed ?? 0 },
          turnaroundMedianHours: {
            current: serviceNow?.turnaroundMedianHours ?? null,
            previous: serviceBefore?.turnaroundMedianHours ?? null,
          },
          onTimeRate: {
            current: ratio(serviceNow?.onTime ?? 0, serviceNow?.completed ?? 0),
            previous: ratio(serviceBefore?.onTime ?? 0, serviceBefore?.completed ?? 0),
          },
          satisfactionAverage: {
            current: serviceNow?.satisfaction.average ?? null,
            previous: serviceBefore?.satisfaction.average ?? null,
          },
          satisfactionAnswers: {
            current: serviceNow?.satisfaction.answers ?? 0,
            previous: serviceBefore?.satisfaction.answers ?? 0,
          },
        }
      : null,
    complaints:
      complaintsNow && complaintsBefore
        ? {
            received: { current: complaintsNow.received, previous: complaintsBefore.received },
            resolved: { current: complaintsNow.resolved, previous: complaintsBefore.resolved },
            resolutionSlaMetRate: {
              current: ratio(complaintsNow.resolutionMet, complaintsNow.resolutionDecided),
              previous: ratio(complaintsBefore.resolutionMet, complaintsBefore.resolutionDecided),
            },
            csatAverage: {
              current: complaintsNow.answers === 0 ? null : complaintsNow.scoreTotal / complaintsNow.answers,
              previous: complaintsBefore.answers === 0 ? null : complaintsBefore.scoreTotal / complaintsBefore.answers,
            },
            csatAnswers: { current: complaintsNow.answers, previous: complaintsBefore.answers },
          }
        : null,
    advisors: byAdvisor(advisorsNow, advisorsBefore),
  };
}

function tiersInOrder(rows: { tier: string; members: number | string }[]): { tier: string; members: number }[] {
  const counts = new Map(rows.map((row) => [row.tier, Number(row.members)]));
  const known = TIER_CODES.map((tier) => ({ tier: tier as string, members: counts.get(tier) ?? 0 }));
  const others = [...counts]
    .filter(([tier]) => !(TIER_CODES as readonly string[]).includes(tier))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tier, members]) => ({ tier, members }));
  return [...known, ...others];
}

/** One row per advisor over the stores (an advisor may work at several), now beside before. */
function byAdvisor(now: AdvisorInfluencedSales[], before: AdvisorInfluencedSales[]): DashboardFigures["advisors"] {
  const rows = new Map<string, DashboardFigures["advisors"][number]>();
  const add = (row: AdvisorInfluencedSales, side: "current" | "previous") => {
    let entry = rows.get(row.advisorId);
    if (!entry) {
      entry = {
        advisorId: row.advisorId,
        advisorName: row.advisorName,
        visitsCompleted: { current: 0, previous: 0 },
        purchasesLinked: { current: 0, previous: 0 },
        amountFen: { current: 0, previous: 0 },
      };
      rows.set(row.advisorId, entry);
    }
    entry.visitsCompleted[side] += row.visitsCompleted;
    entry.purchasesLinked[side] += row.purchasesLinked;
    entry.amountFen[side] += row.amountFen;
  };
  for (const row of now) add(row, "current");
  for (const row of before) add(row, "previous");
  return [...rows.values()].sort(
    (a, b) =>
      b.amountFen.current - a.amountFen.current ||
      b.amountFen.previous - a.amountFen.previous ||
      a.advisorName.localeCompare(b.advisorName) ||
      a.advisorId.localeCompare(b.advisorId),
  );
}

/** The stores the filter offers: those in the viewer's scope. */
/** The stores the figures cover: those asked for among the viewer's (others dropped unsaid), else all of the viewer's. */
async function coveredStoreIds(
  db: Db,
  viewer: StaffPrincipal,
  requestedIds: readonly string[] | undefined,
): Promise<string[]> {
  const inScope = await listStoresInScope(db, storeScopeOf(viewer));
  const requested = new Set(requestedIds ?? []);
  const chosen = inScope.filter((store) => requested.has(store.id));
  return (chosen.length > 0 ? chosen : inScope).map((store) => store.id);
}

/** Sales per store-local day of a period and of the period before it, day by day (the dashboard's trend). */
export type DailySales = {
  /** The period's days, in order; the previous period's lists line up with them (its first day first). */
  days: string[];
  memberSalesFen: number[];
  nonMemberSalesFen: number[];
  previousMemberSalesFen: number[];
  previousNonMemberSalesFen: number[];
};

/**
 * The trend behind the sales figures: each day's member and non-member sales (refunds netted on their
 * own day) of the covered stores, summed from the daily rollups, and the same for the period before;
 * a day without a rollup counts as nothing sold.
 */
export async function dashboardDailySales(
  db: Db,
  viewer: StaffPrincipal,
  args: { storeIds?: readonly string[]; from: string; to: string },
): Promise<DailySales> {
  authorize(viewer, "reports.read");
  const storeIds = await coveredStoreIds(db, viewer, args.storeIds);
  const previous = previousPeriodOf(args);
  const length = differenceInCalendarDays(calendarDay(args.to), calendarDay(args.from)) + 1;
  const days = Array.from({ length }, (_, i) => shiftDay(args.from, { days: i }));
  const byDay = new Map<string, { member: number; nonMember: number }>();
  if (storeIds.length > 0) {
    const rows = rowsOf<{ day: string; member: string | number; non_member: string | number }>(
      await db.execute(sql`
        select day::text as day, sum(member_sales_fen)::bigint as member, sum(non_member_sales_fen)::bigint as non_member
          from store_daily_rollups
         where store_id in (${sql.join(
           storeIds.map((id) => sql`${id}::uuid`),
           sql`, `,
         )}) and day >= ${previous.from}::date and day <= ${args.to}::date
         group by day`),
    );
    for (const row of rows) byDay.set(row.day, { member: Number(row.member), nonMember: Number(row.non_member) });
  }
  const previousDays = days.map((_, i) => shiftDay(previous.from, { days: i }));
  return {
    days,
    memberSalesFen: days.map((day) => byDay.get(day)?.member ?? 0),
    nonMemberSalesFen: days.map((day) => byDay.get(day)?.nonMember ?? 0),
    previousMemberSalesFen: previousDays.map((day) => byDay.get(day)?.member ?? 0),
    previousNonMemberSalesFen: previousDays.map((day) => byDay.get(day)?.nonMember ?? 0),
  };
}

export async function dashboardStores(db: Db, viewer: StaffPrincipal) {
  authorize(viewer, "reports.read");
  return listStoresInScope(db, storeScopeOf(viewer));
}

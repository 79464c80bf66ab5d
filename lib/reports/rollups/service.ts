import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { BUSINESS_DAY_MIN, DEFAULT_TIME_ZONE, isBusinessDay, shiftDay, todayIn } from "@/lib/time";

/**
 * The dashboard's daily rollups (`store_daily_rollups`, one row per store and store-local day).
 *
 * Why a refresh and not triggers or increments from each write: the figures come from four domains
 * (sales, members, the points ledger, appointments) whose writes sit on hot paths (a POS purchase is
 * a handful of statements sent together, `lib/loyalty/purchases/service.ts`); counters kept up to date
 * from each of them would add a write per purchase, a second place where every rule lives (refunds,
 * merges that move rows, status changes of visits) and drift when one is missed. A refresh recomputes
 * whole store-days from the source tables with one set-based statement and overwrites them
 * (`insert … on conflict do update`), so it is idempotent and corrects itself: the `dashboard-rollups`
 * job refreshes the last days every run, and `rebuildDailyRollups` recomputes any range.
 *
 * Store-local days: a sale, a registration, a points entry, a visit or a tier change counts on the
 * calendar date of its instant in the store's time zone (the selling store; the home store for a
 * registration and a tier change; the entry's store, else the member's home store, for points; the
 * visit's store).
 */

export type RollupRange = {
  /** First and last store-local day (yyyy-MM-dd), both inclusive. */
  from: string;
  to: string;
  /** Only these stores (default: every store). */
  storeIds?: readonly string[];
};

/** The longest range one statement recomputes; `rebuildDailyRollups` cuts longer ones into pieces of this. */
export const REFRESH_MAX_DAYS = 31;

/** How many days back the job refreshes: POS postings can arrive late (an offline till) and visits change status after their day. */
export const JOB_REFRESH_DAYS_BACK = 7;

function checkRange({ from, to }: RollupRange): void {
  if (!isBusinessDay(from) || !isBusinessDay(to) || from > to)
    throw new Error(`rollup range ${from}..${to} is not a range of business days`);
}

/**
 * Recomputes the rollups of every store-day in `from..to` (at most REFRESH_MAX_DAYS days) for the
 * given stores (or all), in the caller's transaction. Returns how many store-days it wrote.
 */
export async function refreshDailyRollups(db: Db, range: RollupRange): Promise<{ storeDays: number }> {
  checkRange(range);
  const { from, to, storeIds } = range;
  if (shiftDay(from, { days: REFRESH_MAX_DAYS - 1 }) < to)
    throw new Error(`rollup range ${from}..${to} is longer than ${REFRESH_MAX_DAYS} days; use rebuildDailyRollups`);
  if (storeIds && storeIds.length === 0) return { storeDays: 0 };
  const storeFilter = storeIds
    ? sql`s.id in (${sql.join(
        storeIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql`true`;

  const result = await db.execute(sql`
    with scope as (
      select s.id as store_id, s.time_zone,
             (${from}::date::timestamp at time zone s.time_zone) as starts_at,
             ((${to}::date + 1)::timestamp at time zone s.time_zone) as ends_at
        from stores s
       where ${storeFilter}
    ),
    days as (
      select sc.store_id, d::date as day
        from scope sc
       cross join generate_series(${from}::date, ${to}::date, interval '1 day') as d
    ),
    -- docs/domain.md#refunds: a refund is its own row with negative amounts, counted on its own day;
    -- it nets the sales of that day (member or not as the refund row says) and is not a purchase.
    sales as (
      select t.store_id, (t.occurred_at at time zone sc.time_zone)::date as day,
             count(*) filter (where t.kind = 'purchase' and t.member_id is not null)::int as member_purchases,
             count(*) filter (where t.kind = 'purchase' and t.member_id is null)::int as non_member_purchases,
             coalesce(sum(t.total_paid_fen) filter (where t.member_id is not null), 0)::bigint as member_sales_fen,
             coalesce(sum(t.total_paid_fen) filter (where t.member_id is null), 0)::bigint as non_member_sales_fen,
             count(*) filter (where t.kind = 'refund')::int as refunds,
             coalesce(-sum(t.total_paid_fen) filter (where t.kind = 'refund'), 0)::bigint as refunds_fen
        from scope sc
        join sales_transactions t
          on t.store_id = sc.store_id and t.occurred_at >= sc.starts_at and t.occurred_at < sc.ends_at
       group by 1, 2
    ),
    joined as (
      select m.home_store_id as store_id, (m.registered_at at time zone sc.time_zone)::date as day,
             count(*)::int as new_members
        from scope sc
        join members m
          on m.home_store_id = sc.store_id and m.registered_at >= sc.starts_at and m.registered_at < sc.ends_at
       where m.merged_into_id is null
       group by 1, 2
    ),
    -- Issued: earned, campaign bonus, activity and positive adjustments, less refund reversals (netted
    -- on the refund's day, as sales are). Redeemed: spent (paying with points, redemptions), less
    -- points a refund gave back. Expired: taken by the expiry job. Negative adjustments are none of these.
    points as (
      select sc.store_id, (e.occurred_at at time zone sc.time_zone)::date as day,
             coalesce(sum(e.points) filter (where e.kind in ('earn', 'bonus', 'activity', 'reversal')
                                               or (e.kind = 'adjustment' and e.points > 0)), 0)::bigint as issued,
             coalesce(-sum(e.points) filter (where e.kind in ('spend', 'return')), 0)::bigint as redeemed,
             coalesce(-sum(e.points) filter (where e.kind = 'expiry'), 0)::bigint as expired
        from points_entries e
        join members m on m.id = e.member_id
        join scope sc on sc.store_id = coalesce(e.store_id, m.home_store_id)
       where e.occurred_at >= (select min(starts_at) from scope)
         and e.occurred_at < (select max(ends_at) from scope)
         and e.occurred_at >= sc.starts_at and e.occurred_at < sc.ends_at
       group by 1, 2
    ),
    visits as (
      select a.store_id, (a.starts_at at time zone sc.time_zone)::date as day,
             count(*) filter (where a.status <> 'cancelled')::int as booked,
             count(*) filter (where a.status = 'completed')::int as completed,
             count(*) filter (where a.status = 'no_show')::int as no_show,
             -- docs/domain.md#visit-preparation-outcome-and-confirmations: purchases linked to the visit.
             count(*) filter (where a.status = 'completed'
                                and exists (select 1 from appointment_purchases ap where ap.appointment_id = a.id))::int
               as converted
        from scope sc
        join appointments a
          on a.store_id = sc.store_id and a.starts_at >= sc.starts_at and a.starts_at < sc.ends_at
       group by 1, 2
    ),
    tiers as (
      select m.home_store_id as store_id, (e.created_at at time zone sc.time_zone)::date as day,
             count(*) filter (where e.kind = 'upgrade')::int as upgrades,
             count(*) filter (where e.kind = 'downgrade')::int as downgrades
        from member_tier_events e
        join members m on m.id = e.member_id
        join scope sc on sc.store_id = m.home_store_id
       where e.kind in ('upgrade', 'downgrade')
         and e.created_at >= (select min(starts_at) from scope)
         and e.created_at < (select max(ends_at) from scope)
         and e.created_at >= sc.starts_at and e.created_at < sc.ends_at
       group by 1, 2
    ),
    written as (
      insert into store_daily_rollups (
        store_id, day, member_purchases, non_member_purchases, member_sales_fen, non_member_sales_fen,
        refunds, refunds_fen, new_members, points_issued, points_redeemed, points_expired,
        appointments_booked, appointments_completed, appointments_no_show, appointments_converted,
        tier_upgrades, tier_downgrades, refreshed_at)
      select d.store_id, d.day,
             coalesce(s.member_purchases, 0), coalesce(s.non_member_purchases, 0),
             coalesce(s.member_sales_fen, 0), coalesce(s.non_member_sales_fen, 0),
             coalesce(s.refunds, 0), coalesce(s.refunds_fen, 0),
             coalesce(j.new_members, 0),
             coalesce(p.issued, 0), coalesce(p.redeemed, 0), coalesce(p.expired, 0),
             coalesce(v.booked, 0), coalesce(v.completed, 0), coalesce(v.no_show, 0), coalesce(v.converted, 0),
             coalesce(r.upgrades, 0), coalesce(r.downgrades, 0),
             now()
        from days d
        left join sales s on s.store_id = d.store_id and s.day = d.day
        left join joined j on j.store_id = d.store_id and j.day = d.day
        left join points p on p.store_id = d.store_id and p.day = d.day
        left join visits v on v.store_id = d.store_id and v.day = d.day
        left join tiers r on r.store_id = d.store_id and r.day = d.day
       -- Rows in key order: two refreshes of overlapping ranges (the job beside a rebuild) then wait
       -- for each other row by row instead of locking the same rows in different orders (a deadlock).
       order by d.store_id, d.day
      on conflict (store_id, day) do update set
        member_purchases = excluded.member_purchases,
        non_member_purchases = excluded.non_member_purchases,
        member_sales_fen = excluded.member_sales_fen,
        non_member_sales_fen = excluded.non_member_sales_fen,
        refunds = excluded.refunds,
        refunds_fen = excluded.refunds_fen,
        new_members = excluded.new_members,
        points_issued = excluded.points_issued,
        points_redeemed = excluded.points_redeemed,
        points_expired = excluded.points_expired,
        appointments_booked = excluded.appointments_booked,
        appointments_completed = excluded.appointments_completed,
        appointments_no_show = excluded.appointments_no_show,
        appointments_converted = excluded.appointments_converted,
        tier_upgrades = excluded.tier_upgrades,
        tier_downgrades = excluded.tier_downgrades,
        refreshed_at = excluded.refreshed_at
      returning 1
    )
    select count(*)::int as store_days from written`);
  const [row] = rowsOf<{ store_days: number | string }>(result);
  return { storeDays: Number(row?.store_days ?? 0) };
}

/** Recomputes a range of any length, REFRESH_MAX_DAYS days per statement (e.g. after an import of old sales). */
export async function rebuildDailyRollups(db: Db, range: RollupRange): Promise<{ storeDays: number }> {
  checkRange(range);
  let storeDays = 0;
  for (let start = range.from; start <= range.to; start = shiftDay(start, { days: REFRESH_MAX_DAYS })) {
    const end = shiftDay(start, { days: REFRESH_MAX_DAYS - 1 });
    const piece = await refreshDailyRollups(db, { ...range, from: start, to: end < range.to ? end : range.to });
    storeDays += piece.storeDays;
  }
  return { storeDays };
}

/** How many days further back each job run fills in, until the rollups reach the oldest source row. */
export const JOB_BACKFILL_DAYS = 366;

/**
 * The `dashboard-rollups` job, every store:
 * - the last JOB_REFRESH_DAYS_BACK days up to tomorrow (so that a store whose zone is ahead of the
 *   programme's has its today too);
 * - a backfill: while some sale, registration, points entry or visit is older than the oldest
 *   rollup, the JOB_BACKFILL_DAYS before the oldest rollup (a new installation, the demo data, or
 *   an import of old sales fill in over a few runs without anyone starting a rebuild). A late
 *   posting inside the rolled-up range but older than the recent days needs `rebuildDailyRollups`.
 */
export async function refreshRecentRollups(
  db: Db,
  now: Date = new Date(),
): Promise<{ storeDays: number; backfilledFrom: string | null }> {
  const today = todayIn(DEFAULT_TIME_ZONE, now);
  const recentFrom = shiftDay(today, { days: -JOB_REFRESH_DAYS_BACK });
  const recent = await refreshDailyRollups(db, { from: recentFrom, to: shiftDay(today, { days: 1 }) });
  const [bounds] = rowsOf<{ oldest_rollup: string | null; oldest_source: string | null }>(
    await db.execute(sql`
      select (select min(day)::text from store_daily_rollups where day < ${recentFrom}::date) as oldest_rollup,
             least(
               (select min(t.occurred_at) from stores s
                  cross join lateral (select occurred_at from sales_transactions
                                       where store_id = s.id order by occurred_at limit 1) t),
               (select min(registered_at) from members),
               (select min(occurred_at) from points_entries),
               (select min(created_at) from member_tier_events),
               (select min(a.starts_at) from stores s
                  cross join lateral (select starts_at from appointments
                                       where store_id = s.id order by starts_at limit 1) a)
             )::date::text as oldest_source`),
  );
  // One day of slack on the source side: its date is taken in UTC+0's calendar, a store's may be a day earlier.
  const oldestSource = bounds?.oldest_source ? shiftDay(bounds.oldest_source, { days: -1 }) : null;
  const rolledFrom = bounds?.oldest_rollup ?? recentFrom;
  if (!oldestSource || oldestSource >= rolledFrom) return { storeDays: recent.storeDays, backfilledFrom: null };
  const to = shiftDay(rolledFrom, { days: -1 });
  const floor = shiftDay(rolledFrom, { days: -JOB_BACKFILL_DAYS });
  const from = [oldestSource, floor, BUSINESS_DAY_MIN].reduce((a, b) => (a > b ? a : b));
  if (from > to) return { storeDays: recent.storeDays, backfilledFrom: null };
  const backfill = await rebuildDailyRollups(db, { from, to });
  return { storeDays: recent.storeDays + backfill.storeDays, backfilledFrom: from };
}

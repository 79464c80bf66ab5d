import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { memberTierEvents } from "@/db/schema";
import { settingAt } from "@/lib/settings/versioned";
import { localDate, shiftDay, startOfLocalDay } from "@/lib/time";
import { TIER_CODES, TIER_PROGRAMME, tierDefinition, tierIndex, type TierProgramme } from "../programme/rules";
import { spendsInZones, TIER_CODE_ARRAY, uuidList, zoneWindows } from "./rolling-spend";
import type { TierEventInsert } from "./service";

/**
 * The yearly tier evaluation (docs/domain.md, Tiers; the anniversaries: calendar.ts), run daily by
 * lib/jobs: ends expired grants, evaluates due anniversaries one tier down at most, and writes the
 * downgrade notices 30 days ahead. Set-based, in chunks of members.
 */

/** Members per round trip: keeps parameter lists well below PostgreSQL's 65,535 limit. */
export const EVALUATION_CHUNK = 1000;
const NOTICE_DAYS = 30;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** Tiers that can go down (SQL literal list). */
const DOWNGRADABLE = sql.join(
  TIER_CODES.slice(1).map((code) => sql`${code}`),
  sql`, `,
);

/**
 * CTEs `tiered` and `anniversaries` over live members who hold a tier that can go down and have no
 * grant: since_day (local date of tier_since in the home store's zone), today (local), latest (the
 * latest anniversary on or before today; since_day itself, or earlier, in the first year) and
 * next_anniv (the one after). Years are added with PostgreSQL's `date + interval`, which clamps 29
 * February like date-fns addYears. Materialized so that the date arithmetic runs once per member.
 */
function anniversaryCtes(zones: SQL): SQL {
  return sql`
    tiered as materialized (
      select m.id, m.tier, s.time_zone, z.today, z.since as window_start,
             (m.tier_since at time zone s.time_zone)::date as since_day,
             (extract(year from z.today) - extract(year from (m.tier_since at time zone s.time_zone)::date))::int as years
        from members m
        join stores s on s.id = m.home_store_id
        join ${zones} on z.time_zone = s.time_zone
       where m.tier in (${DOWNGRADABLE}) and m.merged_into_id is null and m.tier_granted_until is null
    ),
    anniversaries as materialized (
      select t.*,
             case when (t.since_day + make_interval(years => t.years))::date > t.today
                  then (t.since_day + make_interval(years => t.years - 1))::date
                  else (t.since_day + make_interval(years => t.years))::date end as latest,
             case when (t.since_day + make_interval(years => t.years))::date > t.today
                  then (t.since_day + make_interval(years => t.years))::date
                  else (t.since_day + make_interval(years => t.years + 1))::date end as next_anniv
        from tiered t
    )`;
}

type Decision = {
  memberId: string;
  tier: string;
  timeZone: string;
  /** The evaluation date (local). */
  day: string;
  spendFen: number;
};

type Counts = { evaluated: number; downgraded: number; kept: number };

/**
 * Evaluates members on their evaluation day: below the tier's threshold → one tier down (tier_since
 * becomes 00:00 local on that day), else a `kept` event dated that day. Set-based per chunk.
 */
async function applyEvaluations(db: Db, programme: TierProgramme, decisions: Decision[], counts: Counts) {
  if (decisions.length === 0) return;
  const events: TierEventInsert[] = [];
  const downgrades: SQL[] = [];
  for (const d of decisions) {
    const index = tierIndex(d.tier);
    counts.evaluated++;
    if (index > 0 && d.spendFen < tierDefinition(programme, d.tier).thresholdFen) {
      const lower = TIER_CODES[index - 1]!;
      downgrades.push(
        sql`(${d.memberId}::uuid, ${lower}::text, ${startOfLocalDay(d.day, d.timeZone).toISOString()}::timestamptz)`,
      );
      events.push({
        memberId: d.memberId,
        kind: "downgrade",
        fromTier: d.tier,
        toTier: lower,
        spendFen: d.spendFen,
        effectiveOn: d.day,
        reason: "evaluation",
      });
      counts.downgraded++;
    } else {
      events.push({
        memberId: d.memberId,
        kind: "kept",
        fromTier: d.tier,
        toTier: d.tier,
        spendFen: d.spendFen,
        effectiveOn: d.day,
        reason: "evaluation",
      });
      counts.kept++;
    }
  }
  if (downgrades.length) {
    await db.execute(sql`
      update members m set tier = v.tier, tier_since = v.since
        from (values ${sql.join(downgrades, sql`, `)}) as v(id, tier, since)
       where m.id = v.id`);
  }
  await db.insert(memberTierEvents).values(events);
}

type LockedRow = { id: string; tier: string; time_zone: string; day: string };

/** Step 1: grants whose end date has passed end (grant_end), and the member is evaluated once, the day after. */
async function endExpiredGrants(
  db: Db,
  zones: SQL,
  now: Date,
  programme: TierProgramme,
  counts: Counts,
): Promise<number> {
  let ended = 0;
  let cursor = NIL_UUID;
  for (;;) {
    const rows = rowsOf<LockedRow>(
      await db.execute(sql`
        select m.id, m.tier, s.time_zone, to_char(m.tier_granted_until, 'YYYY-MM-DD') as day
          from members m
          join stores s on s.id = m.home_store_id
          join ${zones} on z.time_zone = s.time_zone
         where m.tier_granted_until < z.today and m.merged_into_id is null and m.id > ${cursor}::uuid
         order by m.id
         limit ${EVALUATION_CHUNK}
           for update of m`),
    );
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    const ids = rows.map((r) => r.id);
    // The member's row is locked: the spend read now includes every committed purchase.
    const spends = await spendsInZones(db, zones, ids, now);
    await db.execute(sql`update members set tier_granted_until = null where id in (${uuidList(ids)})`);
    await db.insert(memberTierEvents).values(
      rows.map((r) => ({
        memberId: r.id,
        kind: "grant_end" as const,
        fromTier: r.tier,
        toTier: r.tier,
        spendFen: spends.get(r.id) ?? 0,
        effectiveOn: r.day,
        reason: "expired",
      })),
    );
    ended += rows.length;
    const evaluable = rows.filter((r) => tierIndex(r.tier) > 0 && (TIER_CODES as readonly string[]).includes(r.tier));
    await applyEvaluations(
      db,
      programme,
      evaluable.map((r) => ({
        memberId: r.id,
        tier: r.tier,
        timeZone: r.time_zone,
        day: shiftDay(r.day, { days: 1 }),
        spendFen: spends.get(r.id) ?? 0,
      })),
      counts,
    );
  }
  return ended;
}

/**
 * Step 2: members whose latest anniversary is today or past and not yet evaluated. The due set is
 * found in one pass (a temporary table dropped at commit), then each chunk is locked, re-checked
 * (a purchase may have upgraded the member meanwhile), and its spend read after the lock.
 */
async function evaluateAnniversaries(db: Db, zones: SQL, now: Date, programme: TierProgramme, counts: Counts) {
  await db.execute(sql`drop table if exists pg_temp.tier_evaluation_due`);
  await db.execute(sql`
    create temp table tier_evaluation_due on commit drop as
    with ${anniversaryCtes(zones)}
    select a.id, a.tier, a.latest as day
      from anniversaries a
     where a.latest > a.since_day and a.latest <= a.today
       and not exists (
             select 1 from member_tier_events e
              where e.member_id = a.id and e.kind = 'kept' and e.effective_on >= a.latest)`);
  await db.execute(sql`create index on tier_evaluation_due (id)`);
  // Fresh statistics: the chunk reads below walk this index.
  await db.execute(sql`analyze tier_evaluation_due`);
  let cursor = NIL_UUID;
  for (;;) {
    // The next chunk of the due set alone (its own index), then the members' rows by id: two plain
    // plans whatever the tables' sizes.
    const batch = rowsOf<{ id: string; tier: string; day: string }>(
      await db.execute(sql`
        select id, tier, to_char(day, 'YYYY-MM-DD') as day
          from tier_evaluation_due
         where id > ${cursor}::uuid
         order by id
         limit ${EVALUATION_CHUNK}`),
    );
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    const due = new Map(batch.map((row) => [row.id, row]));
    const locked = rowsOf<{ id: string; tier: string; time_zone: string }>(
      await db.execute(sql`
        select m.id, m.tier, s.time_zone
          from members m
          join stores s on s.id = m.home_store_id
         where m.id in (${uuidList(batch.map((row) => row.id))}) and m.tier_granted_until is null
           for update of m`),
    );
    // Re-checked under the lock: a purchase may have upgraded the member since the due set was taken.
    const rows: LockedRow[] = locked
      .filter((m) => due.get(m.id)?.tier === m.tier)
      .map((m) => ({ ...m, day: due.get(m.id)!.day }));
    if (rows.length === 0) continue;
    const spends = await spendsInZones(
      db,
      zones,
      rows.map((r) => r.id),
      now,
    );
    await applyEvaluations(
      db,
      programme,
      rows.map((r) => ({
        memberId: r.id,
        tier: r.tier,
        timeZone: r.time_zone,
        day: r.day,
        spendFen: spends.get(r.id) ?? 0,
      })),
      counts,
    );
  }
  await db.execute(sql`drop table if exists pg_temp.tier_evaluation_due`);
}

/**
 * Step 3, one statement: a `downgrade_notice` for members whose next anniversary is at most 30 days
 * away, who have no notice for it yet, and whose spend now is below the threshold of their tier
 * under the programme that will be in force on that day. The partial unique index (member,
 * effective_on) makes a concurrent or repeated insert a no-op.
 */
async function writeNotices(db: Db, zones: SQL, now: Date): Promise<number> {
  // Thresholds per (zone, day, tier) for the next 30 local days: a scheduled version counts from its date.
  const zoneRows = rowsOf<{ time_zone: string }>(await db.execute(sql`select distinct time_zone from stores`));
  const programmes = new Map<string, TierProgramme>();
  const thresholds: SQL[] = [];
  for (const { time_zone: zone } of zoneRows) {
    const today = localDate(now, zone);
    for (let offset = 1; offset <= NOTICE_DAYS; offset++) {
      const day = shiftDay(today, { days: offset });
      const start = startOfLocalDay(day, zone);
      const key = start.toISOString();
      let programme = programmes.get(key);
      if (!programme) programmes.set(key, (programme = await settingAt(db, TIER_PROGRAMME, start)));
      for (const tier of programme.tiers.slice(1))
        thresholds.push(sql`(${zone}::text, ${day}::date, ${tier.code}::text, ${tier.thresholdFen}::bigint)`);
    }
  }
  if (thresholds.length === 0) return 0;
  const lower = sql`(${TIER_CODE_ARRAY})[array_position(${TIER_CODE_ARRAY}, a.tier) - 1]`;
  const inserted = rowsOf<{ id: number }>(
    await db.execute(sql`
      with ${anniversaryCtes(zones)},
      thresholds(time_zone, day, tier, threshold_fen) as (values ${sql.join(thresholds, sql`, `)})
      insert into member_tier_events (member_id, kind, from_tier, to_tier, spend_fen, effective_on, reason)
      select a.id, 'downgrade_notice', a.tier, ${lower}, sp.fen, a.next_anniv, 'evaluation'
        from anniversaries a
        join thresholds th on th.time_zone = a.time_zone and th.day = a.next_anniv and th.tier = a.tier
        cross join lateral (
          select coalesce(sum(t.net_paid_fen), 0)::bigint as fen
            from sales_transactions t
           where t.member_id = a.id and t.occurred_at >= a.window_start and t.occurred_at <= ${now.toISOString()}::timestamptz
        ) sp
       where a.next_anniv > a.since_day
         and not exists (
               select 1 from member_tier_events e
                where e.member_id = a.id and e.kind = 'downgrade_notice' and e.effective_on = a.next_anniv)
         and sp.fen < th.threshold_fen
      on conflict (member_id, effective_on) where kind = 'downgrade_notice' do nothing
      returning id`),
  );
  return inserted.length;
}

/**
 * The yearly tier evaluation, run daily: ends expired grants (and evaluates those members once),
 * evaluates due anniversaries (one tier down at most), writes 30-day notices. Idempotent: a second
 * run the same day finds nothing due and no notice missing. Selects the due members in SQL and
 * processes them in chunks of EVALUATION_CHUNK with a constant number of statements per chunk.
 */
export async function evaluateTiers(db: Db, now: Date = new Date()) {
  // One transaction (a savepoint inside the job's): the temporary due table lives on its connection.
  return db.transaction(async (tx) => {
    const counts: Counts = { evaluated: 0, downgraded: 0, kept: 0 };
    const zones = await zoneWindows(tx, now);
    if (!zones) return { ...counts, grantsEnded: 0, notices: 0 };
    const programme = await settingAt(tx, TIER_PROGRAMME, now);
    const grantsEnded = await endExpiredGrants(tx, zones, now, programme, counts);
    await evaluateAnniversaries(tx, zones, now, programme, counts);
    const notices = await writeNotices(tx, zones, now);
    return { ...counts, grantsEnded, notices };
  });
}

/** For lib/jobs: `npm run job -- tier-evaluation`. */
export async function tierEvaluationJob(db: Db, now = new Date()): Promise<Record<string, unknown>> {
  return evaluateTiers(db, now);
}

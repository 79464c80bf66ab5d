import { tz } from "@date-fns/tz";
import { addDays, addYears, differenceInCalendarYears, format, lightFormat, parse, parseISO, startOfDay, subMonths } from "date-fns";
import { and, asc, count, desc, eq, gt, gte, lte, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { allAnswered, rowsOf } from "@/db/client";
import { members, memberTierEvents, salesTransactions, settings, staff, stores } from "@/db/schema";
import type { ActionDefinition } from "@/lib/actions/execute";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { saveSetting, settingAt } from "@/lib/settings/versioned";
import { TIER_CODES, TIER_PROGRAMME, tierDefinition, tierForSpend, tierIndex, tierProgrammeSchema, type TierCode, type TierProgramme } from "./rules";
import { memberStateColumns, type LockedMember } from "./points";
import {
  effectiveInstant,
  grantTierSchema,
  tierProgrammeFormSchema,
  toTierProgramme,
  type TierMoveCounts,
  type TierProgrammeFormValues,
  type TierWhatIf,
  type TierWhatIfRow,
} from "./tier-admin";

/**
 * Tiers (DOMAIN.md, Tiers): upgrade at once when the rolling 12-month net spend reaches a threshold,
 * a yearly evaluation on the tier anniversary that goes down one tier at most (with a notice 30 days
 * before), and manual grants that hold a tier until a date.
 *
 * ── The rolling window, exactly ──────────────────────────────────────────────────────────────────
 * "The last 12 calendar months" at a moment `at`, for a member whose home store is in time zone Z:
 * take the local date of `at` in Z, go back 12 calendar months (date-fns subMonths: 15 June → 15 June
 * a year before; 29 February → 28 February), and start at 00:00 local time that day. The window is
 * [that instant, at], both ends included. So on 15 June 2025 a purchase of 15 June 2024 at 00:00
 * (local) counts and one of 14 June 2024 at 23:30 (local) does not: the window is 12 months plus
 * today. Transactions after `at` (a late POS posting) are not counted. Refunds count at their own
 * time with their negative amount.
 *
 * ── Anniversaries ────────────────────────────────────────────────────────────────────────────────
 * The anniversaries of a tier are the local dates (home-store time zone) of tier_since + k whole
 * years, k ≥ 1 (29 February → 28 February, as date-fns addYears and PostgreSQL's `+ interval` both
 * do). An evaluation of anniversary A writes either a `downgrade` (and tier_since becomes 00:00 local
 * on A, so the next anniversary is a year later) or a `kept` event with effective_on = A; an
 * anniversary is due when it is today or past and no `kept` event on or after it exists. Evaluations
 * use the spend and the programme at the moment the job runs.
 */

const BASE_TIER: TierCode = TIER_CODES[0];
const DAY = "yyyy-MM-dd";

// ── Pure date helpers ─────────────────────────────────────────────────────────────────────────

/** The local calendar date (yyyy-MM-dd) of a moment in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return format(at, DAY, { in: tz(timeZone) });
}

/** 00:00 local time on a calendar date in a time zone, as an instant. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(parse(day, DAY, new Date(), { in: tz(timeZone) }).getTime());
}

/** The first instant of the rolling 12-month window ending at `at` (see the comment at the top). */
export function rollingWindowStart(at: Date, timeZone: string): Date {
  const zone = tz(timeZone);
  return new Date(startOfDay(subMonths(at, 12, { in: zone }), { in: zone }).getTime());
}

/**
 * A yyyy-MM-dd calendar date as noon of that day in the process's zone: no daylight-saving change
 * moves noon off its date, so date-fns' calendar arithmetic and formatting on it need no time zone
 * (and run some 25× faster than on a TZDate; the 360° view's tier panel calls them on every render).
 */
function calendarDay(day: string): Date {
  return parseISO(`${day}T12:00:00`);
}

/** Calendar-date arithmetic on yyyy-MM-dd strings (no time zone involved). */
export function shiftDay(day: string, by: { years?: number; days?: number }): string {
  let date = calendarDay(day);
  if (by.years) date = addYears(date, by.years);
  if (by.days) date = addDays(date, by.days);
  return lightFormat(date, DAY);
}

/** The k-th anniversary of a local date (k whole years later). */
export function anniversary(sinceDay: string, years: number): string {
  return shiftDay(sinceDay, { years });
}

/**
 * The next evaluation date of a tier held since `sinceDay`: the first anniversary after the last
 * evaluation (`lastKeptDay`, or the start of the tier), never before today (an overdue evaluation
 * happens at the next run).
 */
export function nextEvaluationDay(sinceDay: string, lastKeptDay: string | null, today: string): string {
  const after = lastKeptDay && lastKeptDay > sinceDay ? lastKeptDay : sinceDay;
  let k = Math.max(1, differenceInCalendarYears(calendarDay(after), calendarDay(sinceDay)));
  while (anniversary(sinceDay, k) <= after) k++;
  const next = anniversary(sinceDay, k);
  return next < today ? today : next;
}

// ── Rolling spend ─────────────────────────────────────────────────────────────────────────────

async function spendBetween(db: Db, memberId: string, from: Date, to: Date, excludingTransactionId?: string): Promise<number> {
  const [row] = await db
    .select({ fen: sql<string>`coalesce(sum(${salesTransactions.netPaidFen}), 0)` })
    .from(salesTransactions)
    .where(
      and(
        eq(salesTransactions.memberId, memberId),
        gte(salesTransactions.occurredAt, from),
        lte(salesTransactions.occurredAt, to),
        excludingTransactionId ? ne(salesTransactions.id, excludingTransactionId) : undefined,
      ),
    );
  return Number(row?.fen ?? 0);
}

export type MemberTierState = LockedMember;

async function memberTierState(db: Db, memberId: string): Promise<MemberTierState | null> {
  const [row] = await db
    .select(memberStateColumns)
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(eq(members.id, memberId));
  return row ?? null;
}

/** Rolling 12-month net spend of one member at `at`, in fen (purchases minus refunds). */
export async function rollingSpendFen(db: Db, memberId: string, at: Date = new Date()): Promise<number> {
  const member = await memberTierState(db, memberId);
  if (!member) throw new AppError("member_not_found");
  return memberSpendFen(db, member, at);
}

/**
 * rollingSpendFen for a member whose home-store time zone is already known; `excludingTransactionId`
 * leaves out one sale (a purchase being recorded adds its own amount, whether or not its row is there yet).
 */
export function memberSpendFen(db: Db, member: Pick<MemberTierState, "id" | "timeZone">, at: Date, excludingTransactionId?: string): Promise<number> {
  return spendBetween(db, member.id, rollingWindowStart(at, member.timeZone), at, excludingTransactionId);
}

/**
 * Every store time zone with its window start and local date at `at`, as a VALUES list
 * `z(time_zone, since, today)`: the date arithmetic stays in date-fns (one definition, above) and
 * the set-based queries join members to it through their home store. Null when there are no stores.
 */
export async function zoneWindows(db: Db, at: Date): Promise<SQL | null> {
  const zones = rowsOf<{ time_zone: string }>(await db.execute(sql`select distinct time_zone from stores`));
  if (zones.length === 0) return null;
  const rows = zones.map(
    ({ time_zone: zone }) => sql`(${zone}::text, ${rollingWindowStart(at, zone).toISOString()}::timestamptz, ${localDate(at, zone)}::date)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)}) as z(time_zone, since, today)`;
}

function uuidList(ids: readonly string[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

/** Rolling 12-month net spend of many members at once (one statement); members without sales get 0. */
export async function rollingSpendsFen(db: Db, memberIds: readonly string[], at: Date = new Date()): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const zones = await zoneWindows(db, at);
  return zones ? spendsInZones(db, zones, memberIds, at) : new Map();
}

/** rollingSpendsFen with the zone windows already built (they must be for the same `at`). */
async function spendsInZones(db: Db, zones: SQL, memberIds: readonly string[], at: Date): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (memberIds.length === 0) return result;
  // Lateral: index probes per member (sales_transactions (member_id, occurred_at)), whatever the table's size.
  const rows = rowsOf<{ member_id: string; fen: string | number }>(
    await db.execute(sql`
      select m.id as member_id, sp.fen
        from members m
        join stores s on s.id = m.home_store_id
        join ${zones} on z.time_zone = s.time_zone
        cross join lateral (
          select coalesce(sum(t.net_paid_fen), 0) as fen
            from sales_transactions t
           where t.member_id = m.id and t.occurred_at >= z.since and t.occurred_at <= ${at.toISOString()}::timestamptz
        ) sp
       where m.id in (${uuidList(memberIds)})
    `),
  );
  for (const row of rows) result.set(row.member_id, Number(row.fen));
  return result;
}

// ── Upgrade after a purchase ──────────────────────────────────────────────────────────────────

type TierEventInsert = typeof memberTierEvents.$inferInsert;

export type TierUpgrade = { tier: string; changed: boolean; events: TierEventInsert[]; at: Date };

/**
 * What a purchase at `at` that brings the rolling spend to `spendFen` does to the member's tier:
 * the highest tier the spend reaches under `programme`, if above the tier held. Never downgrades; a
 * granted tier that is higher stays (a grant that the spend overtakes ends, since the member now
 * holds the tier on their own). Pure: `writeTierUpgrade` records it.
 */
export function planTierUpgrade(
  member: MemberTierState,
  programme: TierProgramme,
  spendFen: number,
  at: Date,
  transactionId: string | null = null,
): TierUpgrade {
  const reached = tierForSpend(programme, spendFen);
  if (tierIndex(reached.code) <= tierIndex(member.tier)) return { tier: member.tier, changed: false, events: [], at };
  const events: TierEventInsert[] = [];
  if (member.tierGrantedUntil) {
    events.push({ memberId: member.id, kind: "grant_end", fromTier: member.tier, toTier: member.tier, spendFen, effectiveOn: member.tierGrantedUntil, reason: "superseded" });
  }
  events.push({ memberId: member.id, kind: "upgrade", fromTier: member.tier, toTier: reached.code, spendFen, effectiveOn: localDate(at, member.timeZone), transactionId });
  return { tier: reached.code, changed: true, events, at };
}

/** Records a planned upgrade: the member's new tier and its events (nothing when the tier stays). */
export async function writeTierUpgrade(db: Db, memberId: string, upgrade: TierUpgrade): Promise<void> {
  if (!upgrade.changed) return;
  await allAnswered([
    db.update(members).set({ tier: upgrade.tier, tierSince: upgrade.at, tierGrantedUntil: null }).where(eq(members.id, memberId)),
    db.insert(memberTierEvents).values(upgrade.events),
  ]);
}

/**
 * After a purchase row is inserted, inside its transaction, with the member's row already locked by
 * the caller: upgrades at once to the highest tier the rolling spend reaches under the programme in
 * force at `at` (see planTierUpgrade).
 */
export async function upgradeTierAfterPurchase(db: Db, input: { memberId: string; at: Date; transactionId?: string | null }): Promise<{ tier: string; changed: boolean }> {
  const member = await memberTierState(db, input.memberId);
  if (!member) throw new AppError("member_not_found");
  const programme = await settingAt(db, TIER_PROGRAMME, input.at);
  const spendFen = await memberSpendFen(db, member, input.at);
  const upgrade = planTierUpgrade(member, programme, spendFen, input.at, input.transactionId ?? null);
  await writeTierUpgrade(db, member.id, upgrade);
  return { tier: upgrade.tier, changed: upgrade.changed };
}

// ── Manual grant ──────────────────────────────────────────────────────────────────────────────

export type GrantTierInput = { memberId: string; tier: Exclude<TierCode, "normal">; until: string; reason: string };

/**
 * A manager grants a tier by hand until a date (inclusive, home-store time zone), with a reason:
 * the tier holds whatever the spend and the anniversary evaluations skip the member; after the end
 * date the evaluation job ends the grant and evaluates the member once (one tier down at most).
 * A grant cannot lower the tier in force (downgrades are the evaluation's), but may extend a grant.
 */
export async function grantTier(db: Db, staff: StaffPrincipal, actor: Actor, input: GrantTierInput, now: Date = new Date()) {
  const member = await memberInScopeOrThrow(db, staff, input.memberId, { forUpdate: true });
  if (member.erasedAt) throw new AppError("validation", "memberErased");
  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, member.homeStoreId));
  const today = localDate(now, store?.timeZone ?? "Asia/Shanghai");
  if (input.until < today) throw new AppError("validation", undefined, { until: ["grantUntilPast"] });
  if (tierIndex(input.tier) === tierIndex(BASE_TIER) || tierIndex(input.tier) < tierIndex(member.tier)) {
    throw new AppError("validation", undefined, { tier: ["grantBelowCurrent"] });
  }

  const changed = input.tier !== member.tier;
  await db
    .update(members)
    .set({ tier: input.tier, tierGrantedUntil: input.until, ...(changed ? { tierSince: now } : {}) })
    .where(eq(members.id, member.id));
  await db.insert(memberTierEvents).values({
    memberId: member.id,
    kind: "grant",
    fromTier: member.tier,
    toTier: input.tier,
    effectiveOn: input.until,
    reason: input.reason,
    createdBy: actor.staffId,
  });
  await recordAudit(db, {
    ...byActor(actor),
    action: "loyalty.tier_grant",
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { fromTier: member.tier, toTier: input.tier, until: input.until, reason: input.reason },
  });
  return { memberId: member.id, tier: input.tier, until: input.until };
}

// ── Progress for the 360° view ────────────────────────────────────────────────────────────────

export type TierProgress = {
  tier: string;
  /** Rolling 12-month net spend now, fen. */
  spendFen: number;
  /** The tier above and what is still missing to reach it (0 when reached and not yet applied). */
  next: { tier: TierCode; moreFen: number } | null;
  /**
   * What must still be spent by the next evaluation (the tier anniversary, or the day after a grant
   * ends) to keep the tier: its threshold then, minus the spend that will still be inside the window
   * on that day. 0: on track. Null for the base tier.
   */
  keep: { tier: string; moreFen: number; byDate: string } | null;
  /** A manual grant in force (local date, inclusive). */
  grantedUntil: string | null;
  timeZone: string;
};

export async function tierProgress(db: Db, memberId: string, at: Date = new Date()): Promise<TierProgress> {
  const member = await memberTierState(db, memberId);
  if (!member) throw new AppError("member_not_found");
  const programme = await settingAt(db, TIER_PROGRAMME, at);
  const spendFen = await spendBetween(db, member.id, rollingWindowStart(at, member.timeZone), at);
  const today = localDate(at, member.timeZone);
  const index = tierIndex(member.tier);
  const grantedUntil = member.tierGrantedUntil && member.tierGrantedUntil >= today ? member.tierGrantedUntil : null;

  const above = programme.tiers[index + 1];
  const next = above ? { tier: above.code, moreFen: Math.max(0, above.thresholdFen - spendFen) } : null;

  let keep: TierProgress["keep"] = null;
  if (index > 0) {
    let byDate: string;
    if (grantedUntil) {
      byDate = shiftDay(grantedUntil, { days: 1 });
    } else {
      const [lastKept] = await db
        .select({ day: sql<string | null>`max(${memberTierEvents.effectiveOn})` })
        .from(memberTierEvents)
        .where(and(eq(memberTierEvents.memberId, member.id), eq(memberTierEvents.kind, "kept")));
      byDate = nextEvaluationDay(localDate(member.tierSince, member.timeZone), lastKept?.day ?? null, today);
    }
    const evaluationStart = startOfLocalDay(byDate, member.timeZone);
    const programmeThen = evaluationStart > at ? await settingAt(db, TIER_PROGRAMME, evaluationStart) : programme;
    // Spend that will still count on the evaluation day: what falls out of the window by then does not.
    const staying = await spendBetween(db, member.id, rollingWindowStart(evaluationStart, member.timeZone), at);
    const threshold = tierDefinition(programmeThen, member.tier).thresholdFen;
    keep = { tier: member.tier, moreFen: Math.max(0, threshold - staying), byDate };
  }
  return { tier: member.tier, spendFen, next, keep, grantedUntil, timeZone: member.timeZone };
}

// ── The evaluation job ────────────────────────────────────────────────────────────────────────

/** Members per round trip: keeps parameter lists well below PostgreSQL's 65,535 limit. */
export const EVALUATION_CHUNK = 1000;
const NOTICE_DAYS = 30;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** The tier codes in order, as a SQL text[] (index + 1 = tier index). */
const TIER_CODE_ARRAY = sql`array[${sql.join(
  TIER_CODES.map((code) => sql`${code}`),
  sql`, `,
)}]::text[]`;

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
      downgrades.push(sql`(${d.memberId}::uuid, ${lower}::text, ${startOfLocalDay(d.day, d.timeZone).toISOString()}::timestamptz)`);
      events.push({ memberId: d.memberId, kind: "downgrade", fromTier: d.tier, toTier: lower, spendFen: d.spendFen, effectiveOn: d.day, reason: "evaluation" });
      counts.downgraded++;
    } else {
      events.push({ memberId: d.memberId, kind: "kept", fromTier: d.tier, toTier: d.tier, spendFen: d.spendFen, effectiveOn: d.day, reason: "evaluation" });
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
async function endExpiredGrants(db: Db, zones: SQL, now: Date, programme: TierProgramme, counts: Counts): Promise<number> {
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
      rows.map((r) => ({ memberId: r.id, kind: "grant_end" as const, fromTier: r.tier, toTier: r.tier, spendFen: spends.get(r.id) ?? 0, effectiveOn: r.day, reason: "expired" })),
    );
    ended += rows.length;
    const evaluable = rows.filter((r) => tierIndex(r.tier) > 0 && (TIER_CODES as readonly string[]).includes(r.tier));
    await applyEvaluations(
      db,
      programme,
      evaluable.map((r) => ({ memberId: r.id, tier: r.tier, timeZone: r.time_zone, day: shiftDay(r.day, { days: 1 }), spendFen: spends.get(r.id) ?? 0 })),
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
    const rows: LockedRow[] = locked.filter((m) => due.get(m.id)?.tier === m.tier).map((m) => ({ ...m, day: due.get(m.id)!.day }));
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
      rows.map((r) => ({ memberId: r.id, tier: r.tier, timeZone: r.time_zone, day: r.day, spendFen: spends.get(r.id) ?? 0 })),
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
      for (const tier of programme.tiers.slice(1)) thresholds.push(sql`(${zone}::text, ${day}::date, ${tier.code}::text, ${tier.thresholdFen}::bigint)`);
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
    const txDb = tx as unknown as Db;
    const counts: Counts = { evaluated: 0, downgraded: 0, kept: 0 };
    const zones = await zoneWindows(txDb, now);
    if (!zones) return { ...counts, grantsEnded: 0, notices: 0 };
    const programme = await settingAt(txDb, TIER_PROGRAMME, now);
    const grantsEnded = await endExpiredGrants(txDb, zones, now, programme, counts);
    await evaluateAnniversaries(txDb, zones, now, programme, counts);
    const notices = await writeNotices(txDb, zones, now);
    return { ...counts, grantsEnded, notices };
  });
}

/** For lib/jobs: `npm run job -- tier-evaluation`. */
export async function tierEvaluationJob(db: Db, now = new Date()): Promise<Record<string, unknown>> {
  return evaluateTiers(db, now);
}

// ── Administration: what-if, versions, save ───────────────────────────────────────────────────

/** SQL: the index of the tier a spend reaches under a programme. */
function tierIndexForSpend(programme: TierProgramme, spend: SQL): SQL {
  const branches = programme.tiers
    .map((tier, index) => ({ tier, index }))
    .slice(1)
    .reverse()
    .map(({ tier, index }) => sql`when ${spend} >= ${tier.thresholdFen}::bigint then ${index}::int`);
  return sql`(case ${sql.join(branches, sql` `)} else 0 end)`;
}

/**
 * What-if: how many members of each tier would move up, move down or stay if `proposed` applied now
 * to current rolling spends (and, for comparison, under the programme in force). One set-based
 * statement over every live member. A member whose grant is in force does not move down.
 */
export async function tierWhatIf(db: Db, proposed: TierProgramme, at: Date = new Date()): Promise<TierWhatIf> {
  const empty = (): TierMoveCounts => ({ up: 0, down: 0, stay: 0 });
  const rows: TierWhatIfRow[] = TIER_CODES.map((tier) => ({ tier, members: 0, proposed: empty(), inForce: empty() }));
  const totals = { members: 0, proposed: empty(), inForce: empty() };
  const zones = await zoneWindows(db, at);
  if (!zones) return { at: at.toISOString(), rows, totals };
  const inForce = await settingAt(db, TIER_PROGRAMME, at);
  const spend = sql`coalesce(sp.fen, 0)`;
  const groups = rowsOf<{ cur: number; by_proposed: number; by_in_force: number; held: boolean; n: number }>(
    await db.execute(sql`
      with spend as (
        select t.member_id, sum(t.net_paid_fen) as fen
          from sales_transactions t
          join members m on m.id = t.member_id
          join stores s on s.id = m.home_store_id
          join ${zones} on z.time_zone = s.time_zone
         where t.occurred_at >= z.since and t.occurred_at <= ${at.toISOString()}::timestamptz
         group by t.member_id
      ), placed as (
        select coalesce(array_position(${TIER_CODE_ARRAY}, m.tier), 1) - 1 as cur,
               ${tierIndexForSpend(proposed, spend)} as by_proposed,
               ${tierIndexForSpend(inForce, spend)} as by_in_force,
               coalesce(m.tier_granted_until >= z.today, false) as held
          from members m
          join stores s on s.id = m.home_store_id
          join ${zones} on z.time_zone = s.time_zone
          left join spend sp on sp.member_id = m.id
         where m.merged_into_id is null
      )
      select cur, by_proposed, by_in_force, held, count(*)::int as n
        from placed
       group by cur, by_proposed, by_in_force, held`),
  );
  const move = (counts: TierMoveCounts, cur: number, target: number, held: boolean, n: number) => {
    if (target > cur) counts.up += n;
    else if (target < cur && !held) counts.down += n;
    else counts.stay += n;
  };
  for (const group of groups) {
    const cur = Number(group.cur);
    const n = Number(group.n);
    const row = rows[cur]!;
    row.members += n;
    totals.members += n;
    move(row.proposed, cur, Number(group.by_proposed), group.held, n);
    move(totals.proposed, cur, Number(group.by_proposed), group.held, n);
    move(row.inForce, cur, Number(group.by_in_force), group.held, n);
    move(totals.inForce, cur, Number(group.by_in_force), group.held, n);
  }
  return { at: at.toISOString(), rows, totals };
}

export type TierProgrammeVersionRow = {
  id: string;
  effectiveFrom: Date;
  setAt: Date;
  setByName: string | null;
  programme: TierProgramme | null;
  status: "scheduled" | "in_force" | "past";
};

/**
 * The programme's versions, newest effective date first, a page at a time, with the version in force
 * and the next scheduled one (null: none saved yet / none scheduled).
 */
export async function listTierProgrammeVersions(db: Db, params: { page: number; pageSize: number }, now: Date = new Date()) {
  const columns = { id: settings.id, value: settings.value, effectiveFrom: settings.effectiveFrom, setAt: settings.setAt, setByName: staff.displayName };
  const ofKey = eq(settings.key, TIER_PROGRAMME.key);
  const [rows, [total], [current], [upcoming]] = await Promise.all([
    db
      .select(columns)
      .from(settings)
      .leftJoin(staff, eq(staff.id, settings.setBy))
      .where(ofKey)
      .orderBy(desc(settings.effectiveFrom))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ n: count() }).from(settings).where(ofKey),
    db
      .select(columns)
      .from(settings)
      .leftJoin(staff, eq(staff.id, settings.setBy))
      .where(and(ofKey, lte(settings.effectiveFrom, now)))
      .orderBy(desc(settings.effectiveFrom))
      .limit(1),
    db
      .select(columns)
      .from(settings)
      .leftJoin(staff, eq(staff.id, settings.setBy))
      .where(and(ofKey, gt(settings.effectiveFrom, now)))
      .orderBy(asc(settings.effectiveFrom))
      .limit(1),
  ]);
  const toRow = (row: (typeof rows)[number]): TierProgrammeVersionRow => ({
    id: row.id,
    effectiveFrom: row.effectiveFrom,
    setAt: row.setAt,
    setByName: row.setByName,
    programme: tierProgrammeSchema.safeParse(row.value).data ?? null,
    status: row.effectiveFrom > now ? "scheduled" : row.id === current?.id ? "in_force" : "past",
  });
  return {
    total: total?.n ?? 0,
    rows: rows.map(toRow),
    current: current ? toRow(current) : null,
    upcoming: upcoming ? toRow(upcoming) : null,
  };
}

/** How far in the past a typed effective time may be (the form has minute precision): it then means now. */
const EFFECTIVE_GRACE_MS = 60_000;

/** Saves a new version of the programme, effective now or later (audited as settings.save by saveSetting). */
export async function saveTierProgramme(db: Db, actor: Actor, values: TierProgrammeFormValues, now: Date = new Date()) {
  let effectiveFrom = effectiveInstant(values, now);
  if (effectiveFrom < now) {
    if (now.getTime() - effectiveFrom.getTime() > EFFECTIVE_GRACE_MS) throw new AppError("validation", undefined, { effectiveFrom: ["effectiveInPast"] });
    effectiveFrom = now;
  }
  const saved = await saveSetting(db, actor, TIER_PROGRAMME, toTierProgramme(values), effectiveFrom);
  return { id: saved.id, effectiveFrom: effectiveFrom.toISOString() };
}

// ── Use cases (permission, schema, business call): tier-actions.ts wraps them; tests run them through executeAction ──

export const grantTierUseCase = {
  permission: "loyalty.tiers.grant",
  input: grantTierSchema,
  run: ({ staff, actor, input, db }) => grantTier(db, staff, actor, input),
} satisfies ActionDefinition<typeof grantTierSchema, unknown>;

export const saveTierProgrammeUseCase = {
  permission: "loyalty.tiers.manage",
  input: tierProgrammeFormSchema,
  run: ({ actor, input, db }) => saveTierProgramme(db, actor, input),
} satisfies ActionDefinition<typeof tierProgrammeFormSchema, unknown>;

export const previewTierProgrammeUseCase = {
  permission: "loyalty.tiers.manage",
  input: tierProgrammeFormSchema,
  run: ({ input, db }) => tierWhatIf(db, toTierProgramme(input)),
} satisfies ActionDefinition<typeof tierProgrammeFormSchema, unknown>;

import { and, asc, count, desc, eq, gt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { settings, staff } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import { saveSetting, settingAt } from "@/lib/settings/versioned";
import { TIER_CODES, TIER_PROGRAMME, tierProgrammeSchema, type TierProgramme } from "../programme/rules";
import { TIER_CODE_ARRAY, zoneWindows } from "./rolling-spend";
import {
  effectiveInstant,
  toTierProgramme,
  type TierMoveCounts,
  type TierProgrammeFormValues,
  type TierWhatIf,
  type TierWhatIfRow,
} from "./schemas";

/**
 * The tier programme's administration: the what-if of proposed thresholds, the saved versions, and
 * saving a new version (a versioned setting, effective now or later).
 */

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
export async function listTierProgrammeVersions(
  db: Db,
  params: { page: number; pageSize: number },
  now: Date = new Date(),
) {
  const columns = {
    id: settings.id,
    value: settings.value,
    effectiveFrom: settings.effectiveFrom,
    setAt: settings.setAt,
    setByName: staff.displayName,
  };
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
    if (now.getTime() - effectiveFrom.getTime() > EFFECTIVE_GRACE_MS)
      throw new AppError("validation", { fieldErrors: { effectiveFrom: ["effectiveInPast"] } });
    effectiveFrom = now;
  }
  const saved = await saveSetting(db, actor, TIER_PROGRAMME, toTierProgramme(values), effectiveFrom);
  return { id: saved.id, effectiveFrom: effectiveFrom.toISOString() };
}

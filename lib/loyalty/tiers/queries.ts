import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, memberTierEvents, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { settingAt } from "@/lib/settings/versioned";
import { localDate, shiftDay, startOfLocalDay } from "@/lib/time";
import { TIER_PROGRAMME, tierDefinition, tierIndex, type TierCode } from "../programme/rules";
import { nextEvaluationDay, rollingWindowStart } from "./calendar";
import { memberStateColumns } from "../points/service";

// ── Progress for the 360° view ────────────────────────────────────────────────────────────────

/** Net spend of one member from each of two starts up to `to` (spendBetween for two windows, in one statement). */
async function spendsSince(db: Db, memberId: string, starts: [Date, Date], to: Date): Promise<[number, number]> {
  const earliest = new Date(Math.min(...starts.map((d) => d.getTime())));
  const sums = starts.map(
    (from, i) =>
      sql`coalesce(sum(net_paid_fen) filter (where occurred_at >= ${from.toISOString()}::timestamptz), 0)::bigint as ${sql.identifier(`s${i}`)}`,
  );
  const [row] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select ${sql.join(sums, sql`, `)}
        from sales_transactions
       where member_id = ${memberId} and occurred_at >= ${earliest.toISOString()}::timestamptz
         and occurred_at <= ${to.toISOString()}::timestamptz`),
  );
  return [Number(row?.s0 ?? 0), Number(row?.s1 ?? 0)];
}

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
  // Two round trips whatever the tier: the member (with the last "kept" evaluation) beside the
  // programme now, then both spends in one statement beside the programme on the evaluation day.
  const [[member], programme] = await Promise.all([
    db
      .select({
        ...memberStateColumns,
        lastKept: sql<string | null>`(select max(${memberTierEvents.effectiveOn}) from ${memberTierEvents}
                                       where ${memberTierEvents.memberId} = ${members.id} and ${memberTierEvents.kind} = 'kept')`,
      })
      .from(members)
      .innerJoin(stores, eq(stores.id, members.homeStoreId))
      .where(eq(members.id, memberId)),
    settingAt(db, TIER_PROGRAMME, at),
  ]);
  if (!member) throw new AppError("member_not_found");
  const today = localDate(at, member.timeZone);
  const index = tierIndex(member.tier);
  const grantedUntil = member.tierGrantedUntil && member.tierGrantedUntil >= today ? member.tierGrantedUntil : null;
  const windowNow = rollingWindowStart(at, member.timeZone);

  // The next evaluation (base tier: none), and the spend that will still count on that day: what
  // falls out of the window by then does not.
  let evaluation: { byDate: string; start: Date } | null = null;
  if (index > 0) {
    const byDate = grantedUntil
      ? shiftDay(grantedUntil, { days: 1 })
      : nextEvaluationDay(localDate(member.tierSince, member.timeZone), member.lastKept ?? null, today);
    evaluation = { byDate, start: startOfLocalDay(byDate, member.timeZone) };
  }
  const [spends, programmeThen] = await Promise.all([
    spendsSince(
      db,
      member.id,
      [windowNow, evaluation ? rollingWindowStart(evaluation.start, member.timeZone) : windowNow],
      at,
    ),
    evaluation && evaluation.start > at ? settingAt(db, TIER_PROGRAMME, evaluation.start) : programme,
  ]);
  const [spendFen, staying] = spends;

  const above = programme.tiers[index + 1];
  const next = above ? { tier: above.code, moreFen: Math.max(0, above.thresholdFen - spendFen) } : null;

  let keep: TierProgress["keep"] = null;
  if (evaluation) {
    const threshold = tierDefinition(programmeThen, member.tier).thresholdFen;
    keep = { tier: member.tier, moreFen: Math.max(0, threshold - staying), byDate: evaluation.byDate };
  }
  return { tier: member.tier, spendFen, next, keep, grantedUntil, timeZone: member.timeZone };
}

import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberTierEvents } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { settingAt } from "@/lib/settings/versioned";
import { localDate, shiftDay, startOfLocalDay } from "@/lib/time";
import { TIER_PROGRAMME, tierDefinition, tierIndex, type TierCode } from "../programme/rules";
import { nextEvaluationDay, rollingWindowStart } from "./calendar";
import { memberTierState, spendBetween } from "./rolling-spend";

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

import { eq } from "drizzle-orm";
import { runStatement, type Db } from "@/db/client";
import { members, memberTierEvents, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { settingAt } from "@/lib/settings/versioned";
import { DEFAULT_TIME_ZONE, localDate } from "@/lib/time";
import {
  TIER_CODES,
  TIER_PROGRAMME,
  tierForSpend,
  tierIndex,
  type TierCode,
  type TierProgramme,
} from "../programme/rules";
import { memberSpendFen, memberTierState, type MemberTierState } from "./rolling-spend";

/**
 * Tiers (docs/domain.md, Tiers): upgrade at once when the rolling 12-month net spend reaches a threshold,
 * a yearly evaluation on the tier anniversary that goes down one tier at most (with a notice 30 days
 * before), and manual grants that hold a tier until a date.
 *
 * This file holds the writes of a member's tier: the upgrade after a purchase and the manual grant.
 * The yearly evaluation is evaluation-job.ts, the programme's administration programme.ts, the
 * dates calendar.ts.
 */

const BASE_TIER: TierCode = TIER_CODES[0];

// ── Upgrade after a purchase ──────────────────────────────────────────────────────────────────

export type TierEventInsert = typeof memberTierEvents.$inferInsert;

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
    events.push({
      memberId: member.id,
      kind: "grant_end",
      fromTier: member.tier,
      toTier: member.tier,
      spendFen,
      effectiveOn: member.tierGrantedUntil,
      reason: "superseded",
    });
  }
  events.push({
    memberId: member.id,
    kind: "upgrade",
    fromTier: member.tier,
    toTier: reached.code,
    spendFen,
    effectiveOn: localDate(at, member.timeZone),
    transactionId,
  });
  return { tier: reached.code, changed: true, events, at };
}

/** Records a planned upgrade: the member's new tier and its events (nothing when the tier stays). */
export async function writeTierUpgrade(db: Db, memberId: string, upgrade: TierUpgrade): Promise<void> {
  if (!upgrade.changed) return;
  const events = upgrade.events;
  await runStatement(db, WRITE_TIER_UPGRADE, [
    memberId,
    upgrade.tier,
    upgrade.at.toISOString(),
    events.map((e) => e.kind),
    events.map((e) => e.fromTier),
    events.map((e) => e.toTier),
    events.map((e) => e.spendFen ?? null),
    events.map((e) => e.effectiveOn ?? null),
    events.map((e) => e.reason ?? null),
    events.map((e) => e.transactionId ?? null),
  ]);
}

// A purchase that upgrades runs this: the member's new tier and its events in one statement written once.
const WRITE_TIER_UPGRADE = `
  with upgraded as (
    update members set tier = $2::text, tier_since = $3::timestamptz, tier_granted_until = null where id = $1::uuid
  )
  insert into member_tier_events (member_id, kind, from_tier, to_tier, spend_fen, effective_on, reason, transaction_id)
  select $1::uuid, e.kind::tier_event_kind, e.from_tier, e.to_tier, e.spend_fen, e.effective_on::date, e.reason, e.transaction_id
    from unnest($4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::uuid[])
         with ordinality as e(kind, from_tier, to_tier, spend_fen, effective_on, reason, transaction_id, n)
   order by e.n`;

/**
 * After a purchase row is inserted, inside its transaction, with the member's row already locked by
 * the caller: upgrades at once to the highest tier the rolling spend reaches under the programme in
 * force at `at` (see planTierUpgrade).
 */
export async function upgradeTierAfterPurchase(
  db: Db,
  input: { memberId: string; at: Date; transactionId?: string | null },
): Promise<{ tier: string; changed: boolean }> {
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
export async function grantTier(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: GrantTierInput,
  now: Date = new Date(),
) {
  const member = await memberInScopeOrThrow(db, staff, input.memberId, { forUpdate: true });
  if (member.erasedAt) throw new AppError("validation", { messageKey: "memberErased" });
  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, member.homeStoreId));
  const today = localDate(now, store?.timeZone ?? DEFAULT_TIME_ZONE);
  if (input.until < today) throw new AppError("validation", { fieldErrors: { until: ["grantUntilPast"] } });
  if (tierIndex(input.tier) === tierIndex(BASE_TIER) || tierIndex(input.tier) < tierIndex(member.tier)) {
    throw new AppError("validation", { fieldErrors: { tier: ["grantBelowCurrent"] } });
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

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, pointsAdjustments } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow, membersInScope } from "@/lib/members/scope";
import { settingAt } from "@/lib/settings/versioned";
import { creditPoints, debitPoints, lockMemberForPoints, lotExpiry } from "../points/service";
import { EARN_RULES } from "../programme/rules";
import { requesterDayTotal } from "./queries";
import { adjustmentNeedsApproval } from "./schemas";

/**
 * Manual points adjustments with a reason. While a requester's day total for a member (absolute
 * points, applied or waiting, this request included) stays within the approval threshold (5,000
 * points by default) they apply at once; the request that takes it over waits for a manager, who
 * cannot be the person who asked (maker-checker; also a CHECK in the database).
 * docs/domain.md#adjustments
 */

export type AdjustmentRequest = { memberId: string; points: number; reason: string };

export async function requestPointsAdjustment(db: Db, actor: Actor, staff: StaffPrincipal, input: AdjustmentRequest) {
  // The ledger's member lock, taken before the day total is read: two requests at the same moment
  // run one after the other, so they cannot both see a total under the threshold.
  const member = await lockMemberForPoints(db, and(eq(members.id, input.memberId), membersInScope(staff))!);
  if (!member) throw new AppError("not_found");
  const rules = await settingAt(db, EARN_RULES);
  const dayTotal = await requesterDayTotal(db, {
    requesterId: actor.staffId,
    memberId: member.id,
    timeZone: member.timeZone,
  });
  const needsApproval = adjustmentNeedsApproval({
    dayTotal,
    points: input.points,
    threshold: rules.adjustmentApprovalThreshold,
  });
  const [adjustment] = await db
    .insert(pointsAdjustments)
    .values({
      memberId: member.id,
      points: input.points,
      reason: input.reason,
      status: needsApproval ? "pending" : "approved",
      requestedBy: actor.staffId,
    })
    .returning();
  if (!needsApproval) {
    const entryId = await applyAdjustment(db, actor, adjustment!);
    await db.update(pointsAdjustments).set({ entryId }).where(eq(pointsAdjustments.id, adjustment!.id));
  }
  await recordAudit(db, {
    ...byActor(actor),
    action: needsApproval ? "loyalty.adjustment_request" : "loyalty.adjustment",
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { adjustmentId: adjustment!.id, points: input.points, reason: input.reason },
  });
  return { adjustmentId: adjustment!.id, status: adjustment!.status };
}

export type AdjustmentDecision = { adjustmentId: string; approve: boolean; note?: string | null };

export async function decidePointsAdjustment(db: Db, actor: Actor, staff: StaffPrincipal, input: AdjustmentDecision) {
  const [adjustment] = await db
    .select()
    .from(pointsAdjustments)
    .where(and(eq(pointsAdjustments.id, input.adjustmentId), eq(pointsAdjustments.status, "pending")))
    .for("update");
  if (!adjustment) throw new AppError("not_found");
  const member = await memberInScopeOrThrow(db, staff, adjustment.memberId);
  if (adjustment.requestedBy === actor.staffId) throw new AppError("forbidden", { messageKey: "makerCannotApprove" });
  let entryId: number | null = null;
  if (input.approve) entryId = await applyAdjustment(db, actor, adjustment);
  await db
    .update(pointsAdjustments)
    .set({
      status: input.approve ? "approved" : "rejected",
      decidedBy: actor.staffId,
      decidedAt: new Date(),
      decisionNote: input.note ?? null,
      entryId,
    })
    .where(eq(pointsAdjustments.id, adjustment.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: input.approve ? "loyalty.adjustment_approve" : "loyalty.adjustment_reject",
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { adjustmentId: adjustment.id, points: adjustment.points, note: input.note ?? null },
  });
  return {
    adjustmentId: adjustment.id,
    status: input.approve ? ("approved" as const) : ("rejected" as const),
    memberId: member.id,
  };
}

async function applyAdjustment(
  db: Db,
  actor: Actor,
  adjustment: typeof pointsAdjustments.$inferSelect,
): Promise<number> {
  const member = await lockMemberForPoints(db, adjustment.memberId);
  if (!member) throw new AppError("not_found");
  const common = {
    memberId: member.id,
    adjustmentId: adjustment.id,
    reason: adjustment.reason,
    createdBy: actor.staffId,
  };
  if (adjustment.points > 0) {
    const now = new Date();
    const { entryId } = await creditPoints(db, {
      ...common,
      kind: "adjustment",
      points: adjustment.points,
      occurredAt: now,
      expiresAt: lotExpiry(now, member.timeZone),
    });
    return entryId;
  }
  const { entryId } = await debitPoints(db, {
    ...common,
    kind: "adjustment",
    points: -adjustment.points,
    allowDebt: false,
  });
  return entryId;
}

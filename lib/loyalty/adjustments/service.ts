import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pointsAdjustments } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { settingAt } from "@/lib/settings/versioned";
import { creditPoints, debitPoints, lockMemberForPoints, lotExpiry } from "../points/service";
import { EARN_RULES } from "../programme/rules";

/**
 * Manual points adjustments with a reason. Up to the approval threshold (5,000 points by default,
 * in absolute value) they apply at once; above it they wait for a manager, who cannot be the
 * person who asked (maker-checker; also a CHECK in the database).
 */

export type AdjustmentRequest = { memberId: string; points: number; reason: string };

export async function requestPointsAdjustment(db: Db, actor: Actor, staff: StaffPrincipal, input: AdjustmentRequest) {
  const member = await memberInScopeOrThrow(db, staff, input.memberId);
  const rules = await settingAt(db, EARN_RULES);
  const needsApproval = Math.abs(input.points) > rules.adjustmentApprovalThreshold;
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

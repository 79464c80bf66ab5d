import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintBudgets, complaintCompensations, complaintEvents, complaints, members, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { creditPoints, lockMemberForPoints, lotExpiry } from "@/lib/loyalty/points/service";
import { shiftDay, todayIn } from "@/lib/time";
import { complaintInScope, monthSpend, type ComplaintInScope } from "./queries";
import {
  budgetMonthOf,
  compensationNeedsApproval,
  compensationThresholdOf,
  compensationValueFen,
  REGULATOR_DEADLINE_MAX_DAYS,
  type RequestCompensationValues,
} from "./schemas";

/**
 * Goodwill compensation for a complaint, the store's monthly goodwill budget and the regulator
 * (12315) referral. docs/domain.md#compensation-and-budget
 *
 * - A request's value is its points at 1 fen each (value_fen = points).
 * - Up to the requester's role threshold (schemas.ts) it is approved at once; the row then has
 *   decided_by null (the database's CHECK forbids decided_by = requested_by, and nobody else
 *   decided) and decided_at the moment of the request. Above it, it waits as `pending` for a
 *   manager who is not the requester (maker-checker; the CHECK is the backstop).
 * - Every approval, at once or later, locks the store's budget row for the month (SELECT … FOR
 *   UPDATE), so two approvals run one after the other and the second sees the first's spend: the
 *   budget cannot be overspent. No row means a budget of 0: nothing can be approved.
 * - An approval credits the points through the points ledger (an `adjustment` entry and its lot,
 *   as a manual adjustment does) and keeps the entry's id.
 */

const ENTITY = "complaint";

type CompensationRow = typeof complaintCompensations.$inferSelect;

// ── Budget ────────────────────────────────────────────────────────────────────────────────────

/**
 * Locks a store's budget row for a month and returns what approvals may still spend; refuses when
 * there is no row (a budget of 0). The lock is what serialises approvals of one store and month.
 */
async function lockBudget(db: Db, storeId: string, month: string): Promise<{ budgetFen: number; spentFen: number }> {
  const [budget] = await db
    .select({ budgetFen: complaintBudgets.budgetFen })
    .from(complaintBudgets)
    .where(and(eq(complaintBudgets.storeId, storeId), eq(complaintBudgets.month, month)))
    .for("update");
  if (!budget)
    throw new AppError("conflict", {
      messageKey: "complaintBudgetMissing",
      detail: `No goodwill budget is set for store ${storeId} in ${month}; nothing can be approved.`,
      details: { remainingFen: 0, month },
    });
  // Read after the lock: a concurrent approval that held it has committed, and this statement sees it.
  const { approvedFen } = await monthSpend(db, storeId, month);
  return { budgetFen: budget.budgetFen, spentFen: approvedFen };
}

/**
 * Approves a compensation within its store's monthly budget: locks the budget, refuses an overspend,
 * credits the points to the complaint's member and marks the row approved. `decidedBy` is null for
 * a request approved at once within the requester's threshold.
 */
async function approveWithinBudget(
  db: Db,
  actor: Actor,
  compensation: CompensationRow,
  complaint: Pick<ComplaintInScope, "id" | "reference" | "memberId">,
  decision: { decidedBy: string | null; note: string | null },
) {
  const { budgetFen, spentFen } = await lockBudget(db, compensation.storeId, compensation.budgetMonth);
  const remainingBefore = budgetFen - spentFen;
  if (compensation.valueFen > remainingBefore)
    throw new AppError("conflict", {
      messageKey: "complaintBudgetExceeded",
      detail: `The goodwill budget of ${compensation.budgetMonth} has ${Math.max(0, remainingBefore)} fen left; this compensation is worth ${compensation.valueFen}.`,
      details: { remainingFen: Math.max(0, remainingBefore), month: compensation.budgetMonth },
    });

  const member = complaint.memberId ? await lockMemberForPoints(db, complaint.memberId) : null;
  if (!member) throw new AppError("conflict", { messageKey: "complaintCompensationNoMember" });
  const [erased] = await db.select({ erasedAt: members.erasedAt }).from(members).where(eq(members.id, member.id));
  if (erased?.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });

  const now = new Date();
  const { entryId, balanceAfter } = await creditPoints(db, {
    memberId: member.id,
    kind: "adjustment",
    points: compensation.points!,
    occurredAt: now,
    expiresAt: lotExpiry(now, member.timeZone),
    storeId: compensation.storeId,
    reason: `${complaint.reference}: ${compensation.reason}`,
    createdBy: actor.staffId,
  });
  await db
    .update(complaintCompensations)
    .set({
      status: "approved",
      decidedBy: decision.decidedBy,
      decidedAt: now,
      decisionNote: decision.note,
      pointsEntryId: entryId,
    })
    .where(eq(complaintCompensations.id, compensation.id));
  return {
    entryId,
    memberId: member.id,
    balanceAfter,
    budgetFen,
    remainingBefore,
    remainingAfter: remainingBefore - compensation.valueFen,
  };
}

async function addEvent(db: Db, actor: Actor, complaintId: string, body: string) {
  await db.insert(complaintEvents).values({
    complaintId,
    kind: "compensation",
    body,
    actorStaffId: actor.staffId,
    actorLabel: actor.username,
  });
}

// ── Request ───────────────────────────────────────────────────────────────────────────────────

export type RequestCompensationResult = {
  compensationId: string;
  complaintId: string;
  status: "pending" | "approved";
  pointsEntryId: number | null;
};

/**
 * Asks for goodwill points for a complaint with a member (not erased) that is not closed. Within the
 * requester's threshold it is approved at once (within the budget, else nothing is written);
 * above it, it waits for a manager.
 */
export async function requestCompensation(
  db: Db,
  actor: Actor,
  principal: StaffPrincipal,
  input: RequestCompensationValues,
  now: Date = new Date(),
): Promise<RequestCompensationResult> {
  if (input.kind !== "points")
    throw new AppError("validation", { fieldErrors: { kind: ["compensationCouponsLater"] } });
  // The complaint's lock serialises requests on one complaint (and holds off its closing meanwhile).
  const complaint = await complaintInScope(db, principal, input.complaintId, { forUpdate: true });
  if (complaint.status === "closed") throw new AppError("conflict", { messageKey: "complaintCompensationClosed" });
  if (!complaint.memberId) throw new AppError("conflict", { messageKey: "complaintCompensationNoMember" });
  if (complaint.memberErased) throw new AppError("conflict", { messageKey: "memberErased" });

  const threshold = compensationThresholdOf(principal.roles);
  const needsApproval = compensationNeedsApproval({ points: input.points, threshold });
  const valueFen = compensationValueFen(input.points);
  const budgetMonth = budgetMonthOf(now, complaint.timeZone);
  const [row] = await db
    .insert(complaintCompensations)
    .values({
      complaintId: complaint.id,
      storeId: complaint.storeId,
      kind: "points",
      points: input.points,
      valueFen,
      reason: input.reason,
      status: "pending",
      requestedBy: actor.staffId,
      requestedAt: now,
      budgetMonth,
    })
    .returning();
  const compensation = row!;

  const applied = needsApproval
    ? null
    : await approveWithinBudget(db, actor, compensation, complaint, { decidedBy: null, note: null });
  const status = applied ? ("approved" as const) : ("pending" as const);
  await addEvent(db, actor, complaint.id, `+${input.points} points (${status}): ${input.reason}`);
  await recordAudit(db, {
    ...byActor(actor),
    action: applied ? "complaint.compensation_grant" : "complaint.compensation_request",
    entityType: ENTITY,
    entityId: complaint.id,
    storeId: complaint.storeId,
    details: {
      compensationId: compensation.id,
      reference: complaint.reference,
      points: input.points,
      valueFen,
      reason: input.reason,
      budgetMonth,
      thresholdPoints: threshold,
      before: { status: null, remainingFen: applied ? applied.remainingBefore : null },
      after: {
        status,
        remainingFen: applied ? applied.remainingAfter : null,
        pointsEntryId: applied?.entryId ?? null,
      },
    },
  });
  return {
    compensationId: compensation.id,
    complaintId: complaint.id,
    status,
    pointsEntryId: applied?.entryId ?? null,
  };
}

// ── Decide ────────────────────────────────────────────────────────────────────────────────────

export type DecideCompensationResult = {
  compensationId: string;
  complaintId: string;
  status: "approved" | "rejected";
  pointsEntryId: number | null;
};

/**
 * A manager approves or rejects a pending compensation of their stores (another store's is not
 * found). The row is locked first, so of two managers deciding the same request the second sees it
 * decided. The requester cannot decide their own. Approval needs the budget (locked) and a member.
 */
export async function decideCompensation(
  db: Db,
  actor: Actor,
  principal: StaffPrincipal,
  input: { compensationId: string; approve: boolean; note?: string | null },
): Promise<DecideCompensationResult> {
  const [compensation] = await db
    .select()
    .from(complaintCompensations)
    .where(
      and(
        eq(complaintCompensations.id, input.compensationId),
        storeFilter(complaintCompensations.storeId, storeScopeOf(principal)),
      ),
    )
    .for("update");
  if (!compensation) throw new AppError("not_found");
  if (compensation.status !== "pending")
    throw new AppError("conflict", { messageKey: "complaintCompensationAlreadyDecided" });
  if (compensation.requestedBy === actor.staffId)
    throw new AppError("forbidden", { messageKey: "complaintCompensationMakerCannotDecide" });
  const note = input.note?.trim() || null;
  if (!input.approve && !note)
    throw new AppError("validation", { fieldErrors: { note: ["compensationRejectNoteRequired"] } });

  const complaint = await complaintInScope(db, principal, compensation.complaintId);
  let applied: Awaited<ReturnType<typeof approveWithinBudget>> | null = null;
  if (input.approve) {
    if (complaint.status === "closed") throw new AppError("conflict", { messageKey: "complaintCompensationClosed" });
    if (complaint.memberErased) throw new AppError("conflict", { messageKey: "memberErased" });
    applied = await approveWithinBudget(db, actor, compensation, complaint, { decidedBy: actor.staffId, note });
  } else {
    await db
      .update(complaintCompensations)
      .set({ status: "rejected", decidedBy: actor.staffId, decidedAt: new Date(), decisionNote: note })
      .where(eq(complaintCompensations.id, compensation.id));
  }
  const status = input.approve ? ("approved" as const) : ("rejected" as const);
  await addEvent(db, actor, complaint.id, `+${compensation.points} points (${status})${note ? `: ${note}` : ""}`);
  await recordAudit(db, {
    ...byActor(actor),
    action: input.approve ? "complaint.compensation_approve" : "complaint.compensation_reject",
    entityType: ENTITY,
    entityId: complaint.id,
    storeId: compensation.storeId,
    details: {
      compensationId: compensation.id,
      reference: complaint.reference,
      points: compensation.points,
      valueFen: compensation.valueFen,
      budgetMonth: compensation.budgetMonth,
      requestedBy: compensation.requestedBy,
      note,
      before: { status: compensation.status, remainingFen: applied?.remainingBefore ?? null },
      after: { status, remainingFen: applied?.remainingAfter ?? null, pointsEntryId: applied?.entryId ?? null },
    },
  });
  return {
    compensationId: compensation.id,
    complaintId: complaint.id,
    status,
    pointsEntryId: applied?.entryId ?? null,
  };
}

// ── Regulator referral ────────────────────────────────────────────────────────────────────────

/**
 * Flags a complaint as referred by the regulator (12315) with the deadline for an answer (a
 * store-local date from today to today + 60 days), or clears the flag and its deadline.
 */
export async function setRegulatorReferral(
  db: Db,
  actor: Actor,
  principal: StaffPrincipal,
  input: { complaintId: string; referral: boolean; deadline?: string | null },
  now: Date = new Date(),
): Promise<{ complaintId: string; referral: boolean; deadline: string | null }> {
  const complaint = await complaintInScope(db, principal, input.complaintId, { forUpdate: true });
  const deadline = input.referral ? (input.deadline ?? null) : null;
  if (input.referral) {
    const today = todayIn(complaint.timeZone, now);
    const latest = shiftDay(today, { days: REGULATOR_DEADLINE_MAX_DAYS });
    // yyyy-MM-dd strings compare as dates.
    if (!deadline || deadline < today || deadline > latest)
      throw new AppError("validation", { fieldErrors: { deadline: ["regulatorDeadlineRange"] } });
  }
  await db
    .update(complaints)
    .set({ regulatorReferral: input.referral, regulatorDeadline: deadline, updatedAt: sql`now()` })
    .where(eq(complaints.id, complaint.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "complaint.regulator_referral",
    entityType: ENTITY,
    entityId: complaint.id,
    storeId: complaint.storeId,
    details: {
      reference: complaint.reference,
      before: { referral: complaint.regulatorReferral, deadline: complaint.regulatorDeadline },
      after: { referral: input.referral, deadline },
    },
  });
  return { complaintId: complaint.id, referral: input.referral, deadline };
}

// ── Budget ────────────────────────────────────────────────────────────────────────────────────

/**
 * Sets a store's goodwill budget for the current or a later month (store-local). It cannot go below
 * what is already approved in the month: the budget row is locked, as approvals lock it.
 */
export async function setComplaintBudget(
  db: Db,
  actor: Actor,
  input: { storeId: string; month: string; budgetFen: number },
  now: Date = new Date(),
): Promise<{ storeId: string; month: string; budgetFen: number }> {
  const [store] = await db.select({ timeZone: stores.timeZone }).from(stores).where(eq(stores.id, input.storeId));
  if (!store) throw new AppError("not_found");
  // yyyy-MM-dd strings compare as dates.
  if (input.month < budgetMonthOf(now, store.timeZone))
    throw new AppError("validation", { fieldErrors: { month: ["budgetMonthPast"] } });
  const [existing] = await db
    .select({ budgetFen: complaintBudgets.budgetFen })
    .from(complaintBudgets)
    .where(and(eq(complaintBudgets.storeId, input.storeId), eq(complaintBudgets.month, input.month)))
    .for("update");
  const { approvedFen } = await monthSpend(db, input.storeId, input.month);
  if (input.budgetFen < approvedFen)
    throw new AppError("validation", {
      fieldErrors: { budgetFen: ["budgetBelowApproved"] },
      details: { approvedFen },
    });
  await db
    .insert(complaintBudgets)
    .values({ storeId: input.storeId, month: input.month, budgetFen: input.budgetFen, updatedBy: actor.staffId })
    .onConflictDoUpdate({
      target: [complaintBudgets.storeId, complaintBudgets.month],
      set: { budgetFen: input.budgetFen, updatedBy: actor.staffId, updatedAt: sql`now()` },
    });
  await recordAudit(db, {
    ...byActor(actor),
    action: "complaint.budget_set",
    entityType: "store",
    entityId: input.storeId,
    storeId: input.storeId,
    details: {
      month: input.month,
      before: { budgetFen: existing?.budgetFen ?? null },
      after: { budgetFen: input.budgetFen },
      approvedFen,
    },
  });
  return { storeId: input.storeId, month: input.month, budgetFen: input.budgetFen };
}

import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { complaintBudgets, complaintCompensations, complaints, members, staff, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams } from "@/lib/list-params";
import { maskName } from "@/lib/members/masking";
import { shiftDay, todayIn } from "@/lib/time";
import {
  budgetMonthOf,
  compensationThresholdOf,
  daysUntil,
  nextBudgetMonth,
  REGULATOR_DEADLINE_MAX_DAYS,
} from "./schemas";

/**
 * Reads for a complaint's resolution: its compensations, the store's goodwill budget for a month,
 * the approvals queue and the budget page. Store scope is the complaint's store, inside the WHERE
 * (another store's complaint is simply not there). Member names are always masked.
 * docs/domain.md#compensation-and-budget
 */

export type StoreRef = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };

// ── A complaint in scope ──────────────────────────────────────────────────────────────────────

export type ComplaintInScope = {
  id: string;
  reference: string;
  storeId: string;
  timeZone: string;
  status: (typeof complaints.$inferSelect)["status"];
  memberId: string | null;
  memberErased: boolean;
  regulatorReferral: boolean;
  regulatorDeadline: string | null;
};

const complaintColumns = {
  id: complaints.id,
  reference: complaints.reference,
  storeId: complaints.storeId,
  timeZone: stores.timeZone,
  status: complaints.status,
  memberId: complaints.memberId,
  memberErased: sql<boolean>`${members.erasedAt} is not null`.mapWith(Boolean),
  regulatorReferral: complaints.regulatorReferral,
  regulatorDeadline: complaints.regulatorDeadline,
};

/**
 * One complaint in the staff member's stores (the complaint's store in the WHERE); not found
 * otherwise. `forUpdate` locks the complaint's row for the rest of the transaction.
 */
export async function complaintInScope(
  db: Db,
  principal: StaffPrincipal,
  complaintId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ComplaintInScope> {
  const query = db
    .select(complaintColumns)
    .from(complaints)
    .innerJoin(stores, eq(stores.id, complaints.storeId))
    .leftJoin(members, eq(members.id, complaints.memberId))
    .where(and(eq(complaints.id, complaintId), storeFilter(complaints.storeId, storeScopeOf(principal))));
  const [row] = options.forUpdate ? await query.for("update", { of: complaints }) : await query;
  if (!row) throw new AppError("not_found");
  return row;
}

// ── Budgets ───────────────────────────────────────────────────────────────────────────────────

export type MonthBudget = {
  storeId: string;
  /** The month's first day, store-local. */
  month: string;
  /** Null: no budget set for the month, which counts as 0 (nothing can be approved). */
  budgetFen: number | null;
  /** Approved compensations counted in the month. */
  approvedFen: number;
  /** Requests waiting for a manager, counted in the month if approved. */
  pendingFen: number;
  /** What approvals may still spend: budget − approved, never below 0. */
  remainingFen: number;
};

/** Approved and pending totals of a store's month (what the budget counts is the approved one). */
export async function monthSpend(
  db: Db,
  storeId: string,
  month: string,
): Promise<{ approvedFen: number; pendingFen: number }> {
  const [row] = await db
    .select({
      approvedFen:
        sql<number>`coalesce(sum(${complaintCompensations.valueFen}) filter (where ${complaintCompensations.status} = 'approved'), 0)`.mapWith(
          Number,
        ),
      pendingFen:
        sql<number>`coalesce(sum(${complaintCompensations.valueFen}) filter (where ${complaintCompensations.status} = 'pending'), 0)`.mapWith(
          Number,
        ),
    })
    .from(complaintCompensations)
    .where(and(eq(complaintCompensations.storeId, storeId), eq(complaintCompensations.budgetMonth, month)));
  return { approvedFen: row?.approvedFen ?? 0, pendingFen: row?.pendingFen ?? 0 };
}

/** A store's budget for a month with its spend (no lock: for display; approvals lock in service.ts). */
export async function monthBudget(db: Db, storeId: string, month: string): Promise<MonthBudget> {
  const [[budget], spend] = await Promise.all([
    db
      .select({ budgetFen: complaintBudgets.budgetFen })
      .from(complaintBudgets)
      .where(and(eq(complaintBudgets.storeId, storeId), eq(complaintBudgets.month, month))),
    monthSpend(db, storeId, month),
  ]);
  const budgetFen = budget?.budgetFen ?? null;
  return { storeId, month, budgetFen, ...spend, remainingFen: Math.max(0, (budgetFen ?? 0) - spend.approvedFen) };
}

export type StoreBudgets = { store: StoreRef; months: MonthBudget[] };

/** The budget page: per store in scope (by code), its current and next month (store-local). */
export async function listStoreBudgets(db: Db, scope: StoreScope, now: Date = new Date()): Promise<StoreBudgets[]> {
  const storeRows = await db
    .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
    .from(stores)
    .where(and(eq(stores.active, true), storeFilter(stores.id, scope)))
    .orderBy(asc(stores.code));
  if (storeRows.length === 0) return [];
  const monthsOf = new Map(
    storeRows.map((store) => {
      const current = budgetMonthOf(now, store.timeZone);
      return [store.id, [current, nextBudgetMonth(current)]] as const;
    }),
  );
  const allMonths = [...new Set([...monthsOf.values()].flat())];
  const storeIds = storeRows.map((s) => s.id);
  const [budgets, spends] = await Promise.all([
    db
      .select()
      .from(complaintBudgets)
      .where(and(inArray(complaintBudgets.storeId, storeIds), inArray(complaintBudgets.month, allMonths))),
    db
      .select({
        storeId: complaintCompensations.storeId,
        month: complaintCompensations.budgetMonth,
        status: complaintCompensations.status,
        totalFen: sql<number>`coalesce(sum(${complaintCompensations.valueFen}), 0)`.mapWith(Number),
      })
      .from(complaintCompensations)
      .where(
        and(
          inArray(complaintCompensations.storeId, storeIds),
          inArray(complaintCompensations.budgetMonth, allMonths),
          inArray(complaintCompensations.status, ["approved", "pending"]),
        ),
      )
      .groupBy(complaintCompensations.storeId, complaintCompensations.budgetMonth, complaintCompensations.status),
  ]);
  return storeRows.map((store) => ({
    store,
    months: monthsOf.get(store.id)!.map((month) => {
      const budgetFen = budgets.find((b) => b.storeId === store.id && b.month === month)?.budgetFen ?? null;
      const sumOf = (status: string) =>
        spends.find((s) => s.storeId === store.id && s.month === month && s.status === status)?.totalFen ?? 0;
      const approvedFen = sumOf("approved");
      return {
        storeId: store.id,
        month,
        budgetFen,
        approvedFen,
        pendingFen: sumOf("pending"),
        remainingFen: Math.max(0, (budgetFen ?? 0) - approvedFen),
      };
    }),
  }));
}

// ── A complaint's resolution section ──────────────────────────────────────────────────────────

export type CompensationStatus = (typeof complaintCompensations.$inferSelect)["status"];

export type CompensationView = {
  id: string;
  kind: "points" | "coupon";
  points: number | null;
  valueFen: number;
  reason: string;
  status: CompensationStatus;
  budgetMonth: string;
  requestedById: string;
  requestedByName: string;
  requestedAt: Date;
  /** Null for a request approved at once (within the requester's threshold): nobody else decided. */
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  pointsEntryId: number | null;
};

export type ResolutionData = {
  complaint: {
    id: string;
    reference: string;
    status: ComplaintInScope["status"];
    storeId: string;
    /** The store's time zone: times are shown in it, the budget month and deadlines are counted in it. */
    timeZone: string;
    hasMember: boolean;
    memberErased: boolean;
    closed: boolean;
  };
  /** Newest first. */
  compensations: CompensationView[];
  /** The store's budget for the current month (store-local). */
  budget: MonthBudget;
  /** Points the viewer may grant at once (their roles' threshold); more waits for a manager. */
  thresholdPoints: number;
  /** Why the viewer cannot ask for compensation now, or null when they can (permission aside). */
  blockedReason: "closed" | "noMember" | "memberErased" | null;
  regulator: {
    referral: boolean;
    /** The regulator's deadline, store-local yyyy-MM-dd. */
    deadline: string | null;
    /** Days from the store's today to the deadline (negative once past); null without one. */
    daysLeft: number | null;
    /** The bounds the deadline may be set to: the store's today and today + 60 days. */
    minDeadline: string;
    maxDeadline: string;
  };
  viewerId: string;
};

const requester = alias(staff, "compensation_requester");
const decider = alias(staff, "compensation_decider");

const compensationColumns = {
  id: complaintCompensations.id,
  kind: complaintCompensations.kind,
  points: complaintCompensations.points,
  valueFen: complaintCompensations.valueFen,
  reason: complaintCompensations.reason,
  status: complaintCompensations.status,
  budgetMonth: complaintCompensations.budgetMonth,
  requestedById: complaintCompensations.requestedBy,
  requestedByName: requester.displayName,
  requestedAt: complaintCompensations.requestedAt,
  decidedByName: decider.displayName,
  decidedAt: complaintCompensations.decidedAt,
  decisionNote: complaintCompensations.decisionNote,
  pointsEntryId: complaintCompensations.pointsEntryId,
};

/** A complaint's compensations, newest first (the complaint is already known to be in scope). */
export async function complaintCompensationsOf(db: Db, complaintId: string): Promise<CompensationView[]> {
  return db
    .select(compensationColumns)
    .from(complaintCompensations)
    .innerJoin(requester, eq(requester.id, complaintCompensations.requestedBy))
    .leftJoin(decider, eq(decider.id, complaintCompensations.decidedBy))
    .where(eq(complaintCompensations.complaintId, complaintId))
    .orderBy(desc(complaintCompensations.requestedAt), desc(complaintCompensations.id));
}

/**
 * Everything the complaint page's resolution section shows: the compensations, the store's budget
 * this month, the viewer's threshold and the regulator referral. Not found outside the viewer's stores.
 */
export async function loadResolution(
  db: Db,
  viewer: StaffPrincipal,
  complaintId: string,
  now: Date = new Date(),
): Promise<ResolutionData> {
  const complaint = await complaintInScope(db, viewer, complaintId);
  const today = todayIn(complaint.timeZone, now);
  const [compensations, budget] = await Promise.all([
    complaintCompensationsOf(db, complaint.id),
    monthBudget(db, complaint.storeId, budgetMonthOf(now, complaint.timeZone)),
  ]);
  const closed = complaint.status === "closed";
  return {
    complaint: {
      id: complaint.id,
      reference: complaint.reference,
      status: complaint.status,
      storeId: complaint.storeId,
      timeZone: complaint.timeZone,
      hasMember: complaint.memberId !== null,
      memberErased: complaint.memberErased,
      closed,
    },
    compensations,
    budget,
    thresholdPoints: compensationThresholdOf(viewer.roles),
    blockedReason: closed
      ? "closed"
      : !complaint.memberId
        ? "noMember"
        : complaint.memberErased
          ? "memberErased"
          : null,
    regulator: {
      referral: complaint.regulatorReferral,
      deadline: complaint.regulatorDeadline,
      daysLeft: complaint.regulatorDeadline ? daysUntil(complaint.regulatorDeadline, today) : null,
      minDeadline: today,
      maxDeadline: shiftDay(today, { days: REGULATOR_DEADLINE_MAX_DAYS }),
    },
    viewerId: viewer.id,
  };
}

// ── The approvals queue ───────────────────────────────────────────────────────────────────────

/** Oldest first by default; "points" sorts by size. */
export const pendingCompensationsParamsSchema = z.object({
  sort: z.enum(["requestedAt", "points"]).default("requestedAt").catch("requestedAt"),
  ...listParams({ dir: "asc" }),
});
export type PendingCompensationsParams = z.output<typeof pendingCompensationsParamsSchema>;

export type PendingCompensationRow = {
  id: string;
  complaintId: string;
  complaintReference: string;
  memberId: string | null;
  /** Masked (张*华). */
  memberName: string;
  points: number | null;
  valueFen: number;
  reason: string;
  requestedById: string;
  requestedByName: string;
  requestedByUsername: string;
  requestedAt: Date;
  budgetMonth: string;
  /** The store's budget for the request's month; null when none is set (counts as 0). */
  budgetFen: number | null;
  /** What approvals may still spend in that month: the approval is refused above it. */
  remainingFen: number;
  store: StoreRef;
};

function pendingInScope(scope: StoreScope): SQL {
  return and(eq(complaintCompensations.status, "pending"), storeFilter(complaintCompensations.storeId, scope))!;
}

/** Compensations waiting for a manager in the staff member's stores. */
export async function listPendingCompensations(
  db: Db,
  scope: StoreScope,
  params: PendingCompensationsParams,
): Promise<{ rows: PendingCompensationRow[]; total: number }> {
  const where = pendingInScope(scope);
  const sortColumn = params.sort === "points" ? complaintCompensations.valueFen : complaintCompensations.requestedAt;
  const approvedInMonth = sql<number>`(select coalesce(sum(cc.value_fen), 0) from complaint_compensations cc
    where cc.store_id = ${complaintCompensations.storeId} and cc.budget_month = ${complaintCompensations.budgetMonth}
      and cc.status = 'approved')`.mapWith(Number);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: complaintCompensations.id,
        complaintId: complaints.id,
        complaintReference: complaints.reference,
        memberId: complaints.memberId,
        memberNameRaw: members.name,
        points: complaintCompensations.points,
        valueFen: complaintCompensations.valueFen,
        reason: complaintCompensations.reason,
        requestedById: complaintCompensations.requestedBy,
        requestedByName: requester.displayName,
        requestedByUsername: requester.username,
        requestedAt: complaintCompensations.requestedAt,
        budgetMonth: complaintCompensations.budgetMonth,
        budgetFen: complaintBudgets.budgetFen,
        approvedFen: approvedInMonth,
        store: {
          id: stores.id,
          code: stores.code,
          name: stores.name,
          nameEn: stores.nameEn,
          timeZone: stores.timeZone,
        },
      })
      .from(complaintCompensations)
      .innerJoin(complaints, eq(complaints.id, complaintCompensations.complaintId))
      .innerJoin(stores, eq(stores.id, complaintCompensations.storeId))
      .innerJoin(requester, eq(requester.id, complaintCompensations.requestedBy))
      .leftJoin(members, eq(members.id, complaints.memberId))
      .leftJoin(
        complaintBudgets,
        and(
          eq(complaintBudgets.storeId, complaintCompensations.storeId),
          eq(complaintBudgets.month, complaintCompensations.budgetMonth),
        ),
      )
      .where(where)
      .orderBy(params.dir === "asc" ? sql`${sortColumn} asc` : sql`${sortColumn} desc`, asc(complaintCompensations.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(complaintCompensations).where(where),
  ]);
  return {
    rows: rows.map(({ memberNameRaw, approvedFen, ...row }) => ({
      ...row,
      memberName: maskName(memberNameRaw),
      remainingFen: Math.max(0, (row.budgetFen ?? 0) - approvedFen),
    })),
    total: total?.value ?? 0,
  };
}

/** How many compensations wait in the staff member's stores. */
export async function countPendingCompensations(db: Db, scope: StoreScope): Promise<number> {
  const [row] = await db.select({ value: count() }).from(complaintCompensations).where(pendingInScope(scope));
  return row?.value ?? 0;
}

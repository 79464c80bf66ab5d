import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { members, pointsAdjustments, staff, stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { listParams } from "@/lib/list-params";
import { maskName } from "@/lib/members/masking";
import { localDayBounds, todayIn } from "@/lib/time";

/**
 * Reads for the approvals page: adjustments waiting for a manager, and the decisions managers took.
 * Store scope is the member's home store, inside the WHERE (a member of another store is simply not
 * there). Names are always masked: the checker needs to know which member, not who they are.
 */

export const APPROVAL_VIEWS = ["pending", "decided"] as const;
export type ApprovalView = (typeof APPROVAL_VIEWS)[number];

export const approvalViewSchema = z.enum(APPROVAL_VIEWS).default("pending").catch("pending");

/** Pending: a queue, oldest first by default. "points" sorts by size (absolute value). */
export const pendingAdjustmentsParamsSchema = z.object({
  sort: z.enum(["requestedAt", "points"]).default("requestedAt").catch("requestedAt"),
  ...listParams({ dir: "asc" }),
});
export type PendingAdjustmentsParams = z.output<typeof pendingAdjustmentsParamsSchema>;

/** Decided: newest decision first by default. */
export const decidedAdjustmentsParamsSchema = z.object({
  sort: z.enum(["decidedAt", "requestedAt", "points"]).default("decidedAt").catch("decidedAt"),
  ...listParams({ dir: "desc" }),
});
export type DecidedAdjustmentsParams = z.output<typeof decidedAdjustmentsParamsSchema>;

export type AdjustmentRowBase = {
  id: string;
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  storeCode: string;
  /** The home store's time zone, for showing the times. */
  timeZone: string;
  points: number;
  reason: string;
  requestedById: string;
  requestedByName: string;
  requestedByUsername: string;
  requestedAt: Date;
};

export type PendingAdjustmentRow = AdjustmentRowBase & {
  /** The member's balance now: a deduction larger than it would be refused on approval. */
  memberBalance: number;
  /**
   * Absolute points the requester asked for this member on the request's day (home store's zone),
   * applied or waiting, this request included: what the approval threshold is held against, so
   * that a request split into small ones shows.
   */
  requesterDayTotal: number;
};

export type DecidedAdjustmentRow = AdjustmentRowBase & {
  status: "approved" | "rejected";
  decidedById: string;
  decidedByName: string;
  decidedAt: Date;
  decisionNote: string | null;
};

const requester = alias(staff, "requester");
const decider = alias(staff, "decider");

function inScope(scope: StoreScope): SQL {
  return and(storeFilter(members.homeStoreId, scope), isNull(members.mergedIntoId))!;
}

const baseColumns = {
  id: pointsAdjustments.id,
  memberId: pointsAdjustments.memberId,
  memberNameRaw: members.name,
  storeCode: stores.code,
  timeZone: stores.timeZone,
  points: pointsAdjustments.points,
  reason: pointsAdjustments.reason,
  requestedById: pointsAdjustments.requestedBy,
  requestedByName: requester.displayName,
  requestedByUsername: requester.username,
  requestedAt: pointsAdjustments.requestedAt,
};

function direction(column: SQL | AnyPgColumn, dir: "asc" | "desc"): SQL {
  return dir === "asc" ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
}

function masked<T extends { memberNameRaw: string }>(row: T): Omit<T, "memberNameRaw"> & { memberName: string } {
  const { memberNameRaw, ...rest } = row;
  return { ...rest, memberName: maskName(memberNameRaw) };
}

export async function listPendingAdjustments(
  db: Db,
  scope: StoreScope,
  params: PendingAdjustmentsParams,
): Promise<{ rows: PendingAdjustmentRow[]; total: number }> {
  const where = and(eq(pointsAdjustments.status, "pending"), inScope(scope));
  const sortColumn = params.sort === "points" ? sql`abs(${pointsAdjustments.points})` : pointsAdjustments.requestedAt;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...baseColumns,
        memberBalance:
          sql<number>`(select coalesce(sum(pe.points), 0)::int from points_entries pe where pe.member_id = ${members.id})`.mapWith(
            Number,
          ),
        // The same rule as requestPointsAdjustment: rejected requests do not count.
        requesterDayTotal: sql<number>`(select coalesce(sum(abs(pa.points)), 0)::bigint from points_adjustments pa
          where pa.member_id = ${pointsAdjustments.memberId} and pa.requested_by = ${pointsAdjustments.requestedBy}
            and pa.status in ('pending', 'approved')
            and (pa.requested_at at time zone ${stores.timeZone})::date = (${pointsAdjustments.requestedAt} at time zone ${stores.timeZone})::date)`.mapWith(
          Number,
        ),
      })
      .from(pointsAdjustments)
      .innerJoin(members, eq(members.id, pointsAdjustments.memberId))
      .innerJoin(stores, eq(stores.id, members.homeStoreId))
      .innerJoin(requester, eq(requester.id, pointsAdjustments.requestedBy))
      .where(where)
      .orderBy(direction(sortColumn, params.dir), asc(pointsAdjustments.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(pointsAdjustments)
      .innerJoin(members, eq(members.id, pointsAdjustments.memberId))
      .where(where),
  ]);
  return { rows: rows.map(masked), total: total?.value ?? 0 };
}

/** Decisions a manager took (adjustments applied at once, below the threshold, have no decider and are not listed). */
export async function listDecidedAdjustments(
  db: Db,
  scope: StoreScope,
  params: DecidedAdjustmentsParams,
): Promise<{ rows: DecidedAdjustmentRow[]; total: number }> {
  const where = and(
    inArray(pointsAdjustments.status, ["approved", "rejected"]),
    isNotNull(pointsAdjustments.decidedBy),
    inScope(scope),
  );
  const sortColumn = {
    decidedAt: pointsAdjustments.decidedAt,
    requestedAt: pointsAdjustments.requestedAt,
    points: sql`abs(${pointsAdjustments.points})`,
  }[params.sort];
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...baseColumns,
        status: pointsAdjustments.status,
        decidedById: pointsAdjustments.decidedBy,
        decidedByName: decider.displayName,
        decidedAt: pointsAdjustments.decidedAt,
        decisionNote: pointsAdjustments.decisionNote,
      })
      .from(pointsAdjustments)
      .innerJoin(members, eq(members.id, pointsAdjustments.memberId))
      .innerJoin(stores, eq(stores.id, members.homeStoreId))
      .innerJoin(requester, eq(requester.id, pointsAdjustments.requestedBy))
      .innerJoin(decider, eq(decider.id, pointsAdjustments.decidedBy))
      .where(where)
      .orderBy(direction(sortColumn, params.dir), desc(pointsAdjustments.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(pointsAdjustments)
      .innerJoin(members, eq(members.id, pointsAdjustments.memberId))
      .where(where),
  ]);
  return {
    rows: rows.map((row) => {
      const { status, decidedById, decidedAt, ...rest } = masked(row);
      return {
        ...rest,
        status: status as "approved" | "rejected",
        decidedById: decidedById!,
        decidedAt: decidedAt!,
        decisionNote: row.decisionNote,
      };
    }),
    total: total?.value ?? 0,
  };
}

/** How many adjustments wait in the staff member's stores (the tab's badge). */
export async function countPendingAdjustments(db: Db, scope: StoreScope): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(pointsAdjustments)
    .innerJoin(members, eq(members.id, pointsAdjustments.memberId))
    .where(and(eq(pointsAdjustments.status, "pending"), inScope(scope)));
  return row?.value ?? 0;
}

/**
 * Absolute points the requester asked for this member on `now`'s day (the home store's zone, pass
 * its time zone), applied or waiting; rejected requests do not count. The one definition of the
 * day total: requestPointsAdjustment holds the approval threshold against it (under the member
 * lock), and the 360° form predicts with it. docs/domain.md#adjustments
 */
export async function requesterDayTotal(
  db: Db,
  args: { requesterId: string; memberId: string; timeZone: string; now?: Date },
): Promise<number> {
  const day = localDayBounds(todayIn(args.timeZone, args.now), args.timeZone)!;
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(abs(${pointsAdjustments.points})), 0)`.mapWith(Number) })
    .from(pointsAdjustments)
    .where(
      and(
        eq(pointsAdjustments.memberId, args.memberId),
        eq(pointsAdjustments.requestedBy, args.requesterId),
        inArray(pointsAdjustments.status, ["pending", "approved"]),
        gte(pointsAdjustments.requestedAt, day.start),
        lt(pointsAdjustments.requestedAt, day.end),
      ),
    );
  return row?.total ?? 0;
}

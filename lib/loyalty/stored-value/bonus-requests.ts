import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { members, staff, storedValueBonusRequests, storedValueCards, storedValueEntries, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams } from "@/lib/list-params";
import { maskName } from "@/lib/members/masking";
import { appendEntry, cardBalance, lockCard, type CardRow } from "./ledger";
import { extraBonusIssues, type CardStatus, type DecideBonusRequestValues } from "./schemas";

/**
 * A manual stored-value bonus beyond the top-up bonus rule (a goodwill bonus), asked for with a
 * top-up: it waits in stored_value_bonus_requests and nothing is credited until a manager of the
 * store where the top-up was made, who is not the requester, approves it (maker-checker, like a
 * points adjustment; the database's CHECK refuses decided_by = requested_by as a backstop).
 * docs/domain.md#stored-value-cards
 */

const ENTITY = "stored_value_card";

type BonusRequestRow = typeof storedValueBonusRequests.$inferSelect;

// ── Writes ────────────────────────────────────────────────────────────────────────────────────

/**
 * Refuses an extra bonus that its top-up does not allow (none, above the top-up, no reason), on its
 * field, before anything is written. The schemas check the same; this holds for every caller.
 */
export function assertExtraBonus(values: {
  topUpFen: number;
  extraBonusFen?: number | null;
  extraBonusReason?: string | null;
}): void {
  const issues = extraBonusIssues(values);
  if (!issues) return;
  const fieldErrors = Object.fromEntries(Object.entries(issues).filter(([, messages]) => messages.length > 0));
  throw new AppError("validation", { fieldErrors });
}

/**
 * Records the extra bonus of a top-up as a pending request, in the top-up's transaction (the card is
 * locked by the caller), and audits it. `storeId` is where the top-up was made: whose managers decide.
 */
export async function requestExtraBonus(
  db: Db,
  actor: Actor,
  args: { card: CardRow; storeId: string; topUpEntryId: number; amountFen: number; reason: string },
): Promise<{ requestId: string; amountFen: number }> {
  const [request] = await db
    .insert(storedValueBonusRequests)
    .values({
      cardId: args.card.id,
      storeId: args.storeId,
      topUpEntryId: args.topUpEntryId,
      amountFen: args.amountFen,
      reason: args.reason.trim(),
      requestedBy: actor.staffId,
    })
    .returning({ id: storedValueBonusRequests.id });
  await recordAudit(db, {
    action: "stored_value.bonus_request",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: args.card.id,
    storeId: args.storeId,
    details: {
      requestId: request!.id,
      cardNo: args.card.cardNo,
      topUpEntryId: args.topUpEntryId,
      amountFen: args.amountFen,
      reason: args.reason.trim(),
    },
  });
  return { requestId: request!.id, amountFen: args.amountFen };
}

/** The store of a request (the decision's scope); not found when there is none. */
export async function bonusRequestStoreId(db: Db, requestId: string): Promise<string> {
  const [row] = await db
    .select({ storeId: storedValueBonusRequests.storeId })
    .from(storedValueBonusRequests)
    .where(eq(storedValueBonusRequests.id, requestId));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

export type BonusRequestDecision = {
  requestId: string;
  cardId: string;
  status: "approved" | "rejected";
  amountFen: number;
  /** The ledger entry that credited the bonus (approval only). */
  entryId: number | null;
};

/**
 * Approves or rejects a pending request. The request row is locked first, so of two managers
 * deciding at once the second sees it decided and is refused: a bonus is credited once at most.
 * Approval then locks the card (as every balance change does) and credits a `bonus` entry on an
 * active card only; on a frozen, replaced or closed card it is refused and the request stays pending.
 */
export async function decideBonusRequest(
  db: Db,
  actor: Actor,
  input: Pick<DecideBonusRequestValues, "requestId" | "approve" | "note">,
): Promise<BonusRequestDecision> {
  const [request] = await db
    .select()
    .from(storedValueBonusRequests)
    .where(eq(storedValueBonusRequests.id, input.requestId))
    .for("update");
  if (!request) throw new AppError("not_found");
  if (request.status !== "pending") throw new AppError("conflict", { messageKey: "storedValueBonusAlreadyDecided" });
  if (request.requestedBy === actor.staffId)
    throw new AppError("forbidden", { messageKey: "storedValueBonusMakerCannotDecide" });

  const card = await lockCard(db, request.cardId);
  const before = await cardBalance(db, card.id);
  let entryId: number | null = null;
  if (input.approve) {
    if (card.status !== "active")
      throw new AppError("card_not_usable", {
        messageKey: "storedValueBonusCardNotActive",
        detail: `Stored-value card ${card.cardNo} is ${card.status}; the bonus request stays pending.`,
      });
    entryId = await appendEntry(db, {
      cardId: card.id,
      kind: "bonus",
      principalFen: 0,
      bonusFen: request.amountFen,
      storeId: request.storeId,
      note: request.reason,
      createdBy: actor.staffId,
    });
  }
  const status = input.approve ? ("approved" as const) : ("rejected" as const);
  const note = input.note ?? null;
  await db
    .update(storedValueBonusRequests)
    .set({ status, decidedBy: actor.staffId, decidedAt: new Date(), decisionNote: note, entryId })
    .where(eq(storedValueBonusRequests.id, request.id));
  const after = input.approve ? await cardBalance(db, card.id) : before;
  await recordAudit(db, {
    action: input.approve ? "stored_value.bonus_approve" : "stored_value.bonus_reject",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: request.storeId,
    details: {
      requestId: request.id,
      cardNo: card.cardNo,
      amountFen: request.amountFen,
      requestedBy: request.requestedBy,
      note,
      before: { status: request.status, bonusFen: before.bonusFen, balanceFen: before.balanceFen },
      after: { status, bonusFen: after.bonusFen, balanceFen: after.balanceFen, entryId },
    },
  });
  return { requestId: request.id, cardId: card.id, status, amountFen: request.amountFen, entryId };
}

// ── Reads ─────────────────────────────────────────────────────────────────────────────────────

/** The approvals page's queue: oldest first by default; "amount" sorts by size. */
export const pendingBonusRequestsParamsSchema = z.object({
  sort: z.enum(["requestedAt", "amount"]).default("requestedAt").catch("requestedAt"),
  ...listParams({ dir: "asc" }),
});
export type PendingBonusRequestsParams = z.output<typeof pendingBonusRequestsParamsSchema>;

export type BonusRequestStore = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };

export type BonusRequestView = {
  id: string;
  status: BonusRequestRow["status"];
  amountFen: number;
  /** Principal of the top-up the bonus was asked with. */
  topUpFen: number | null;
  reason: string;
  requestedById: string;
  requestedByName: string;
  requestedAt: Date;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
};

export type PendingBonusRequestRow = BonusRequestView & {
  cardId: string;
  cardNo: string;
  cardStatus: CardStatus;
  memberId: string | null;
  /** Masked (张*华); null for an anonymous card. */
  memberName: string | null;
  requestedByUsername: string;
  /** Where the top-up was made; times are shown in its time zone. */
  store: BonusRequestStore;
};

const requester = alias(staff, "bonus_requester");
const decider = alias(staff, "bonus_decider");
const topUpEntry = alias(storedValueEntries, "bonus_top_up");

const viewColumns = {
  id: storedValueBonusRequests.id,
  status: storedValueBonusRequests.status,
  amountFen: storedValueBonusRequests.amountFen,
  topUpFen: topUpEntry.principalFen,
  reason: storedValueBonusRequests.reason,
  requestedById: storedValueBonusRequests.requestedBy,
  requestedByName: requester.displayName,
  requestedAt: storedValueBonusRequests.requestedAt,
  decidedByName: decider.displayName,
  decidedAt: storedValueBonusRequests.decidedAt,
  decisionNote: storedValueBonusRequests.decisionNote,
};

function pendingInScope(scope: StoreScope): SQL {
  return and(eq(storedValueBonusRequests.status, "pending"), storeFilter(storedValueBonusRequests.storeId, scope))!;
}

/** Requests waiting in the staff member's stores (the store of the top-up, in the WHERE). */
export async function listPendingBonusRequests(
  db: Db,
  scope: StoreScope,
  params: PendingBonusRequestsParams,
): Promise<{ rows: PendingBonusRequestRow[]; total: number }> {
  const where = pendingInScope(scope);
  const sortColumn =
    params.sort === "amount" ? storedValueBonusRequests.amountFen : storedValueBonusRequests.requestedAt;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...viewColumns,
        cardId: storedValueCards.id,
        cardNo: storedValueCards.cardNo,
        cardStatus: storedValueCards.status,
        memberId: storedValueCards.memberId,
        memberNameRaw: members.name,
        requestedByUsername: requester.username,
        store: {
          id: stores.id,
          code: stores.code,
          name: stores.name,
          nameEn: stores.nameEn,
          timeZone: stores.timeZone,
        },
      })
      .from(storedValueBonusRequests)
      .innerJoin(storedValueCards, eq(storedValueCards.id, storedValueBonusRequests.cardId))
      .innerJoin(stores, eq(stores.id, storedValueBonusRequests.storeId))
      .innerJoin(requester, eq(requester.id, storedValueBonusRequests.requestedBy))
      .leftJoin(decider, eq(decider.id, storedValueBonusRequests.decidedBy))
      .leftJoin(topUpEntry, eq(topUpEntry.id, storedValueBonusRequests.topUpEntryId))
      .leftJoin(members, eq(members.id, storedValueCards.memberId))
      .where(where)
      .orderBy(
        params.dir === "asc" ? sql`${sortColumn} asc` : sql`${sortColumn} desc`,
        asc(storedValueBonusRequests.id),
      )
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(storedValueBonusRequests).where(where),
  ]);
  return {
    rows: rows.map(({ memberNameRaw, ...row }) => ({
      ...row,
      memberName: row.memberId ? maskName(memberNameRaw) : null,
    })),
    total: total?.value ?? 0,
  };
}

/** How many requests wait in the staff member's stores (the approvals tab's badge). */
export async function countPendingBonusRequests(db: Db, scope: StoreScope): Promise<number> {
  const [row] = await db.select({ value: count() }).from(storedValueBonusRequests).where(pendingInScope(scope));
  return row?.value ?? 0;
}

/**
 * A card's extra bonus requests for its detail page, pending first, then the latest decisions.
 * The page has already found the card in the staff member's stores.
 */
export async function cardBonusRequests(db: Db, cardId: string, limit = 20): Promise<BonusRequestView[]> {
  return db
    .select(viewColumns)
    .from(storedValueBonusRequests)
    .innerJoin(requester, eq(requester.id, storedValueBonusRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, storedValueBonusRequests.decidedBy))
    .leftJoin(topUpEntry, eq(topUpEntry.id, storedValueBonusRequests.topUpEntryId))
    .where(eq(storedValueBonusRequests.cardId, cardId))
    .orderBy(
      sql`case ${storedValueBonusRequests.status} when 'pending' then 0 else 1 end`,
      desc(storedValueBonusRequests.requestedAt),
      desc(storedValueBonusRequests.id),
    )
    .limit(limit);
}

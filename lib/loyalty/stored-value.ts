import { randomInt } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { members, salesTransactions, storedValueCards, storedValueEntries } from "@/db/schema";
import type { ActionDefinition } from "@/lib/actions/execute";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type Permission, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { findMembersForCard } from "./stored-value-queries";
import {
  cardIdSchema,
  cardMemberLookupSchema,
  issueCardSchema,
  refundPrincipalSchema,
  reissueCardSchema,
  topUpSchema,
  type CardIdInput,
  type IssueCardValues,
  type RefundPrincipalInput,
  type ReissueCardValues,
  type StoredValueEntryKind,
  type TopUpValues,
} from "./stored-value-schemas";

/**
 * Stored-value cards (储值卡). The ledger (stored_value_entries) is append-only and a card's balance
 * is always the sum of its entries, kept as principal (money paid in, refundable) and bonus (given
 * free with a top-up, never refundable). Every function that changes a balance first locks the
 * card row (`select … for update`), so two writers on one card run one after the other and the
 * check "is there enough?" is made on a balance nobody else can change before the commit: that is
 * what keeps a balance from ever going below zero.
 *
 * Each function runs in the caller's transaction (`db` is the transaction).
 */

const ENTITY = "stored_value_card";
const CARD_NO_ATTEMPTS = 5;

type CardRow = typeof storedValueCards.$inferSelect;
export type CardBalance = { principalFen: number; bonusFen: number; balanceFen: number };

/** "SV" and 12 random digits. */
export function generateCardNo(): string {
  return `SV${String(randomInt(0, 1_000_000_000_000)).padStart(12, "0")}`;
}

/** The card's balance from its ledger. Call it after locking the card when the answer decides a write. */
export async function cardBalance(db: Db, cardId: string): Promise<CardBalance> {
  const [row] = await db
    .select({
      principalFen: sql<number>`coalesce(sum(${storedValueEntries.principalFen}), 0)`.mapWith(Number),
      bonusFen: sql<number>`coalesce(sum(${storedValueEntries.bonusFen}), 0)`.mapWith(Number),
    })
    .from(storedValueEntries)
    .where(eq(storedValueEntries.cardId, cardId));
  const principalFen = row?.principalFen ?? 0;
  const bonusFen = row?.bonusFen ?? 0;
  return { principalFen, bonusFen, balanceFen: principalFen + bonusFen };
}

async function lockCard(db: Db, cardId: string): Promise<CardRow> {
  const [card] = await db.select().from(storedValueCards).where(eq(storedValueCards.id, cardId)).for("update");
  if (!card) throw new AppError("not_found");
  return card;
}

/** Refuses a card whose status is not one of `allowed`, with a message key saying why. */
function requireStatus(card: CardRow, allowed: readonly CardRow["status"][]): void {
  if (allowed.includes(card.status)) return;
  const key = { active: "storedValueCardActive", frozen: "storedValueCardFrozen", replaced: "storedValueCardReplaced", closed: "storedValueCardClosed" }[card.status];
  throw new AppError("card_not_usable", key);
}

type NewEntry = {
  cardId: string;
  kind: StoredValueEntryKind;
  principalFen: number;
  bonusFen: number;
  storeId: string | null;
  transactionId?: string | null;
  note?: string | null;
  createdBy?: string | null;
};

async function appendEntry(db: Db, entry: NewEntry): Promise<void> {
  await db.insert(storedValueEntries).values({
    cardId: entry.cardId,
    kind: entry.kind,
    principalFen: entry.principalFen,
    bonusFen: entry.bonusFen,
    storeId: entry.storeId,
    transactionId: entry.transactionId ?? null,
    note: entry.note ?? null,
    createdBy: entry.createdBy ?? null,
  });
}

/**
 * Inserts a card with the given number, or with generated numbers until one is free. `on conflict do
 * nothing` keeps a taken number from aborting the caller's transaction.
 */
async function insertCard(db: Db, values: { cardNo?: string; memberId: string | null; storeId: string; issuedBy: string | null }): Promise<CardRow> {
  const attempts = values.cardNo ? 1 : CARD_NO_ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const cardNo = values.cardNo ?? generateCardNo();
    const [card] = await db
      .insert(storedValueCards)
      .values({ cardNo, memberId: values.memberId, storeId: values.storeId, issuedBy: values.issuedBy })
      .onConflictDoNothing({ target: storedValueCards.cardNo })
      .returning();
    if (card) return card;
  }
  if (values.cardNo) throw new AppError("conflict", "storedValueCardNoTaken", { cardNo: ["storedValueCardNoTaken"] });
  throw new AppError("internal", "Could not generate a free stored-value card number.");
}

async function requireMemberForCard(db: Db, memberId: string): Promise<void> {
  const [member] = await db
    .select({ erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, memberId), isNull(members.mergedIntoId)));
  if (!member) throw new AppError("not_found");
  if (member.erasedAt) throw new AppError("conflict", "memberErased");
}

// ── Staff use cases ───────────────────────────────────────────────────────────────────────────

export async function issueCard(db: Db, actor: Actor, input: IssueCardValues): Promise<{ cardId: string; cardNo: string }> {
  const memberId = input.memberId ?? null;
  if (memberId) await requireMemberForCard(db, memberId);
  const topUpFen = input.initialTopUpFen ?? 0;
  const bonusFen = input.bonusFen ?? 0;
  if (bonusFen > 0 && topUpFen <= 0) throw new AppError("validation", undefined, { bonusFen: ["storedValueBonusNeedsTopUp"] });

  const card = await insertCard(db, { cardNo: input.cardNo, memberId, storeId: input.storeId, issuedBy: actor.staffId });
  if (topUpFen > 0) {
    await appendEntry(db, { cardId: card.id, kind: "top_up", principalFen: topUpFen, bonusFen, storeId: card.storeId, createdBy: actor.staffId });
  }
  await recordAudit(db, {
    action: "stored_value.issue",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: { cardNo: card.cardNo, memberId, initialTopUpFen: topUpFen, bonusFen },
  });
  return { cardId: card.id, cardNo: card.cardNo };
}

/** Money paid in (principal) with an optional bonus (e.g. top up ¥1,000 get ¥100). Active cards only. */
export async function topUp(db: Db, actor: Actor, input: TopUpValues): Promise<CardBalance> {
  if (!(input.amountFen > 0) || input.bonusFen < 0) throw new AppError("validation");
  const card = await lockCard(db, input.cardId);
  requireStatus(card, ["active"]);
  await appendEntry(db, { cardId: card.id, kind: "top_up", principalFen: input.amountFen, bonusFen: input.bonusFen, storeId: card.storeId, createdBy: actor.staffId });
  const balance = await cardBalance(db, card.id);
  await recordAudit(db, {
    action: "stored_value.top_up",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: { cardNo: card.cardNo, amountFen: input.amountFen, bonusFen: input.bonusFen, balanceFen: balance.balanceFen },
  });
  return balance;
}

async function setStatus(db: Db, actor: Actor, cardId: string, from: CardRow["status"], to: CardRow["status"], action: string): Promise<void> {
  const card = await lockCard(db, cardId);
  requireStatus(card, [from]);
  await db.update(storedValueCards).set({ status: to, statusChangedAt: sql`now()` }).where(eq(storedValueCards.id, card.id));
  await recordAudit(db, { action, ...byActor(actor), entityType: ENTITY, entityId: card.id, storeId: card.storeId, details: { cardNo: card.cardNo } });
}

/** Report of loss (挂失): a frozen card cannot pay or be topped up until unfrozen or reissued. */
export async function freezeCard(db: Db, actor: Actor, input: CardIdInput): Promise<void> {
  await setStatus(db, actor, input.cardId, "active", "frozen", "stored_value.freeze");
}

export async function unfreezeCard(db: Db, actor: Actor, input: CardIdInput): Promise<void> {
  await setStatus(db, actor, input.cardId, "frozen", "active", "stored_value.unfreeze");
}

/**
 * Reissue (补卡): a new card for the same member and store receives the whole balance (principal and
 * bonus kept apart), the old card becomes `replaced` and points at the new one.
 */
export async function reissueCard(db: Db, actor: Actor, input: ReissueCardValues): Promise<{ cardId: string; cardNo: string; movedFen: number }> {
  const old = await lockCard(db, input.cardId);
  requireStatus(old, ["active", "frozen"]);
  const balance = await cardBalance(db, old.id);
  const card = await insertCard(db, { cardNo: input.newCardNo, memberId: old.memberId, storeId: old.storeId, issuedBy: actor.staffId });
  await db.update(storedValueCards).set({ status: "replaced", replacedById: card.id, statusChangedAt: sql`now()` }).where(eq(storedValueCards.id, old.id));
  if (balance.principalFen !== 0 || balance.bonusFen !== 0) {
    const common = { storeId: old.storeId, createdBy: actor.staffId };
    // Notes name the other card of the move.
    await appendEntry(db, { ...common, cardId: old.id, kind: "transfer_out", principalFen: -balance.principalFen, bonusFen: -balance.bonusFen, note: card.cardNo });
    await appendEntry(db, { ...common, cardId: card.id, kind: "transfer_in", principalFen: balance.principalFen, bonusFen: balance.bonusFen, note: old.cardNo });
  }
  await recordAudit(db, {
    action: "stored_value.reissue",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: old.id,
    storeId: old.storeId,
    details: { cardNo: old.cardNo, newCardId: card.id, newCardNo: card.cardNo, principalFen: balance.principalFen, bonusFen: balance.bonusFen },
  });
  return { cardId: card.id, cardNo: card.cardNo, movedFen: balance.balanceFen };
}

/**
 * Pays unused principal back to the holder. Only principal is refundable. Refunding all of it (no
 * amount, or the whole principal) closes the card: the bonus left on it is forfeited, written as a
 * bonus-only negative entry of the same kind so that the ledger still sums to the (zero) balance.
 */
export async function refundPrincipal(
  db: Db,
  actor: Actor,
  input: RefundPrincipalInput,
): Promise<{ refundedFen: number; forfeitedBonusFen: number; closed: boolean; balance: CardBalance }> {
  const card = await lockCard(db, input.cardId);
  requireStatus(card, ["active", "frozen"]);
  const before = await cardBalance(db, card.id);
  if (before.principalFen <= 0) throw new AppError("insufficient_balance", "storedValueNoPrincipal");
  const amountFen = input.amountFen ?? before.principalFen;
  if (!(amountFen > 0)) throw new AppError("validation");
  if (amountFen > before.principalFen) {
    throw new AppError("insufficient_balance", "storedValueRefundExceedsPrincipal", { amountFen: ["storedValueRefundExceedsPrincipal"] });
  }
  const common = { cardId: card.id, kind: "principal_refund" as const, storeId: card.storeId, createdBy: actor.staffId };
  await appendEntry(db, { ...common, principalFen: -amountFen, bonusFen: 0 });
  const closed = amountFen === before.principalFen;
  const forfeitedBonusFen = closed ? before.bonusFen : 0;
  if (closed) {
    if (forfeitedBonusFen > 0) await appendEntry(db, { ...common, principalFen: 0, bonusFen: -forfeitedBonusFen, note: "bonus forfeited: card closed after a full principal refund" });
    await db.update(storedValueCards).set({ status: "closed", statusChangedAt: sql`now()` }).where(eq(storedValueCards.id, card.id));
  }
  const balance = await cardBalance(db, card.id);
  await recordAudit(db, {
    action: "stored_value.refund_principal",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: { cardNo: card.cardNo, refundedFen: amountFen, forfeitedBonusFen, closed, balanceFen: balance.balanceFen },
  });
  return { refundedFen: amountFen, forfeitedBonusFen, closed, balance };
}

// ── POS: paying with a card and refunds ───────────────────────────────────────────────────────

/**
 * Pays `amountFen` with the card, inside the purchase's transaction (the lock is held until it
 * commits). The rule: **principal is spent first, then bonus.** So a holder who later asks for the
 * unused principal back gets only what is left of the money they paid in, and the bonus (a gift)
 * is what remains for purchases. A card is usable at any store; the entry records where it was used.
 */
export async function spendStoredValue(
  db: Db,
  input: { cardNo: string; amountFen: number; storeId: string; transactionId: string | null },
): Promise<{ cardId: string; principalFen: number; bonusFen: number }> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError("validation", "The amount to pay by stored-value card must be a positive number of fen.");
  const cardNo = input.cardNo.trim().toUpperCase();
  const [card] = await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo)).for("update");
  if (!card) throw new AppError("card_not_usable", `Unknown stored-value card ${cardNo}.`);
  if (card.status !== "active") throw new AppError("card_not_usable", `Stored-value card ${cardNo} is ${card.status}.`);
  const balance = await cardBalance(db, card.id);
  if (balance.balanceFen < input.amountFen) throw new AppError("insufficient_balance", `Stored-value card ${cardNo} holds less than ${input.amountFen} fen.`);
  const principalFen = Math.min(input.amountFen, balance.principalFen);
  const bonusFen = input.amountFen - principalFen;
  await appendEntry(db, { cardId: card.id, kind: "spend", principalFen: -principalFen, bonusFen: -bonusFen, storeId: input.storeId, transactionId: input.transactionId });
  return { cardId: card.id, principalFen, bonusFen };
}

/**
 * How a return of `amountFen` splits between principal and bonus, given what the purchase took
 * from the card (`spent`) and what earlier refunds already gave back (`returned`). Cumulative, so
 * that rounding never drifts over several partial refunds: after the return, the bonus given back
 * in total is floor(bonus spent × returned total / spent total) (the rounding fen goes to
 * principal), and a full return gives back exactly what was spent.
 */
export function splitReturn(spent: { principalFen: number; bonusFen: number }, returned: { principalFen: number; bonusFen: number }, amountFen: number): { principalFen: number; bonusFen: number } {
  const spentTotal = spent.principalFen + spent.bonusFen;
  const returnedTotal = returned.principalFen + returned.bonusFen;
  const amount = Math.max(0, Math.min(amountFen, spentTotal - returnedTotal));
  if (amount === 0 || spentTotal <= 0) return { principalFen: 0, bonusFen: 0 };
  const bonusTarget = Number((BigInt(spent.bonusFen) * BigInt(returnedTotal + amount)) / BigInt(spentTotal));
  let bonusFen = Math.max(0, Math.min(spent.bonusFen - returned.bonusFen, bonusTarget - returned.bonusFen));
  let principalFen = amount - bonusFen;
  const principalLeft = Math.max(0, spent.principalFen - returned.principalFen);
  if (principalFen > principalLeft) {
    principalFen = principalLeft;
    bonusFen = amount - principalFen;
  }
  return { principalFen, bonusFen };
}

/**
 * Gives stored value back for a refund of purchase `transactionId`: to each card the purchase was
 * paid with (in the order it was charged), up to what the purchase took from it minus what earlier
 * refunds of the purchase gave back, principal and bonus in the proportion they were spent. A card
 * reissued since then is followed (replaced_by_id) to the card in use. A frozen card takes the money
 * back (it stays safe there); a closed card cannot and the refund is refused.
 */
export async function returnStoredValue(
  db: Db,
  input: {
    transactionId: string;
    amountFen: number;
    storeId: string;
    refundTransactionId: string;
    /** Only what this card (as charged by the purchase: sales_payments.stored_value_card_id) paid; else every card of the purchase in turn. */
    cardId?: string | null;
  },
): Promise<{ returnedFen: number }> {
  if (!(input.amountFen > 0)) return { returnedFen: 0 };
  const spentRows = await db
    .select({
      cardId: storedValueEntries.cardId,
      principalFen: sql<number>`-coalesce(sum(${storedValueEntries.principalFen}), 0)`.mapWith(Number),
      bonusFen: sql<number>`-coalesce(sum(${storedValueEntries.bonusFen}), 0)`.mapWith(Number),
      firstEntry: sql<number>`min(${storedValueEntries.id})`.mapWith(Number),
    })
    .from(storedValueEntries)
    .where(and(eq(storedValueEntries.transactionId, input.transactionId), eq(storedValueEntries.kind, "spend"), input.cardId ? eq(storedValueEntries.cardId, input.cardId) : undefined))
    .groupBy(storedValueEntries.cardId);
  if (spentRows.length === 0) return { returnedFen: 0 };
  spentRows.sort((a, b) => a.firstEntry - b.firstEntry);

  // Locking the purchase's cards (in id order) makes two refunds of one purchase run one after the
  // other, so that the second sees what the first gave back.
  const originalIds = spentRows.map((row) => row.cardId);
  await db.select({ id: storedValueCards.id }).from(storedValueCards).where(inArray(storedValueCards.id, originalIds)).orderBy(asc(storedValueCards.id)).for("update");

  // Each card with the cards that replaced it, oldest first: the last one is in use.
  const chains = new Map<string, CardRow[]>();
  for (const cardId of originalIds) {
    const chain: CardRow[] = [];
    let next: string | null = cardId;
    while (next && chain.length < 50 && !chain.some((c) => c.id === next)) {
      const card = await lockCard(db, next);
      chain.push(card);
      next = card.replacedById;
    }
    chains.set(cardId, chain);
  }

  const returnedRows = await db
    .select({
      cardId: storedValueEntries.cardId,
      principalFen: sql<number>`coalesce(sum(${storedValueEntries.principalFen}), 0)`.mapWith(Number),
      bonusFen: sql<number>`coalesce(sum(${storedValueEntries.bonusFen}), 0)`.mapWith(Number),
    })
    .from(storedValueEntries)
    .innerJoin(salesTransactions, eq(salesTransactions.id, storedValueEntries.transactionId))
    .where(and(eq(storedValueEntries.kind, "refund"), eq(salesTransactions.originalId, input.transactionId)))
    .groupBy(storedValueEntries.cardId);

  let remaining = input.amountFen;
  for (const spent of spentRows) {
    if (remaining <= 0) break;
    const chain = chains.get(spent.cardId)!;
    const chainIds = new Set(chain.map((c) => c.id));
    const returned = { principalFen: 0, bonusFen: 0 };
    for (const row of returnedRows) {
      if (!chainIds.has(row.cardId)) continue;
      returned.principalFen += row.principalFen;
      returned.bonusFen += row.bonusFen;
    }
    const part = splitReturn(spent, returned, remaining);
    const partFen = part.principalFen + part.bonusFen;
    if (partFen <= 0) continue;
    const target = chain[chain.length - 1]!;
    if (target.status === "closed") throw new AppError("card_not_usable", `Stored-value card ${target.cardNo} is closed; the refund cannot be returned to it.`);
    const original = chain[0]!;
    await appendEntry(db, {
      cardId: target.id,
      kind: "refund",
      principalFen: part.principalFen,
      bonusFen: part.bonusFen,
      storeId: input.storeId,
      transactionId: input.refundTransactionId,
      // The card that paid, when the value lands on its replacement.
      note: target.id === original.id ? null : original.cardNo,
    });
    remaining -= partFen;
  }
  return { returnedFen: input.amountFen - remaining };
}

// ── Use cases as action definitions ───────────────────────────────────────────────────────────
// The server actions (stored-value-actions.ts) are these through defineAction; tests run them
// through executeAction. The card's store is checked against the staff member's stores before the
// business function runs: a card of another store is "not found".

async function authorizeCard(db: Db, staff: StaffPrincipal, permission: Permission, cardId: string): Promise<void> {
  const [card] = await db.select({ storeId: storedValueCards.storeId }).from(storedValueCards).where(eq(storedValueCards.id, cardId));
  if (!card) throw new AppError("not_found");
  authorize(staff, permission, { storeId: card.storeId });
}

export const issueCardUseCase = {
  permission: "loyalty.cards.manage",
  input: issueCardSchema,
  storeId: (input) => input.storeId,
  async run({ staff, actor, input, db }) {
    if (input.memberId) await memberInScopeOrThrow(db, staff, input.memberId);
    return issueCard(db, actor, input);
  },
} satisfies ActionDefinition<typeof issueCardSchema, { cardId: string; cardNo: string }>;

/**
 * An operation on an existing card: the staff member needs `permission` in the card's store (read
 * from the card, so the form cannot name another store), then `apply` runs.
 */
function cardUseCase<TSchema extends z.ZodType<{ cardId: string }>, TOutput>(
  permission: Permission,
  input: TSchema,
  apply: (db: Db, actor: Actor, input: z.output<TSchema>) => Promise<TOutput>,
): ActionDefinition<TSchema, TOutput> {
  return {
    permission,
    input,
    async run({ staff, actor, input: parsed, db }) {
      await authorizeCard(db, staff, permission, parsed.cardId);
      return apply(db, actor, parsed);
    },
  };
}

export const topUpUseCase = cardUseCase("loyalty.cards.manage", topUpSchema, topUp);
export const freezeCardUseCase = cardUseCase("loyalty.cards.manage", cardIdSchema, async (db, actor, input) => {
  await freezeCard(db, actor, input);
  return null;
});
export const unfreezeCardUseCase = cardUseCase("loyalty.cards.manage", cardIdSchema, async (db, actor, input) => {
  await unfreezeCard(db, actor, input);
  return null;
});
export const reissueCardUseCase = cardUseCase("loyalty.cards.manage", reissueCardSchema, reissueCard);
export const refundPrincipalUseCase = cardUseCase("loyalty.cards.refund", refundPrincipalSchema, refundPrincipal);

/** The issue form's look-up of the holder (read only). */
export const findCardMemberUseCase = {
  permission: "loyalty.cards.manage",
  input: cardMemberLookupSchema,
  run: ({ staff, input, db }) => findMembersForCard(db, staff, input.query),
} satisfies ActionDefinition<typeof cardMemberLookupSchema, Awaited<ReturnType<typeof findMembersForCard>>>;

import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { salesTransactions, storedValueCards, storedValueEntries } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { appendEntry, cardBalance, lockCard, type CardRow } from "./ledger";
import { normalizeStoredValueCardNo } from "./schemas";

// The POS side of stored value: paying with a card, and giving value back when a purchase is refunded.

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
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw new AppError("validation", {
      detail: "The amount to pay by stored-value card must be a positive number of fen.",
    });
  const cardNo = normalizeStoredValueCardNo(input.cardNo);
  const [card] = await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo)).for("update");
  if (!card) throw new AppError("card_not_usable", { detail: `Unknown stored-value card ${cardNo}.` });
  if (card.status !== "active")
    throw new AppError("card_not_usable", { detail: `Stored-value card ${cardNo} is ${card.status}.` });
  const balance = await cardBalance(db, card.id);
  if (balance.balanceFen < input.amountFen)
    throw new AppError("insufficient_balance", {
      detail: `Stored-value card ${cardNo} holds less than ${input.amountFen} fen.`,
    });
  const principalFen = Math.min(input.amountFen, balance.principalFen);
  const bonusFen = input.amountFen - principalFen;
  await appendEntry(db, {
    cardId: card.id,
    kind: "spend",
    principalFen: -principalFen,
    bonusFen: -bonusFen,
    storeId: input.storeId,
    transactionId: input.transactionId,
  });
  return { cardId: card.id, principalFen, bonusFen };
}

/**
 * How a return of `amountFen` splits between principal and bonus, given what the purchase took
 * from the card (`spent`) and what earlier refunds already gave back (`returned`). Cumulative, so
 * that rounding never drifts over several partial refunds: after the return, the bonus given back
 * in total is floor(bonus spent × returned total / spent total) (the rounding fen goes to
 * principal), and a full return gives back exactly what was spent.
 */
export function splitReturn(
  spent: { principalFen: number; bonusFen: number },
  returned: { principalFen: number; bonusFen: number },
  amountFen: number,
): { principalFen: number; bonusFen: number } {
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
    .where(
      and(
        eq(storedValueEntries.transactionId, input.transactionId),
        eq(storedValueEntries.kind, "spend"),
        input.cardId ? eq(storedValueEntries.cardId, input.cardId) : undefined,
      ),
    )
    .groupBy(storedValueEntries.cardId);
  if (spentRows.length === 0) return { returnedFen: 0 };
  spentRows.sort((a, b) => a.firstEntry - b.firstEntry);

  // Locking the purchase's cards (in id order) makes two refunds of one purchase run one after the
  // other, so that the second sees what the first gave back.
  const originalIds = spentRows.map((row) => row.cardId);
  await db
    .select({ id: storedValueCards.id })
    .from(storedValueCards)
    .where(inArray(storedValueCards.id, originalIds))
    .orderBy(asc(storedValueCards.id))
    .for("update");

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
    if (target.status === "closed")
      throw new AppError("card_not_usable", {
        detail: `Stored-value card ${target.cardNo} is closed; the refund cannot be returned to it.`,
      });
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

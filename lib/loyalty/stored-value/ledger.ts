import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storedValueCards, storedValueEntries } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { StoredValueEntryKind } from "./schemas";

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

export type CardRow = typeof storedValueCards.$inferSelect;
export type CardBalance = { principalFen: number; bonusFen: number; balanceFen: number };

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

/** Locks the card's row for the rest of the transaction; not found when there is none. */
export async function lockCard(db: Db, cardId: string): Promise<CardRow> {
  const [card] = await db.select().from(storedValueCards).where(eq(storedValueCards.id, cardId)).for("update");
  if (!card) throw new AppError("not_found");
  return card;
}

/** Refuses a card whose status is not one of `allowed`, with a message key saying why. */
export function requireStatus(card: CardRow, allowed: readonly CardRow["status"][]): void {
  if (allowed.includes(card.status)) return;
  const key = {
    active: "storedValueCardActive",
    frozen: "storedValueCardFrozen",
    replaced: "storedValueCardReplaced",
    closed: "storedValueCardClosed",
  }[card.status];
  throw new AppError("card_not_usable", { messageKey: key });
}

export type NewEntry = {
  cardId: string;
  kind: StoredValueEntryKind;
  principalFen: number;
  bonusFen: number;
  storeId: string | null;
  transactionId?: string | null;
  note?: string | null;
  createdBy?: string | null;
};

/** Appends one entry; returns its id (a bonus request points at its top-up and at its credit). */
export async function appendEntry(db: Db, entry: NewEntry): Promise<number> {
  const [row] = await db
    .insert(storedValueEntries)
    .values({
      cardId: entry.cardId,
      kind: entry.kind,
      principalFen: entry.principalFen,
      bonusFen: entry.bonusFen,
      storeId: entry.storeId,
      transactionId: entry.transactionId ?? null,
      note: entry.note ?? null,
      createdBy: entry.createdBy ?? null,
    })
    .returning({ id: storedValueEntries.id });
  return row!.id;
}

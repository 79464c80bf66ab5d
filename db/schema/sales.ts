import { bigint, index, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { members } from "./members";
import { stores } from "./stores";

export const salesTransactionKind = pgEnum("sales_transaction_kind", ["purchase", "refund"]);

/**
 * One point-of-sale purchase or refund: the facts lifecycle stages and RFM scores are computed
 * from. The loyalty issue adds lines, payments and points around it.
 */
export const salesTransactions = pgTable(
  "sales_transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid().references(() => members.id),
    /** The POS system's id, unique per store. */
    externalId: text().notNull(),
    kind: salesTransactionKind().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** What the member actually paid, in fen (the earning base); negative for a refund. */
    netPaidFen: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.storeId, t.externalId), index().on(t.memberId, t.occurredAt)],
);

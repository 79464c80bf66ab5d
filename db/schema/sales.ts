import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { members } from "./members";
import { stores } from "./stores";

export const salesTransactionKind = pgEnum("sales_transaction_kind", ["purchase", "refund"]);
export const paymentMethod = pgEnum("payment_method", ["wechat", "alipay", "card", "cash", "stored_value", "points"]);

/**
 * One point-of-sale purchase or refund. A refund is its own row (kind `refund`, negative amounts)
 * pointing at the purchase it refunds, so that spend, lifecycle and RFM are plain sums.
 */
export const salesTransactions = pgTable(
  "sales_transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid().references(() => members.id),
    /** The POS system's id: a purchase's `externalId` (unique per store) or a refund's `refundId` (unique per purchase). */
    externalId: text().notNull(),
    kind: salesTransactionKind().notNull(),
    /** For a refund: the purchase it refunds. */
    originalId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** What the member actually paid, in fen (the earning base); negative for a refund. */
    netPaidFen: bigint({ mode: "number" }).notNull(),
    /** Sum of the lines before the discount (negative for a refund). */
    grossFen: bigint({ mode: "number" }).notNull().default(0),
    discountFen: bigint({ mode: "number" }).notNull().default(0),
    /** Everything paid, whatever the method (negative for a refund). */
    totalPaidFen: bigint({ mode: "number" }).notNull().default(0),
    /** Tier the member held before the purchase, and its multiplier as an exact decimal. */
    tierBefore: text(),
    multiplier: numeric({ precision: 4, scale: 2 }),
    /** Points this transaction earned (purchase) or reversed (refund, negative). */
    pointsEarned: integer().notNull().default(0),
    bonusPoints: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sales_transactions_purchase_external_unique")
      .on(t.storeId, t.externalId)
      .where(sql`kind = 'purchase'`),
    uniqueIndex("sales_transactions_refund_external_unique")
      .on(t.originalId, t.externalId)
      .where(sql`kind = 'refund'`),
    index().on(t.memberId, t.occurredAt),
    index().on(t.originalId),
    index().on(t.storeId, t.occurredAt),
    check("sales_transactions_refund_has_original", sql`(kind = 'refund') = (original_id is not null)`),
  ],
);

export const salesTransactionLines = pgTable(
  "sales_transaction_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    transactionId: uuid()
      .notNull()
      .references(() => salesTransactions.id),
    lineNo: integer().notNull(),
    sku: text().notNull(),
    name: text().notNull(),
    category: text().notNull(),
    /** Negative on a refund's lines. */
    quantity: integer().notNull(),
    unitPriceFen: bigint({ mode: "number" }).notNull(),
    amountFen: bigint({ mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex().on(t.transactionId, t.lineNo)],
);

export const salesPayments = pgTable(
  "sales_payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    transactionId: uuid()
      .notNull()
      .references(() => salesTransactions.id),
    method: paymentMethod().notNull(),
    /** Negative on a refund (money given back by that method). */
    amountFen: bigint({ mode: "number" }).notNull(),
    storedValueCardId: uuid(),
    points: integer(),
  },
  (t) => [index().on(t.transactionId)],
);

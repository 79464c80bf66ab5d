import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { members } from "./members";
import { salesTransactions } from "./sales";
import { staff } from "./staff";
import { stores } from "./stores";

// ── Points ────────────────────────────────────────────────────────────────────────────────────

export const pointsEntryKind = pgEnum("points_entry_kind", [
  "earn", // purchase points (a lot)
  "bonus", // campaign bonus on a purchase (a lot)
  "activity", // survey, referral… (a lot)
  "adjustment", // manual, positive (a lot) or negative (consumes lots)
  "spend", // paying with points or a redemption (consumes lots FIFO)
  "reversal", // a refund taking back points the purchase earned
  "return", // a refund giving back points paid with (a lot)
  "expiry", // the expiry job (consumes the expired lot)
]);

/**
 * The points ledger: append-only (a trigger refuses UPDATE and DELETE). A member's balance is the
 * sum of their entries and is never stored.
 */
export const pointsEntries = pgTable(
  "points_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    kind: pointsEntryKind().notNull(),
    /** Signed: positive adds, negative takes away. */
    points: integer().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    storeId: uuid().references(() => stores.id),
    transactionId: uuid().references(() => salesTransactions.id),
    redemptionId: uuid(),
    adjustmentId: uuid(),
    reason: text(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.memberId, t.id),
    index().on(t.transactionId),
    // The dashboard rollups' refresh reads the entries of a few recent days (lib/reports/rollups/).
    index().on(t.occurredAt),
    check("points_entries_nonzero", sql`points <> 0`),
  ],
);

/** What a positive entry added, spendable until it expires. What is left is points minus its allocations. */
export const pointsLots = pgTable(
  "points_lots",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    entryId: bigint({ mode: "number" })
      .notNull()
      .references(() => pointsEntries.id),
    points: integer().notNull(),
    earnedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Kept equal to points minus the sum of its allocations, under the member's row lock; lets spending find open lots by index. */
    remaining: integer().notNull(),
  },
  (t) => [
    uniqueIndex().on(t.entryId),
    index("points_lots_open_idx")
      .on(t.memberId, t.expiresAt, t.id)
      .where(sql`remaining > 0`),
    index("points_lots_expiring_idx")
      .on(t.expiresAt)
      .where(sql`remaining > 0`),
    check("points_lots_positive", sql`points > 0`),
    check("points_lots_remaining_range", sql`remaining >= 0 and remaining <= points`),
  ],
);

/**
 * Which lots a negative entry consumed, and how much of each: refunds and expiry reverse exactly what
 * was taken. A negative entry allocated less than its size is a debt that the next earnings repay
 * (they add allocations to it later). Append-only.
 */
export const pointsAllocations = pgTable(
  "points_allocations",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    entryId: bigint({ mode: "number" })
      .notNull()
      .references(() => pointsEntries.id),
    lotId: bigint({ mode: "number" })
      .notNull()
      .references(() => pointsLots.id),
    points: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.entryId), index().on(t.lotId), check("points_allocations_positive", sql`points > 0`)],
);

export const adjustmentStatus = pgEnum("points_adjustment_status", ["pending", "approved", "rejected"]);

/** A manual adjustment: applied at once up to the approval threshold, else waits for a manager (maker-checker). */
export const pointsAdjustments = pgTable(
  "points_adjustments",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    points: integer().notNull(),
    reason: text().notNull(),
    status: adjustmentStatus().notNull(),
    requestedBy: uuid()
      .notNull()
      .references(() => staff.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => staff.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    entryId: bigint({ mode: "number" }).references(() => pointsEntries.id),
  },
  (t) => [
    index().on(t.status, t.requestedAt),
    index().on(t.memberId),
    check("points_adjustments_nonzero", sql`points <> 0`),
    check("points_adjustments_checker_is_not_maker", sql`decided_by is null or decided_by <> requested_by`),
  ],
);

// ── Tiers ─────────────────────────────────────────────────────────────────────────────────────

export const tierEventKind = pgEnum("tier_event_kind", [
  "upgrade",
  "downgrade",
  "downgrade_notice",
  "grant",
  "grant_end",
  "kept",
]);

/** Every tier change and notice, append-only; members.tier holds the tier in force. */
export const memberTierEvents = pgTable(
  "member_tier_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    kind: tierEventKind().notNull(),
    fromTier: text().notNull(),
    toTier: text().notNull(),
    /** Rolling 12-month net spend at the time, fen. */
    spendFen: bigint({ mode: "number" }),
    /** For a notice: the evaluation date it announces; for a grant: its end date. */
    effectiveOn: date({ mode: "string" }),
    reason: text(),
    transactionId: uuid(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.memberId, t.id),
    // The dashboard rollups' refresh reads the tier changes of a few recent days (lib/reports/rollups/).
    index().on(t.createdAt),
    uniqueIndex("member_tier_events_notice_unique")
      .on(t.memberId, t.effectiveOn)
      .where(sql`kind = 'downgrade_notice'`),
  ],
);

// ── Stored-value cards ────────────────────────────────────────────────────────────────────────

export const storedValueCardStatus = pgEnum("stored_value_card_status", ["active", "frozen", "replaced", "closed"]);

export const storedValueCards = pgTable(
  "stored_value_cards",
  {
    id: uuid().primaryKey().defaultRandom(),
    cardNo: text().notNull(),
    memberId: uuid().references(() => members.id),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    status: storedValueCardStatus().notNull().default("active"),
    /** Set when reissued: the card the balance moved to. */
    replacedById: uuid(),
    issuedBy: uuid().references(() => staff.id),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.cardNo), index().on(t.memberId), index().on(t.storeId)],
);

export const storedValueEntryKind = pgEnum("stored_value_entry_kind", [
  "top_up",
  "spend",
  "refund", // a purchase refund giving back what was paid by card
  "transfer_out", // reissue: balance leaves the lost card
  "transfer_in", // reissue: balance arrives on the new card
  "principal_refund", // unused principal paid back to the holder
  "bonus", // an approved bonus beyond the top-up rule (stored_value_bonus_requests)
]);

/**
 * The stored-value ledger, append-only. Principal (money paid in) and bonus (given free with a top-up)
 * are kept apart because only principal can be refunded; the balance is their sum and never negative.
 */
export const storedValueEntries = pgTable(
  "stored_value_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    cardId: uuid()
      .notNull()
      .references(() => storedValueCards.id),
    kind: storedValueEntryKind().notNull(),
    principalFen: bigint({ mode: "number" }).notNull(),
    bonusFen: bigint({ mode: "number" }).notNull().default(0),
    storeId: uuid().references(() => stores.id),
    transactionId: uuid().references(() => salesTransactions.id),
    note: text(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.cardId, t.id), index().on(t.transactionId)],
);

/**
 * A bonus beyond the top-up bonus rule, asked for with a top-up and credited only when a manager who
 * is not the requester approves it (maker-checker, like a points adjustment over the threshold).
 */
export const storedValueBonusRequests = pgTable(
  "stored_value_bonus_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    cardId: uuid()
      .notNull()
      .references(() => storedValueCards.id),
    /** The store where the top-up was made: whose managers decide. */
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** The top-up this bonus goes with. */
    topUpEntryId: bigint({ mode: "number" }).references(() => storedValueEntries.id),
    amountFen: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    status: adjustmentStatus().notNull().default("pending"),
    requestedBy: uuid()
      .notNull()
      .references(() => staff.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => staff.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    /** The ledger entry that credited the bonus, once approved. */
    entryId: bigint({ mode: "number" }).references(() => storedValueEntries.id),
  },
  (t) => [
    index().on(t.status, t.requestedAt),
    index().on(t.cardId),
    check("stored_value_bonus_requests_positive", sql`amount_fen > 0`),
    check("stored_value_bonus_requests_checker_is_not_maker", sql`decided_by is null or decided_by <> requested_by`),
  ],
);

// ── Gifts and redemptions ─────────────────────────────────────────────────────────────────────

export const gifts = pgTable(
  "gifts",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    pointsCost: integer().notNull(),
    stock: integer().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.code),
    check("gifts_stock_not_negative", sql`stock >= 0`),
    check("gifts_cost_positive", sql`points_cost > 0`),
  ],
);

export const redemptionType = pgEnum("redemption_type", ["parking", "gift", "cash_offset"]);

export const redemptions = pgTable(
  "redemptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    type: redemptionType().notNull(),
    giftId: uuid().references(() => gifts.id),
    quantity: integer(),
    hours: integer(),
    points: integer().notNull(),
    /** Cash offset: the fen the points are worth. */
    valueFen: bigint({ mode: "number" }),
    storeId: uuid().references(() => stores.id),
    staffId: uuid().references(() => staff.id),
    apiKeyId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId, t.createdAt)],
);

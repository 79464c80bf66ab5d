import { bigint, date, integer, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { stores } from "./stores";

/**
 * One row per store and store-local day: what the manager dashboard (`/reports`) adds up instead of
 * scanning all history per view. Not a ledger: `refreshDailyRollups` (lib/reports/rollups/service.ts)
 * recomputes whole store-days from the source tables (sales, members, points entries, appointments, tier events)
 * and overwrites them, so a refresh run twice gives the same rows. Every store-day of a refreshed
 * range gets a row, zeros included, so a day that lost its data (a merge) is reset too.
 */
export const storeDailyRollups = pgTable(
  "store_daily_rollups",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** The calendar date in the store's time zone. */
    day: date({ mode: "string" }).notNull(),
    /** Purchases (kind `purchase`) with a member, and without one. */
    memberPurchases: integer().notNull().default(0),
    nonMemberPurchases: integer().notNull().default(0),
    /** Everything paid (total_paid_fen) on purchases minus refunds of that day, by whether the sale had a member. */
    memberSalesFen: bigint({ mode: "number" }).notNull().default(0),
    nonMemberSalesFen: bigint({ mode: "number" }).notNull().default(0),
    /** Refunds recorded that day and what they gave back (a positive number of fen), already netted above. */
    refunds: integer().notNull().default(0),
    refundsFen: bigint({ mode: "number" }).notNull().default(0),
    /** Members registered that day with this home store (merged-away duplicates left out). */
    newMembers: integer().notNull().default(0),
    /** Points earned or given (net of refund reversals), paid with or redeemed (net of points returned by refunds), expired. */
    pointsIssued: bigint({ mode: "number" }).notNull().default(0),
    pointsRedeemed: bigint({ mode: "number" }).notNull().default(0),
    pointsExpired: bigint({ mode: "number" }).notNull().default(0),
    /** Visits starting that day: not cancelled, completed, no-show, and completed with a purchase linked to them. */
    appointmentsBooked: integer().notNull().default(0),
    appointmentsCompleted: integer().notNull().default(0),
    appointmentsNoShow: integer().notNull().default(0),
    appointmentsConverted: integer().notNull().default(0),
    /** Tier upgrades and downgrades of members of this home store that day (grants and their ends left out). */
    tierUpgrades: integer().notNull().default(0),
    tierDowngrades: integer().notNull().default(0),
    refreshedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day] })],
);

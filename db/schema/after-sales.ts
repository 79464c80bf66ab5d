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
import { bytea } from "./columns";
import { members } from "./members";
import { salesTransactionLines, salesTransactions } from "./sales";
import { staff } from "./staff";
import { stores } from "./stores";

// Jewelry after-sales (docs/domain.md#jewelry-after-sales): item passports, service tickets with
// their custody trail, photos, defect claims and follow-up calls. Weights are integer hundredths of
// a gram (0.01 g, the scale's resolution), like money in fen.

export const jewelryCategory = pgEnum("jewelry_category", [
  "ring",
  "necklace",
  "bracelet",
  "earrings",
  "pendant",
  "watch",
]);

export const serviceType = pgEnum("service_type", [
  "cleaning",
  "maintenance",
  "repair",
  "resizing",
  "replating",
  "polishing",
  "stone_tightening",
  "inspection",
]);

export const serviceTicketStatus = pgEnum("service_ticket_status", [
  "received",
  "at_workshop",
  "in_repair",
  "quality_check",
  "ready_for_pickup",
  "picked_up",
  "closed",
  "cancelled",
]);

/** Why the ticket costs what it costs (docs/domain.md: tier benefit, warranty, list price; a defect claim is free). */
export const servicePriceBasis = pgEnum("service_price_basis", [
  "tier_benefit",
  "warranty",
  "list_price",
  "defect_claim",
]);

export const defectOutcome = pgEnum("defect_outcome", ["repair", "exchange", "refund"]);

/** An item passport: one jewelry piece a member owns, from a purchase line or registered at intake. */
export const jewelryItems = pgTable(
  "jewelry_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    /** The store that registered the piece (its scope); services may happen in any store of the member. */
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    name: text().notNull(),
    category: jewelryCategory().notNull(),
    material: text().notNull(),
    weightCg: integer(),
    stoneCount: integer().notNull().default(0),
    stones: text(),
    certificateNo: text(),
    size: text(),
    purchaseTransactionId: uuid().references(() => salesTransactions.id),
    purchaseLineId: uuid().references(() => salesTransactionLines.id),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.memberId),
    index().on(t.storeId),
    index().on(t.purchaseTransactionId),
    check("jewelry_items_weight", sql`weight_cg is null or weight_cg > 0`),
    check("jewelry_items_stones", sql`stone_count >= 0`),
  ],
);

/**
 * A service ticket (售后服务单). The claim code is shown only on the intake receipt; five wrong
 * tries lock the ticket until a manager reviews it. The tracking token's SHA-256 is kept, the token
 * itself is only in the link sent to the customer.
 */
export const serviceTickets = pgTable(
  "service_tickets",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Human reference, e.g. SV-20261205-0001. */
    reference: text().notNull(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    itemId: uuid()
      .notNull()
      .references(() => jewelryItems.id),
    serviceType: serviceType().notNull(),
    status: serviceTicketStatus().notNull().default("received"),
    weightInCg: integer().notNull(),
    stoneCountIn: integer().notNull().default(0),
    conditionNotes: text(),
    declaredValueFen: bigint({ mode: "number" }).notNull().default(0),
    linkedTransactionId: uuid().references(() => salesTransactions.id),
    priceBasis: servicePriceBasis().notNull(),
    listPriceFen: bigint({ mode: "number" }).notNull(),
    /** What the customer pays by the pricing rule (0 for a benefit, warranty or defect claim). */
    chargeFen: bigint({ mode: "number" }).notNull(),
    estimatedFeeFen: bigint({ mode: "number" }).notNull().default(0),
    /** The promised ready date, a store-local date. */
    promisedOn: date({ mode: "string" }).notNull(),
    claimCode: text().notNull(),
    claimFailures: integer().notNull().default(0),
    claimLockedAt: timestamp({ withTimezone: true }),
    trackingTokenHash: text().notNull(),
    readyAt: timestamp({ withTimezone: true }),
    readyNotifiedAt: timestamp({ withTimezone: true }),
    weightOutCg: integer(),
    stoneCountOut: integer(),
    weightNote: text(),
    weightAcknowledged: boolean().notNull().default(false),
    pickedUpAt: timestamp({ withTimezone: true }),
    pickedUpBy: uuid().references(() => staff.id),
    closedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /** Inspection found the product at fault (三包): a claim, decided by a manager. */
    isDefectClaim: boolean().notNull().default(false),
    defectEvidence: text(),
    defectOutcome: defectOutcome(),
    defectDecidedBy: uuid().references(() => staff.id),
    defectDecidedAt: timestamp({ withTimezone: true }),
    refundTransactionId: uuid().references(() => salesTransactions.id),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.reference),
    uniqueIndex().on(t.trackingTokenHash),
    index().on(t.storeId, t.status, t.promisedOn),
    index().on(t.memberId),
    index().on(t.itemId),
    check("service_tickets_weights", sql`weight_in_cg > 0 and (weight_out_cg is null or weight_out_cg > 0)`),
    check(
      "service_tickets_money",
      sql`list_price_fen >= 0 and charge_fen >= 0 and estimated_fee_fen >= 0 and declared_value_fen >= 0`,
    ),
    check("service_tickets_claim_failures", sql`claim_failures >= 0`),
  ],
);

export const serviceTicketEventKind = pgEnum("service_ticket_event_kind", [
  "created",
  "status", // a workflow transition
  "note",
  "claim_failed",
  "claim_locked",
  "claim_unlocked",
  "defect_flagged",
  "defect_decided",
]);

/** The custody trail: every transition and event of a ticket, stamped with staff and time; append-only. */
export const serviceTicketEvents = pgTable(
  "service_ticket_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ticketId: uuid()
      .notNull()
      .references(() => serviceTickets.id),
    kind: serviceTicketEventKind().notNull(),
    fromStatus: serviceTicketStatus(),
    toStatus: serviceTicketStatus(),
    note: text(),
    staffId: uuid().references(() => staff.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.ticketId, t.at)],
);

export const afterSalesPhotoStage = pgEnum("after_sales_photo_stage", ["passport", "intake", "pickup", "defect"]);

/** A photo of a piece (checked by content: JPEG, PNG or WebP), with its thumbnail. */
export const afterSalesPhotos = pgTable(
  "after_sales_photos",
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => jewelryItems.id),
    ticketId: uuid().references(() => serviceTickets.id),
    stage: afterSalesPhotoStage().notNull(),
    contentType: text().notNull(),
    bytes: bytea().notNull(),
    thumbnail: bytea().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.itemId), index().on(t.ticketId)],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { serviceTickets } from "./after-sales";
import { bytea } from "./columns";
import { appointments } from "./appointments";
import { pointsEntries } from "./loyalty";
import { members } from "./members";
import { salesTransactions } from "./sales";
import { staff } from "./staff";
import { stores } from "./stores";

export const complaintChannel = pgEnum("complaint_channel", [
  "in_store",
  "hotline",
  "wechat",
  "email",
  "regulator_12315",
]);
export const complaintCategory = pgEnum("complaint_category", [
  "product_quality",
  "service_attitude",
  "after_sales",
  "price_promotion",
  "points_membership",
  "environment_facilities",
  "parking",
]);
export const complaintSeverity = pgEnum("complaint_severity", ["low", "medium", "high", "critical"]);
export const complaintStatus = pgEnum("complaint_status", [
  "new",
  "acknowledged",
  "investigating",
  "waiting_on_customer",
  "resolved",
  "closed",
]);

/**
 * A complaint (投诉). The SLA targets (business minutes) are copied from the policy in force at
 * intake; the due times are cached for queues and recomputed by the SLA clock when a pause ends.
 * Escalation flags are set once, so the escalation job escalates each breach once.
 */
export const complaints = pgTable(
  "complaints",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Human reference shown to staff and customers, e.g. TS-20261205-0001. */
    reference: text().notNull(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid().references(() => members.id),
    /** An unidentified customer: a name and a way to reach them. */
    customerName: text(),
    customerContact: text(),
    channel: complaintChannel().notNull(),
    category: complaintCategory().notNull(),
    severity: complaintSeverity().notNull(),
    status: complaintStatus().notNull().default("new"),
    description: text().notNull(),
    relatedTransactionId: uuid().references(() => salesTransactions.id),
    relatedAppointmentId: uuid().references(() => appointments.id),
    /** A service ticket's reference, as the customer gave it (free text, kept from before after-sales tickets existed). */
    relatedTicketRef: text(),
    relatedTicketId: uuid().references((): AnyPgColumn => serviceTickets.id),
    assigneeId: uuid().references(() => staff.id),
    /** When the clock starts: the complaint was received. */
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    firstResponseTargetMin: integer().notNull(),
    resolutionTargetMin: integer().notNull(),
    firstResponseDueAt: timestamp({ withTimezone: true }).notNull(),
    resolutionDueAt: timestamp({ withTimezone: true }).notNull(),
    firstRespondedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    rootCause: text(),
    actionTaken: text(),
    regulatorReferral: boolean().notNull().default(false),
    /** The regulator's (12315) deadline for an answer, a store-local date. */
    regulatorDeadline: date({ mode: "string" }),
    responseWarnedAt: timestamp({ withTimezone: true }),
    responseEscalatedAt: timestamp({ withTimezone: true }),
    resolutionWarnedAt: timestamp({ withTimezone: true }),
    resolutionEscalatedAt: timestamp({ withTimezone: true }),
    satisfactionScore: smallint(),
    satisfactionComment: text(),
    /** SHA-256 of the survey link's token (the token itself is only in the message). */
    surveyTokenHash: text(),
    surveySentAt: timestamp({ withTimezone: true }),
    surveyAnsweredAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.reference),
    uniqueIndex().on(t.surveyTokenHash),
    index().on(t.storeId, t.status, t.resolutionDueAt),
    index().on(t.assigneeId, t.status),
    index().on(t.memberId),
    check("complaints_customer", sql`member_id is not null or customer_contact is not null`),
    check("complaints_satisfaction", sql`satisfaction_score is null or satisfaction_score between 1 and 5`),
  ],
);

/** A complaint waiting on the customer: the SLA clock does not count these ranges (overlaps count once). */
export const complaintPauses = pgTable(
  "complaint_pauses",
  {
    id: uuid().primaryKey().defaultRandom(),
    complaintId: uuid()
      .notNull()
      .references(() => complaints.id),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    reason: text().notNull(),
    createdBy: uuid().references(() => staff.id),
  },
  (t) => [index().on(t.complaintId, t.startedAt)],
);

export const complaintEventKind = pgEnum("complaint_event_kind", [
  "created",
  "note", // internal, never shown to the customer
  "contact", // a contact attempt with the customer
  "status",
  "assigned",
  "paused",
  "resumed",
  "reopened",
  "warned",
  "escalated",
  "compensation",
  "survey",
]);

/** The complaint's timeline, append-only: internal notes apart from contacts with the customer. */
export const complaintEvents = pgTable(
  "complaint_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    complaintId: uuid()
      .notNull()
      .references(() => complaints.id),
    kind: complaintEventKind().notNull(),
    body: text().notNull().default(""),
    /** For a contact: phone, wechat, sms, email, in_person; its outcome. */
    channel: text(),
    outcome: text(),
    fromStatus: complaintStatus(),
    toStatus: complaintStatus(),
    actorStaffId: uuid().references(() => staff.id),
    actorLabel: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.complaintId, t.id)],
);

export const compensationKind = pgEnum("complaint_compensation_kind", ["points", "coupon"]);
export const compensationStatus = pgEnum("complaint_compensation_status", ["pending", "approved", "rejected"]);

/**
 * Goodwill for a complaint. Its value in fen counts against the store's monthly budget when
 * approved; above the requester's role threshold it waits for a manager (maker-checker).
 */
export const complaintCompensations = pgTable(
  "complaint_compensations",
  {
    id: uuid().primaryKey().defaultRandom(),
    complaintId: uuid()
      .notNull()
      .references(() => complaints.id),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    kind: compensationKind().notNull(),
    points: integer(),
    /** What it costs the store, in fen (points at 1 fen each); what the budget counts. */
    valueFen: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    status: compensationStatus().notNull().default("pending"),
    requestedBy: uuid()
      .notNull()
      .references(() => staff.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => staff.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    /** The budget month it is counted in (first day, store-local). */
    budgetMonth: date({ mode: "string" }).notNull(),
    pointsEntryId: bigint({ mode: "number" }).references(() => pointsEntries.id),
  },
  (t) => [
    index().on(t.complaintId),
    index().on(t.storeId, t.budgetMonth, t.status),
    check("complaint_compensations_value", sql`value_fen > 0`),
    check("complaint_compensations_points", sql`kind <> 'points' or points > 0`),
    check("complaint_compensations_checker_is_not_maker", sql`decided_by is null or decided_by <> requested_by`),
  ],
);

/** A store's goodwill budget for a month (fen); approvals lock this row, so two cannot overspend it. */
export const complaintBudgets = pgTable(
  "complaint_budgets",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** The month's first day, store-local. */
    month: date({ mode: "string" }).notNull(),
    budgetFen: bigint({ mode: "number" }).notNull(),
    updatedBy: uuid().references(() => staff.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.month] }), check("complaint_budgets_nonnegative", sql`budget_fen >= 0`)],
);

/** A question that is not a complaint (咨询): answered, timed, and turned into a complaint in one click if needed. */
export const inquiries = pgTable(
  "inquiries",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid().references(() => members.id),
    customerName: text(),
    customerContact: text(),
    channel: complaintChannel().notNull(),
    topic: text().notNull(),
    question: text().notNull(),
    answer: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp({ withTimezone: true }),
    answeredBy: uuid().references(() => staff.id),
    complaintId: uuid().references(() => complaints.id),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.storeId, t.receivedAt), index().on(t.memberId)],
);

/** A message to a staff member inside the portal (an escalated complaint, an approval waiting). */
export const staffNotifications = pgTable(
  "staff_notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    staffId: uuid()
      .notNull()
      .references(() => staff.id),
    kind: text().notNull(),
    /** What to show: a message key and its values (rendered in the reader's language). */
    messageKey: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    href: text(),
    /** Makes a notification once per cause (the escalation of one complaint's breach). */
    dedupeKey: text().notNull(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.dedupeKey, t.staffId), index().on(t.staffId, t.readAt, t.createdAt)],
);

/**
 * A file the customer or staff supplied with a complaint (a photo of the damage, a receipt): an
 * image checked by its content (with a thumbnail) or a PDF. Kept in the database beside the
 * complaint, served only to staff who may see the complaint.
 */
export const complaintAttachments = pgTable(
  "complaint_attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    complaintId: uuid()
      .notNull()
      .references(() => complaints.id),
    /** The name it was uploaded with, cleaned (shown and used as the download name only). */
    fileName: text().notNull(),
    contentType: text().notNull(),
    bytes: bytea().notNull(),
    thumbnail: bytea(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.complaintId, t.createdAt)],
);

import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { jewelryItems, serviceTickets } from "./after-sales";
import { complaints } from "./complaints";
import { members } from "./members";
import { staff } from "./staff";
import { stores } from "./stores";

// Follow-up calls after jewelry service (docs/domain.md#jewelry-after-sales), apart from the
// tickets because a call may open a complaint, and complaints refer to tickets.

export const followUpKind = pgEnum("follow_up_kind", ["day_3", "day_30", "cleaning_reminder"]);
export const followUpStatus = pgEnum("follow_up_status", ["open", "done", "unreachable"]);
export const followUpOutcome = pgEnum("follow_up_outcome", ["reached", "no_answer", "wrong_number"]);

/**
 * A follow-up call (回访) due on a store-local date: 3 and 30 days after a pickup, and a cleaning
 * reminder every 6 months per piece for gold and diamond members. Unique per ticket and kind (and
 * per piece and due date for reminders), so the scheduling job may run any number of times.
 */
export const followUpCalls = pgTable(
  "follow_up_calls",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    itemId: uuid()
      .notNull()
      .references(() => jewelryItems.id),
    ticketId: uuid().references(() => serviceTickets.id),
    kind: followUpKind().notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    status: followUpStatus().notNull().default("open"),
    attempts: integer().notNull().default(0),
    satisfaction: smallint(),
    complaintId: uuid().references(() => complaints.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("follow_up_calls_ticket_kind")
      .on(t.ticketId, t.kind)
      .where(sql`ticket_id is not null`),
    uniqueIndex("follow_up_calls_item_reminder")
      .on(t.itemId, t.kind, t.dueOn)
      .where(sql`ticket_id is null`),
    index().on(t.storeId, t.status, t.dueOn),
    index().on(t.memberId),
    check("follow_up_calls_satisfaction", sql`satisfaction is null or satisfaction between 1 and 5`),
  ],
);

/** Each attempt at a follow-up call, as logged; append-only. */
export const followUpCallAttempts = pgTable(
  "follow_up_call_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    callId: uuid()
      .notNull()
      .references(() => followUpCalls.id),
    outcome: followUpOutcome().notNull(),
    satisfaction: smallint(),
    comments: text(),
    staffId: uuid().references(() => staff.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.callId, t.at),
    check("follow_up_call_attempts_satisfaction", sql`satisfaction is null or satisfaction between 1 and 5`),
  ],
);

import {
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { consentChannel, members } from "./members";
import { staff } from "./staff";
import { stores } from "./stores";

export const messageStatus = pgEnum("message_status", ["pending", "sending", "sent", "failed", "skipped"]);

/**
 * The message outbox (lib/messaging): one row per message to one member on one channel (the
 * consent channels: sms, wechat, email), written in the transaction of what caused it and sent
 * afterwards by the delivery job, with retries and quiet hours. `dedupe_key` is unique: a
 * confirmation or reminder is queued once however often its cause is replayed.
 */
export const outboundMessages = pgTable(
  "outbound_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid().references(() => members.id),
    /** A work message to a staff member (then member_id is null): no consent needed, never marketing. */
    staffId: uuid().references(() => staff.id),
    storeId: uuid().references(() => stores.id),
    channel: consentChannel().notNull(),
    templateCode: text().notNull(),
    locale: text().notNull().default("zh-CN"),
    /** The template's parameters as raw values (an ISO time, a name); the template formats them in its locale. */
    params: jsonb().$type<Record<string, string | number | null>>().notNull().default({}),
    dedupeKey: text().notNull(),
    status: messageStatus().notNull().default("pending"),
    /** Why a message was not sent: no_consent, no_address, expired… */
    skipReason: text(),
    /** Not before this instant (a reminder's time, the end of quiet hours, the next retry). */
    sendAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: smallint().notNull().default(0),
    maxAttempts: smallint().notNull().default(5),
    lastError: text(),
    providerMessageId: text(),
    /** The address it went to (masked in lists), kept for the record once sent. */
    sentTo: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A sender has claimed it until then (a crashed sender's claim runs out). */
    lockedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.dedupeKey, t.channel),
    index().on(t.status, t.sendAfter),
    index().on(t.memberId, t.createdAt),
    check("outbound_messages_attempts", sql`attempts >= 0 and attempts <= max_attempts`),
    check("outbound_messages_one_recipient", sql`member_id is null or staff_id is null`),
    index().on(t.staffId, t.createdAt),
  ],
);

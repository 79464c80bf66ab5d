import {
  bigserial,
  boolean,
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
} from "drizzle-orm/pg-core";
import { members } from "./members";
import { staff } from "./staff";
import { stores } from "./stores";

/**
 * What a key may do: a till (`pos`) records sales, looks members up and spends with a member's code;
 * the member app (`member_app`, the mini-program's server) only issues those codes to signed-in members.
 */
export const apiKeyKind = pgEnum("api_key_kind", ["pos", "member_app"]);

/** A point-of-sale system's key: only its SHA-256 is stored; the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    name: text().notNull(),
    kind: apiKeyKind().notNull().default("pos"),
    /** The key's first characters, shown in lists so staff can tell keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull(),
    /** Requests allowed per minute. */
    rateLimitPerMinute: integer().notNull().default(600),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => staff.id),
  },
  (t) => [uniqueIndex().on(t.keyHash), index().on(t.storeId)],
);

/** The first response to each (key, Idempotency-Key), replayed to every retry with the same body. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    responseStatus: smallint().notNull().default(0),
    responseBody: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index().on(t.createdAt)],
);

/**
 * Requests per API key per one-minute window, counted here so that every app instance shares the
 * key's limit (lib/api/rate-limit.ts); a key's earlier windows are deleted when a new one starts.
 */
export const apiRateWindows = pgTable(
  "api_rate_windows",
  {
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.windowStart] })],
);

/**
 * Fixed-window counters for pages and forms that need no sign-in (a customer's tracking link):
 * `bucket` names the limit and the client (e.g. `track:203.0.113.7`).
 */
export const publicRateWindows = pgTable(
  "public_rate_windows",
  {
    bucket: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

/**
 * Proof that a member is at the till: a 6-digit code the member app shows, valid for 2 minutes and
 * once, required to spend points or stored value through the API (lib/members/presence). Only a hash
 * is kept; a new code ends the member's earlier ones, and a few wrong tries end the code.
 */
export const memberPresenceCodes = pgTable(
  "member_presence_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    codeHash: text().notNull(),
    issuedByApiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    usedByApiKeyId: uuid().references(() => apiKeys.id),
    failedAttempts: smallint().notNull().default(0),
  },
  (t) => [index().on(t.memberId, t.createdAt), index().on(t.expiresAt)],
);

/**
 * Every POS member look-up, found or not: the audit per key, and what the per-key and per-member
 * look-up limits count, so that a masked phone cannot be recovered by trying numbers.
 */
export const apiMemberLookups = pgTable(
  "api_member_lookups",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id),
    memberId: uuid().references(() => members.id),
    /** "phone" or "card_no": what the till searched by (never the value itself). */
    lookedUpBy: text().notNull(),
    found: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.apiKeyId, t.createdAt), index().on(t.memberId, t.createdAt), index().on(t.createdAt)],
);

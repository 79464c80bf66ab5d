import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { staff } from "./staff";
import { stores } from "./stores";

/** A point-of-sale system's key: only its SHA-256 is stored; the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    name: text().notNull(),
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

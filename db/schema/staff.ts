import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { staffRole } from "./staff-role";
import { stores } from "./stores";

/** Case-insensitive text (the citext extension): usernames are unique regardless of case. */
export const citext = customType<{ data: string }>({ dataType: () => "citext" });

export { staffRole };
export const staffLocale = pgEnum("staff_locale", ["zh-CN", "en"]);

export const staff = pgTable("staff", {
  id: uuid().primaryKey().defaultRandom(),
  username: citext().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  active: boolean().notNull().default(true),
  /** null: follow the browser's language until the staff member picks one. */
  locale: staffLocale(),
  mustChangePassword: boolean().notNull().default(true),
  /** Head-office staff: every store, present and future (admins always are). */
  allStores: boolean().notNull().default(false),
  /** Where work messages reach the staff member (a complaint breach escalated to a store manager). */
  email: text(),
  mobileE164: text("mobile_e164"),
  /** Bumped on password change, reset and deactivation so that older sessions stop working. */
  authVersion: integer().notNull().default(1),
  lastSignInAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const staffRoles = pgTable(
  "staff_roles",
  {
    staffId: uuid()
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    role: staffRole().notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.role] })],
);

export const staffStores = pgTable(
  "staff_stores",
  {
    staffId: uuid()
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.storeId] }), index().on(t.storeId)],
);

/**
 * Every password check, kept for lockout decisions (lib/auth/sign-in.ts): 5 failures per username
 * from any address, or 20 per address for any usernames, in 15 minutes.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    username: citext().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    attemptedAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index().on(t.username, t.ip, t.attemptedAt), index().on(t.ip, t.attemptedAt)],
);

/**
 * Sessions signed out before their 8 hours were up, named by the JWT's staffId and signedInAt. A
 * session cookie the browser gets back after signing out (a prefetch answered after the sign-out
 * sets it again) is refused. Rows older than a session can live are pruned at each sign-out.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    staffId: uuid()
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    signedInAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.signedInAt] })],
);

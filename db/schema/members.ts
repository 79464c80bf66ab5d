import { sql } from "drizzle-orm";
import {
  boolean,
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
} from "drizzle-orm/pg-core";
import type { ClientelingProfile } from "./member-profile";
import { citext, staff } from "./staff";
import { stores } from "./stores";

export const memberGender = pgEnum("member_gender", ["male", "female", "unknown"]);
export const registrationChannel = pgEnum("registration_channel", ["counter", "app", "mini_program", "import"]);
export const lifecycleStage = pgEnum("lifecycle_stage", ["potential", "new", "regular", "dormant", "lost"]);
export const consentChannel = pgEnum("consent_channel", ["sms", "wechat", "email"]);
export const importantDateKind = pgEnum("important_date_kind", [
  "anniversary",
  "partner_birthday",
  "birthday_of_child",
  "other",
]);

export const members = pgTable(
  "members",
  {
    id: uuid().primaryKey().defaultRandom(),
    homeStoreId: uuid()
      .notNull()
      .references(() => stores.id),
    name: text().notNull(),
    /** Search keys derived from the name (lib/members/search/keys.ts), kept in indexed columns. */
    namePinyin: text().notNull().default(""),
    nameInitials: text().notNull().default(""),
    /** Every character and every pair of adjacent characters of the name: serves 1–2 character fragments that pg_trgm cannot index. */
    nameGrams: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    gender: memberGender().notNull().default("unknown"),
    birthday: date({ mode: "string" }),
    /** E.164 (+86…); null only after erasure. */
    phoneE164: text("phone_e164"),
    phoneLast4: text(),
    email: citext(),
    /** The member's WeChat openid for template messages, from the mini-program; null until known. */
    wechatOpenId: text(),
    address: text(),
    registrationChannel: registrationChannel().notNull().default("counter"),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    advisorId: uuid().references(() => staff.id),
    privacyPolicyVersion: text(),
    profile: jsonb().$type<ClientelingProfile>().notNull().default({}),
    /** Maintained by the loyalty engine; `normal` until a member earns more. */
    tier: text().notNull().default("normal"),
    /** When the member reached the tier in force: its anniversaries are the yearly downgrade evaluations. */
    tierSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A manual grant holds the tier until this date (store time zone), whatever the spend. */
    tierGrantedUntil: date({ mode: "string" }),
    lifecycleStage: lifecycleStage().notNull().default("potential"),
    rfmRecency: smallint(),
    rfmFrequency: smallint(),
    rfmMonetary: smallint(),
    rfmSegment: text(),
    /** Set when a merge folded this member into another; such rows are hidden everywhere. */
    mergedIntoId: uuid(),
    erasedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("members_phone_e164_unique").on(t.phoneE164),
    index("members_phone_last4_idx").on(t.phoneLast4),
    index("members_name_grams_gin").using("gin", t.nameGrams),
    index("members_name_initials_idx").using("btree", t.nameInitials.op("text_pattern_ops")),
    index("members_name_pinyin_trgm").using("gin", t.namePinyin.op("gin_trgm_ops")),
    index("members_home_store_idx").on(t.homeStoreId),
    // Reports that total ledgers per home store read (id, home store) from this index alone, not the wide rows.
    index("members_id_home_store_idx").on(t.id, t.homeStoreId),
    index("members_advisor_idx").on(t.advisorId),
    index("members_name_birthday_idx").on(t.name, t.birthday),
  ],
);

export const memberCards = pgTable(
  "member_cards",
  {
    cardNo: text().primaryKey(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    source: text().notNull().default("issued"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId)],
);

/** Append-only consent history; the latest row per channel is in force. */
export const memberConsents = pgTable(
  "member_consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    channel: consentChannel().notNull(),
    granted: boolean().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    source: text().notNull(),
    recordedBy: uuid().references(() => staff.id),
  },
  (t) => [index().on(t.memberId, t.channel, t.recordedAt)],
);

export const memberTags = pgTable(
  "member_tags",
  {
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    tag: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.tag] }), index().on(t.tag)],
);

export const memberNotes = pgTable(
  "member_notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    authorStaffId: uuid().references(() => staff.id),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId, t.createdAt)],
);

export const memberImportantDates = pgTable(
  "member_important_dates",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    kind: importantDateKind().notNull(),
    label: text(),
    date: date({ mode: "string" }).notNull(),
  },
  (t) => [index().on(t.memberId)],
);

export const memberWishlistItems = pgTable(
  "member_wishlist_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    description: text().notNull(),
    sku: text(),
    priceFen: integer(),
    addedBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId)],
);

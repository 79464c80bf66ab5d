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
} from "drizzle-orm/pg-core";
import type { BusinessHours } from "./business-hours";
import { members } from "./members";
import { salesTransactions } from "./sales";
import { staff } from "./staff";
import { stores } from "./stores";

// ── Setup ─────────────────────────────────────────────────────────────────────────────────────

/** What a member can book (VIP styling, jewelry viewing, custom design…): mall-wide, managed by managers and admins. */
export const appointmentTypes = pgTable("appointment_types", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  durationMin: smallint().notNull(),
  /** Time kept free after the visit (tidying the tray, notes); part of what the advisor and room are booked for. */
  bufferMin: smallint().notNull().default(0),
  /** How long before its start a visit must be booked. */
  noticeMin: integer().notNull().default(0),
  /** The lowest tier that may book it without a manager's override; null = every member. */
  minTier: text(),
  needsRoom: boolean().notNull().default(false),
  /** Bookings of this type one advisor takes per day; null = no cap. */
  dailyCap: smallint(),
  active: boolean().notNull().default(true),
  sortOrder: smallint().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A bookable room of a store (VIP room, viewing room). */
export const rooms = pgTable(
  "rooms",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    name: text().notNull(),
    nameEn: text(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.storeId, t.name)],
);

/** An advisor's weekly working hours at one store (store-local "HH:mm" ranges; split shifts allowed). */
export const advisorHours = pgTable(
  "advisor_hours",
  {
    staffId: uuid()
      .notNull()
      .references(() => staff.id),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    hours: jsonb().$type<BusinessHours>().notNull(),
    updatedBy: uuid().references(() => staff.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.storeId] })],
);

/** An advisor away (leave, training): no visit may touch it. */
export const advisorTimeOff = pgTable(
  "advisor_time_off",
  {
    id: uuid().primaryKey().defaultRandom(),
    staffId: uuid()
      .notNull()
      .references(() => staff.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull().default(""),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.staffId, t.startsAt), check("advisor_time_off_ordered", sql`ends_at > starts_at`)],
);

/** A store closed (holiday, event, renovation): no visit there. */
export const storeClosures = pgTable(
  "store_closures",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull().default(""),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.storeId, t.startsAt), check("store_closures_ordered", sql`ends_at > starts_at`)],
);

// ── Appointments ──────────────────────────────────────────────────────────────────────────────

export const appointmentStatus = pgEnum("appointment_status", [
  "requested",
  "confirmed",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
]);

export const appointmentSource = pgEnum("appointment_source", ["staff", "mini_program"]);

/**
 * A visit: a member, an advisor and optionally a room, from starts_at to ends_at, then the type's
 * buffer until blocked_until. Migration 0013 adds exclusion constraints: no two non-cancelled
 * visits of one advisor, or of one room, have overlapping [starts_at, blocked_until) (touching is fine).
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    typeId: uuid()
      .notNull()
      .references(() => appointmentTypes.id),
    advisorId: uuid()
      .notNull()
      .references(() => staff.id),
    roomId: uuid().references(() => rooms.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** ends_at plus the type's buffer at booking time: the end of what the advisor and room are held for. */
    blockedUntil: timestamp({ withTimezone: true }).notNull(),
    status: appointmentStatus().notNull().default("confirmed"),
    source: appointmentSource().notNull().default("staff"),
    note: text().notNull().default(""),
    /** A manager let a member below the type's tier book it. */
    tierOverrideBy: uuid().references(() => staff.id),
    tierOverrideReason: text(),
    cancelReason: text(),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.storeId, t.startsAt),
    index().on(t.advisorId, t.startsAt),
    index().on(t.memberId, t.startsAt),
    check("appointments_ordered", sql`ends_at > starts_at and blocked_until >= ends_at`),
  ],
);

export const appointmentEventKind = pgEnum("appointment_event_kind", [
  "booked",
  "confirmed",
  "rescheduled",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
]);

/** Every change of an appointment, append-only: who, when, and for a reschedule the time and advisor before and after. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    appointmentId: uuid()
      .notNull()
      .references(() => appointments.id),
    kind: appointmentEventKind().notNull(),
    fromStartsAt: timestamp({ withTimezone: true }),
    toStartsAt: timestamp({ withTimezone: true }),
    fromAdvisorId: uuid().references(() => staff.id),
    toAdvisorId: uuid().references(() => staff.id),
    reason: text(),
    actorStaffId: uuid().references(() => staff.id),
    actorLabel: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.appointmentId, t.id)],
);

/** The advisor's picks for the visit (the viewing tray). */
export const appointmentPicks = pgTable(
  "appointment_picks",
  {
    id: uuid().primaryKey().defaultRandom(),
    appointmentId: uuid()
      .notNull()
      .references(() => appointments.id),
    sku: text().notNull(),
    name: text().notNull(),
    priceFen: bigint({ mode: "number" }),
    note: text().notNull().default(""),
    addedBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.appointmentId)],
);

/** Purchases made at a completed visit: the advisor-influenced sales. */
export const appointmentPurchases = pgTable(
  "appointment_purchases",
  {
    appointmentId: uuid()
      .notNull()
      .references(() => appointments.id),
    transactionId: uuid()
      .notNull()
      .references(() => salesTransactions.id),
    linkedBy: uuid().references(() => staff.id),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appointmentId, t.transactionId] }), uniqueIndex().on(t.transactionId)],
);

export const waitlistStatus = pgEnum("waitlist_status", ["waiting", "offered", "booked", "cancelled"]);

/** A member waiting for a full day: when a slot frees, the first waiting entry is offered it. */
export const appointmentWaitlist = pgTable(
  "appointment_waitlist",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    typeId: uuid()
      .notNull()
      .references(() => appointmentTypes.id),
    /** Null: any advisor. */
    advisorId: uuid().references(() => staff.id),
    /** The store-local day wanted. */
    day: date({ mode: "string" }).notNull(),
    status: waitlistStatus().notNull().default("waiting"),
    offeredStartsAt: timestamp({ withTimezone: true }),
    offeredAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.storeId, t.day, t.status, t.createdAt)],
);

// ── Tasks and the contact log ─────────────────────────────────────────────────────────────────

export const clientelingTaskKind = pgEnum("clienteling_task_kind", [
  "care_call", // 7 days after a purchase of ¥5,000 or more
  "visit_follow_up", // after a completed visit
  "important_date", // 14 days before a member's important date
  "dormant_callback", // a client who turned dormant
  "waitlist_offer", // a freed slot to offer to a waiting member
]);
export const clientelingTaskStatus = pgEnum("clienteling_task_status", ["open", "done", "skipped"]);

/**
 * An advisor's to-do about one client. `source_key` names what created it (the purchase, the
 * visit, the date of a year) and is unique, so a job that runs twice creates a task once.
 */
export const clientelingTasks = pgTable(
  "clienteling_tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    assigneeId: uuid().references(() => staff.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    kind: clientelingTaskKind().notNull(),
    sourceKey: text().notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    status: clientelingTaskStatus().notNull().default("open"),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    skipReason: text(),
    contactId: uuid(),
    closedBy: uuid().references(() => staff.id),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.sourceKey),
    index().on(t.assigneeId, t.status, t.dueOn),
    index().on(t.storeId, t.status, t.dueOn),
    index().on(t.memberId),
    check("clienteling_tasks_closed", sql`status = 'open' or closed_at is not null`),
  ],
);

export const contactChannel = pgEnum("contact_channel", ["phone", "wechat", "sms", "email", "in_person"]);
export const contactOutcome = pgEnum("contact_outcome", [
  "reached",
  "no_answer",
  "left_message",
  "call_back_later",
  "declined",
  "wrong_number",
]);

/** Every contact with a client (calls, WeChat, visits), shown on the 360° view. */
export const memberContacts = pgTable(
  "member_contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    staffId: uuid()
      .notNull()
      .references(() => staff.id),
    channel: contactChannel().notNull(),
    outcome: contactOutcome().notNull(),
    note: text().notNull().default(""),
    /** For a lost client: the reason they gave. */
    lostReason: text(),
    taskId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId, t.occurredAt), index().on(t.staffId, t.occurredAt)],
);

// ── VIP events ────────────────────────────────────────────────────────────────────────────────

export const vipEventKind = pgEnum("vip_event_kind", ["tasting", "auction_preview", "private_event"]);
export const vipEventStatus = pgEnum("vip_event_status", ["draft", "open", "closed", "cancelled"]);

/**
 * A tasting (品鉴会), auction preview or private event with a capacity. Invitations open by tier:
 * diamond members from `invite_diamond_from`, gold from `invite_gold_from`, silver from `invite_silver_from`.
 */
export const vipEvents = pgTable(
  "vip_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    kind: vipEventKind().notNull(),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    inviteDiamondFrom: timestamp({ withTimezone: true }).notNull(),
    inviteGoldFrom: timestamp({ withTimezone: true }),
    inviteSilverFrom: timestamp({ withTimezone: true }),
    status: vipEventStatus().notNull().default("draft"),
    createdBy: uuid().references(() => staff.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.storeId, t.startsAt),
    check("vip_events_capacity", sql`capacity > 0`),
    check("vip_events_ordered", sql`ends_at > starts_at`),
  ],
);

export const rsvpStatus = pgEnum("vip_event_rsvp_status", ["invited", "accepted", "declined", "waitlisted"]);

/** A member's place at an event; `seat` is set for accepted members and unique per event, so capacity holds under races. */
export const vipEventRsvps = pgTable(
  "vip_event_rsvps",
  {
    eventId: uuid()
      .notNull()
      .references(() => vipEvents.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    status: rsvpStatus().notNull().default("invited"),
    seat: integer(),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp({ withTimezone: true }),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedInBy: uuid().references(() => staff.id),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.memberId] }),
    uniqueIndex().on(t.eventId, t.seat),
    index().on(t.memberId),
    check("vip_event_rsvps_seat", sql`(status = 'accepted') = (seat is not null)`),
  ],
);

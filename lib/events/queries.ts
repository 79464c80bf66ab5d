import { and, asc, count, desc, eq, gte, ilike, isNotNull, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { members, staff, stores, vipEventRsvps, vipEvents } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams, listText } from "@/lib/list-params";
import { normalizeCardNo } from "@/lib/members/card-number";
import { maskName, seesUnmasked } from "@/lib/members/masking";
import { membersInScope } from "@/lib/members/scope";
import { containsPattern, escapeLike } from "@/lib/sql-like";
import { CHECK_IN_SEARCH_LIMIT, EVENT_STATUSES, RSVP_STATUSES, type RsvpStatus } from "./schemas";

/** VIP events' reads (docs/domain.md#vip-events); store scope is in every WHERE. */

// Correlated subqueries name the outer table explicitly: drizzle leaves single-table columns unqualified.
const EVENT_ID = sql.raw(`"vip_events"."id"`);

function rsvpCount(condition: SQL) {
  return sql<number>`(select count(*) from vip_event_rsvps r where r.event_id = ${EVENT_ID} and ${condition})::int`.mapWith(
    Number,
  );
}

const COUNTS = {
  invited: rsvpCount(sql`true`),
  accepted: rsvpCount(sql`r.status = 'accepted'`),
  waitlisted: rsvpCount(sql`r.status = 'waitlisted'`),
  declined: rsvpCount(sql`r.status = 'declined'`),
  checkedIn: rsvpCount(sql`r.checked_in_at is not null`),
};

const EVENT_COLUMNS = {
  id: vipEvents.id,
  storeId: vipEvents.storeId,
  kind: vipEvents.kind,
  titleZh: vipEvents.titleZh,
  titleEn: vipEvents.titleEn,
  startsAt: vipEvents.startsAt,
  endsAt: vipEvents.endsAt,
  capacity: vipEvents.capacity,
  status: vipEvents.status,
  storeName: stores.name,
  storeNameEn: stores.nameEn,
  timeZone: stores.timeZone,
};

// ── The list ──────────────────────────────────────────────────────────────────────────────────

export const eventListParamsSchema = z.object({
  /** Upcoming: not ended yet, soonest first; past: ended, latest first. */
  when: z.enum(["upcoming", "past"]).default("upcoming").catch("upcoming"),
  store: z.uuid().optional().catch(undefined),
  status: z.enum(EVENT_STATUSES).optional().catch(undefined),
  q: listText(64),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type EventListParams = z.output<typeof eventListParamsSchema>;

export type EventListRow = {
  id: string;
  storeId: string;
  kind: (typeof vipEvents.$inferSelect)["kind"];
  titleZh: string;
  titleEn: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  status: (typeof vipEvents.$inferSelect)["status"];
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  accepted: number;
  waitlisted: number;
  checkedIn: number;
};

export async function listEvents(
  db: Db,
  scope: StoreScope,
  params: EventListParams,
  now: Date = new Date(),
): Promise<{ rows: EventListRow[]; total: number }> {
  const upcoming = params.when === "upcoming";
  const conditions: (SQL | undefined)[] = [
    storeFilter(vipEvents.storeId, scope),
    upcoming ? gte(vipEvents.endsAt, now) : lt(vipEvents.endsAt, now),
  ];
  if (params.store) conditions.push(eq(vipEvents.storeId, params.store));
  if (params.status) conditions.push(eq(vipEvents.status, params.status));
  if (params.q) {
    const pattern = containsPattern(params.q);
    conditions.push(or(ilike(vipEvents.titleZh, pattern), ilike(vipEvents.titleEn, pattern)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...EVENT_COLUMNS,
        accepted: COUNTS.accepted,
        waitlisted: COUNTS.waitlisted,
        checkedIn: COUNTS.checkedIn,
      })
      .from(vipEvents)
      .innerJoin(stores, eq(stores.id, vipEvents.storeId))
      .where(where)
      .orderBy(upcoming ? asc(vipEvents.startsAt) : desc(vipEvents.startsAt), asc(vipEvents.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(vipEvents).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

// ── One event ─────────────────────────────────────────────────────────────────────────────────

export type EventDetail = Omit<EventListRow, "accepted" | "waitlisted" | "checkedIn"> & {
  inviteDiamondFrom: Date;
  inviteGoldFrom: Date | null;
  inviteSilverFrom: Date | null;
  createdAt: Date;
  counts: { invited: number; accepted: number; waitlisted: number; declined: number; checkedIn: number };
};

/** One event of the staff member's stores with its counters; null when unknown or another store's. */
export async function getEvent(db: Db, scope: StoreScope, id: string): Promise<EventDetail | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({
      ...EVENT_COLUMNS,
      inviteDiamondFrom: vipEvents.inviteDiamondFrom,
      inviteGoldFrom: vipEvents.inviteGoldFrom,
      inviteSilverFrom: vipEvents.inviteSilverFrom,
      createdAt: vipEvents.createdAt,
      ...COUNTS,
    })
    .from(vipEvents)
    .innerJoin(stores, eq(stores.id, vipEvents.storeId))
    .where(and(eq(vipEvents.id, id), storeFilter(vipEvents.storeId, scope)));
  if (!row) return null;
  const { invited, accepted, waitlisted, declined, checkedIn, ...event } = row;
  return { ...event, counts: { invited, accepted, waitlisted, declined, checkedIn } };
}

/** The store an event belongs to, for the use cases' scope check; an unknown event is not found. */
export async function eventStoreIdOrThrow(db: Db, id: string): Promise<string> {
  const [row] = await db.select({ storeId: vipEvents.storeId }).from(vipEvents).where(eq(vipEvents.id, id));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

// ── Guests ────────────────────────────────────────────────────────────────────────────────────

/**
 * What the door types to find a guest: the last 4 digits of the phone, the whole mobile number, a
 * member card number, part of the name (characters or pinyin), or the masked name as the list shows
 * it ("张*华": each * one character).
 */
function guestMatches(raw: string): SQL {
  const text = raw.normalize("NFKC").trim();
  const digits = text.replace(/[\s-]/g, "");
  const conditions: SQL[] = [
    sql`exists (select 1 from member_cards c where c.member_id = ${members.id} and c.card_no = ${normalizeCardNo(text)})`,
  ];
  if (/^\d{4}$/.test(digits)) conditions.push(eq(members.phoneLast4, digits));
  if (/^1[3-9]\d{9}$/.test(digits)) conditions.push(eq(members.phoneE164, `+86${digits}`));
  if (!/^\d+$/.test(digits)) {
    if (text.includes("*")) {
      conditions.push(like(members.name, text.split("*").map(escapeLike).join("_")));
    } else {
      conditions.push(ilike(members.name, containsPattern(text)));
      const latin = text.toLowerCase().replace(/\s+/g, "");
      if (/^[a-z]+$/.test(latin)) {
        conditions.push(like(members.namePinyin, containsPattern(latin)), like(members.nameInitials, `${latin}%`));
      }
    }
  }
  return or(...conditions)!;
}

export const guestListParamsSchema = z.object({
  status: z.enum(RSVP_STATUSES).optional().catch(undefined),
  checkedIn: z.enum(["yes", "no"]).optional().catch(undefined),
  q: listText(64),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type GuestListParams = z.output<typeof guestListParamsSchema>;

export type GuestRow = {
  memberId: string;
  /** Masked unless the reader is this member's advisor. */
  name: string;
  masked: boolean;
  phoneLast4: string | null;
  tier: string;
  status: RsvpStatus;
  seat: number | null;
  invitedAt: Date;
  respondedAt: Date | null;
  checkedInAt: Date | null;
  checkedInByName: string | null;
};

const checkedInBy = alias(staff, "checked_in_by");

function guestColumns() {
  return {
    memberId: vipEventRsvps.memberId,
    name: members.name,
    advisorId: members.advisorId,
    phoneLast4: members.phoneLast4,
    tier: members.tier,
    status: vipEventRsvps.status,
    seat: vipEventRsvps.seat,
    invitedAt: vipEventRsvps.invitedAt,
    respondedAt: vipEventRsvps.respondedAt,
    checkedInAt: vipEventRsvps.checkedInAt,
    checkedInByName: checkedInBy.displayName,
  };
}

function toGuestRow(
  reader: StaffPrincipal,
  row: { name: string; advisorId: string | null } & Omit<GuestRow, "masked">,
) {
  const { advisorId, ...rest } = row;
  const unmasked = seesUnmasked(reader, { advisorId });
  return { ...rest, name: unmasked ? row.name : maskName(row.name), masked: !unmasked };
}

/** Scope of a guest query: the event is one of the reader's stores' (else no rows). */
function eventInScope(reader: StaffPrincipal, eventId: string): SQL {
  return sql`exists (select 1 from vip_events e where e.id = ${eventId} and ${storeFilter(sql`e.store_id`, storeScopeOf(reader))})`;
}

/** Seated guests first (by seat), then the waitlist in its order, then invitations and declines. */
const GUEST_ORDER = [
  sql`case ${vipEventRsvps.status} when 'accepted' then 0 when 'waitlisted' then 1 when 'invited' then 2 else 3 end`,
  asc(vipEventRsvps.seat),
  sql`${vipEventRsvps.respondedAt} asc nulls last`,
  asc(vipEventRsvps.invitedAt),
  asc(vipEventRsvps.memberId),
];

/** An event's guest list, a page at a time, with filters; names masked (docs/domain.md#masking-and-reveal). */
export async function listEventGuests(
  db: Db,
  reader: StaffPrincipal,
  eventId: string,
  params: GuestListParams,
): Promise<{ rows: GuestRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eq(vipEventRsvps.eventId, eventId), eventInScope(reader, eventId)];
  if (params.status) conditions.push(eq(vipEventRsvps.status, params.status));
  if (params.checkedIn === "yes") conditions.push(isNotNull(vipEventRsvps.checkedInAt));
  if (params.checkedIn === "no") conditions.push(isNull(vipEventRsvps.checkedInAt));
  if (params.q) conditions.push(guestMatches(params.q));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select(guestColumns())
      .from(vipEventRsvps)
      .innerJoin(members, eq(members.id, vipEventRsvps.memberId))
      .leftJoin(checkedInBy, eq(checkedInBy.id, vipEventRsvps.checkedInBy))
      .where(where)
      .orderBy(...GUEST_ORDER)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(vipEventRsvps)
      .innerJoin(members, eq(members.id, vipEventRsvps.memberId))
      .where(where),
  ]);
  return { rows: rows.map((row) => toGuestRow(reader, row)), total: total?.value ?? 0 };
}

/**
 * The check-in screen's search: accepted guests of the event matching what the door typed (at most
 * CHECK_IN_SEARCH_LIMIT, not yet arrived first). Nothing for an empty search.
 */
export async function searchCheckInGuests(
  db: Db,
  reader: StaffPrincipal,
  eventId: string,
  query: string | undefined,
): Promise<GuestRow[]> {
  if (!query?.trim()) return [];
  const rows = await db
    .select(guestColumns())
    .from(vipEventRsvps)
    .innerJoin(members, eq(members.id, vipEventRsvps.memberId))
    .leftJoin(checkedInBy, eq(checkedInBy.id, vipEventRsvps.checkedInBy))
    .where(
      and(
        eq(vipEventRsvps.eventId, eventId),
        eventInScope(reader, eventId),
        eq(vipEventRsvps.status, "accepted"),
        guestMatches(query),
      ),
    )
    .orderBy(sql`${vipEventRsvps.checkedInAt} is not null`, asc(vipEventRsvps.seat))
    .limit(CHECK_IN_SEARCH_LIMIT);
  return rows.map((row) => toGuestRow(reader, row));
}

// ── The 360° view ─────────────────────────────────────────────────────────────────────────────

export const MEMBER_EVENT_ATTENDANCE_LIMIT = 50;

export type MemberEventAttendanceRow = {
  eventId: string;
  kind: (typeof vipEvents.$inferSelect)["kind"];
  titleZh: string;
  titleEn: string;
  startsAt: Date;
  eventStatus: (typeof vipEvents.$inferSelect)["status"];
  timeZone: string;
  storeName: string;
  storeNameEn: string | null;
  status: RsvpStatus;
  seat: number | null;
  invitedAt: Date;
  respondedAt: Date | null;
  checkedInAt: Date | null;
};

/**
 * A member's VIP events for the 360° view, latest first (at most MEMBER_EVENT_ATTENDANCE_LIMIT):
 * invitation, answer, seat and whether they came. Empty when the member is outside the reader's stores.
 */
export async function listMemberEventAttendance(
  db: Db,
  reader: StaffPrincipal,
  memberId: string,
): Promise<MemberEventAttendanceRow[]> {
  if (!z.uuid().safeParse(memberId).success) return [];
  return db
    .select({
      eventId: vipEvents.id,
      kind: vipEvents.kind,
      titleZh: vipEvents.titleZh,
      titleEn: vipEvents.titleEn,
      startsAt: vipEvents.startsAt,
      eventStatus: vipEvents.status,
      timeZone: stores.timeZone,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      status: vipEventRsvps.status,
      seat: vipEventRsvps.seat,
      invitedAt: vipEventRsvps.invitedAt,
      respondedAt: vipEventRsvps.respondedAt,
      checkedInAt: vipEventRsvps.checkedInAt,
    })
    .from(vipEventRsvps)
    .innerJoin(members, eq(members.id, vipEventRsvps.memberId))
    .innerJoin(vipEvents, eq(vipEvents.id, vipEventRsvps.eventId))
    .innerJoin(stores, eq(stores.id, vipEvents.storeId))
    .where(and(eq(vipEventRsvps.memberId, memberId), membersInScope(reader)))
    .orderBy(desc(vipEvents.startsAt), asc(vipEvents.id))
    .limit(MEMBER_EVENT_ATTENDANCE_LIMIT);
}

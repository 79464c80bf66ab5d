import { and, asc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, stores, vipEventRsvps, vipEvents } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import { enqueueMessage } from "@/lib/messaging/service";
import { localDate, startOfLocalDay } from "@/lib/time";
import {
  canUndoCheckIn,
  invitationOpensAt,
  localDateTimeToInstant,
  tiersInvitedAt,
  type createEventSchema,
  type EventRefusal,
  type recordRsvpSchema,
  type RsvpStatus,
  type updateEventSchema,
} from "./schemas";

/**
 * VIP events' writes (docs/domain.md#vip-events), each in the caller's transaction and audited.
 * Every write about one event's guests first locks the event row (SELECT … FOR UPDATE), so accepts,
 * declines, promotions and capacity changes of one event run one at a time and a seat count is
 * never stale; the unique (event_id, seat) index and the CHECK that a seat is set iff accepted are
 * the database's backstop. Audit details hold ids and counts, never a member's personal data.
 */

type EventRow = typeof vipEvents.$inferSelect;

/** A well-formed write the event's state refuses; the screens translate `events.refusals.<reason>`. */
export function eventRefusal(reason: EventRefusal, detail: string): AppError {
  return new AppError("conflict", { detail, fieldErrors: { event: [reason] } });
}

async function lockEvent(db: Db, id: string): Promise<EventRow> {
  const [row] = await db.select().from(vipEvents).where(eq(vipEvents.id, id)).for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

async function storeOf(db: Db, storeId: string) {
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, storeId));
  return store ?? null;
}

// ── Messages ──────────────────────────────────────────────────────────────────────────────────

type EventMessage =
  | { templateCode: "event_invitation"; memberId: string; event: EventRow; now: Date }
  | { templateCode: "event_rsvp_confirmed"; memberId: string; event: EventRow; now: Date; seat: number };

/**
 * The one place VIP events queue a member message, in the caller's transaction (lib/messaging:
 * a row per channel, skipped where the member has no consent or address, sent outside the store's
 * quiet hours; the member's and store's names are read when it is sent). The dedupe key makes a
 * replay (a second job run, a double click) queue nothing more: one invitation and one
 * confirmation per member and event.
 */
async function queueEventMessage(db: Db, message: EventMessage): Promise<void> {
  const { event, memberId } = message;
  const common = {
    memberId,
    storeId: event.storeId,
    dedupeKey: `${message.templateCode}:${event.id}:${memberId}`,
    now: message.now,
  };
  const about = { startsAt: event.startsAt.toISOString(), eventTitleZh: event.titleZh, eventTitleEn: event.titleEn };
  if (message.templateCode === "event_invitation") {
    await enqueueMessage(db, { ...common, templateCode: "event_invitation", params: about });
  } else {
    await enqueueMessage(db, {
      ...common,
      templateCode: "event_rsvp_confirmed",
      params: { ...about, seat: message.seat },
    });
  }
}

// ── Managing events ───────────────────────────────────────────────────────────────────────────

type EventTimesInput = {
  startsAt: string;
  endsAt: string;
  inviteDiamondFrom: string;
  inviteGoldFrom: string;
  inviteSilverFrom: string;
};

/** The form's store-local times as instants in the store's zone ("" = that tier not invited). */
function eventInstants(input: EventTimesInput, timeZone: string) {
  const at = (value: string) => (value === "" ? null : localDateTimeToInstant(value, timeZone));
  return {
    startsAt: at(input.startsAt)!,
    endsAt: at(input.endsAt)!,
    inviteDiamondFrom: at(input.inviteDiamondFrom)!,
    inviteGoldFrom: at(input.inviteGoldFrom),
    inviteSilverFrom: at(input.inviteSilverFrom),
  };
}

/** The schema compares store-local text; a daylight-saving fold can still reorder instants, so check those too. */
function checkInstants(times: ReturnType<typeof eventInstants>, now: Date) {
  const fieldErrors: Record<string, string[]> = {};
  if (times.startsAt.getTime() <= now.getTime()) fieldErrors.startsAt = ["startInPast"];
  if (times.endsAt.getTime() <= times.startsAt.getTime()) fieldErrors.endsAt = ["endsBeforeStart"];
  if (times.inviteDiamondFrom.getTime() >= times.startsAt.getTime())
    fieldErrors.inviteDiamondFrom = ["invitationAfterStart"];
  if (times.inviteGoldFrom && times.inviteGoldFrom.getTime() < times.inviteDiamondFrom.getTime())
    fieldErrors.inviteGoldFrom = ["goldBeforeDiamond"];
  if (
    times.inviteSilverFrom &&
    times.inviteGoldFrom &&
    times.inviteSilverFrom.getTime() < times.inviteGoldFrom.getTime()
  )
    fieldErrors.inviteSilverFrom = ["silverBeforeGold"];
  if (Object.keys(fieldErrors).length > 0) throw new AppError("validation", { fieldErrors });
}

export async function createEvent(
  db: Db,
  actor: Actor,
  input: z.output<typeof createEventSchema>,
  now: Date = new Date(),
): Promise<{ id: string }> {
  const store = await storeOf(db, input.storeId);
  if (!store) throw new AppError("validation", { fieldErrors: { storeId: ["unknownStore"] } });
  const times = eventInstants(input, store.timeZone);
  checkInstants(times, now);
  const [created] = await db
    .insert(vipEvents)
    .values({
      storeId: input.storeId,
      kind: input.kind,
      titleZh: input.titleZh,
      titleEn: input.titleEn,
      capacity: input.capacity,
      ...times,
      status: "draft",
      createdBy: actor.staffId,
    })
    .returning({ id: vipEvents.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.create",
    entityType: "vip_event",
    entityId: created!.id,
    storeId: input.storeId,
    details: { kind: input.kind, capacity: input.capacity, startsAt: times.startsAt.toISOString() },
  });
  return { id: created!.id };
}

/**
 * Edits a draft or open event before it starts. Capacity may not go below the members already
 * accepted; a larger capacity seats the waitlist at once, and seats above a smaller one move down
 * to free seats. Invitations already sent stay; new windows apply from the next invitation run.
 */
export async function updateEvent(
  db: Db,
  actor: Actor,
  input: z.output<typeof updateEventSchema>,
  now: Date = new Date(),
): Promise<{ id: string; changed: boolean; promoted: number }> {
  const before = await lockEvent(db, input.id);
  if (before.status !== "draft" && before.status !== "open") {
    throw eventRefusal("notEditable", `The event is ${before.status}; it can no longer be edited.`);
  }
  if (before.startsAt.getTime() <= now.getTime()) throw eventRefusal("started", "The event has already started.");
  const store = (await storeOf(db, before.storeId))!;
  const times = eventInstants(input, store.timeZone);
  checkInstants(times, now);
  const accepted = await acceptedCount(db, before.id);
  if (input.capacity < accepted) {
    throw new AppError("validation", { fieldErrors: { capacity: ["capacityBelowAccepted"] } });
  }

  const next = { kind: input.kind, titleZh: input.titleZh, titleEn: input.titleEn, capacity: input.capacity, ...times };
  const changes: string[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    const a = before[field];
    const b = next[field];
    const same = a instanceof Date || b instanceof Date ? a?.valueOf() === b?.valueOf() : a === b;
    if (!same) changes.push(field);
  }
  if (changes.length === 0) return { id: input.id, changed: false, promoted: 0 };

  await db.update(vipEvents).set(next).where(eq(vipEvents.id, input.id));
  const event = { ...before, ...next };
  if (input.capacity < before.capacity) await moveSeatsWithinCapacity(db, event);
  const promoted = input.capacity > before.capacity ? await promoteFromWaitlist(db, event, now) : [];
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.update",
    entityType: "vip_event",
    entityId: input.id,
    storeId: before.storeId,
    details: { changes, capacity: { from: before.capacity, to: input.capacity }, promoted: promoted.length },
  });
  return { id: input.id, changed: true, promoted: promoted.length };
}

/** Draft → open; then invites at once the tiers whose window has already opened. */
export async function openEvent(
  db: Db,
  actor: Actor,
  id: string,
  now: Date = new Date(),
): Promise<{ invited: number }> {
  const event = await lockEvent(db, id);
  if (event.status !== "draft") throw eventRefusal("notDraft", `The event is ${event.status}, not a draft.`);
  if (event.startsAt.getTime() <= now.getTime()) throw eventRefusal("started", "The event has already started.");
  await db.update(vipEvents).set({ status: "open" }).where(eq(vipEvents.id, id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.open",
    entityType: "vip_event",
    entityId: id,
    storeId: event.storeId,
  });
  return inviteEligibleMembers(db, id, now);
}

/**
 * Open → closed: no more invitations or acceptances; declines are still recorded (a freed seat
 * still goes to the waitlist) and the door still checks guests in.
 */
export async function closeEvent(db: Db, actor: Actor, id: string): Promise<{ changed: boolean }> {
  const event = await lockEvent(db, id);
  if (event.status === "closed") return { changed: false };
  if (event.status !== "open") throw eventRefusal("notOpen", `The event is ${event.status}, not open.`);
  await db.update(vipEvents).set({ status: "closed" }).where(eq(vipEvents.id, id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.close",
    entityType: "vip_event",
    entityId: id,
    storeId: event.storeId,
  });
  return { changed: true };
}

/**
 * Cancels an event that has not ended. The RSVPs stay as they were, for the record; nothing is sent
 * here to the members who accepted: staff tell them (docs/domain.md#vip-events).
 */
export async function cancelEvent(
  db: Db,
  actor: Actor,
  id: string,
  now: Date = new Date(),
): Promise<{ changed: boolean; accepted: number }> {
  const event = await lockEvent(db, id);
  if (event.status === "cancelled") return { changed: false, accepted: 0 };
  if (event.endsAt.getTime() <= now.getTime()) throw eventRefusal("over", "The event is over.");
  await db.update(vipEvents).set({ status: "cancelled" }).where(eq(vipEvents.id, id));
  const accepted = await acceptedCount(db, id);
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.cancel",
    entityType: "vip_event",
    entityId: id,
    storeId: event.storeId,
    details: { previousStatus: event.status, accepted },
  });
  return { changed: true, accepted };
}

// ── Invitations ───────────────────────────────────────────────────────────────────────────────

/**
 * Invites the members of the event's store (home store; not merged, not erased) whose tier's window
 * has opened at `now` and who have no RSVP row yet: an `invited` row each and an `event_invitation`
 * message. Idempotent: the primary key (event, member) makes a second run insert nothing, and only
 * the rows this run inserted get a message. Only open events that have not started invite; for
 * others it does nothing (`skipped` says why).
 */
export async function inviteEligibleMembers(
  db: Db,
  eventId: string,
  now: Date = new Date(),
): Promise<{ invited: number; skipped?: "not_open" | "started" }> {
  // A shared lock: a cancel or close waits for this run, simultaneous runs do not wait for each other.
  const [event] = await db.select().from(vipEvents).where(eq(vipEvents.id, eventId)).for("share");
  if (!event) throw new AppError("not_found");
  if (event.status !== "open") return { invited: 0, skipped: "not_open" };
  if (event.startsAt.getTime() <= now.getTime()) return { invited: 0, skipped: "started" };
  const tiers = tiersInvitedAt(event, now);
  if (tiers.length === 0) return { invited: 0 };
  const inserted = rowsOf<{ member_id: string }>(
    await db.execute(sql`
      insert into vip_event_rsvps (event_id, member_id, status, invited_at)
      select ${event.id}::uuid, m.id, 'invited', ${now.toISOString()}::timestamptz
        from members m
       where m.home_store_id = ${event.storeId}
         and m.merged_into_id is null
         and m.erased_at is null
         and m.tier in (${sql.join(
           tiers.map((tier) => sql`${tier}`),
           sql`, `,
         )})
      on conflict do nothing
      returning member_id`),
  );
  for (const row of inserted) {
    await queueEventMessage(db, { templateCode: "event_invitation", memberId: row.member_id, event, now });
  }
  return { invited: inserted.length };
}

/** The `event-invitations` job: every open event not started yet whose first window has opened. */
export async function inviteForOpenEvents(
  db: Db,
  now: Date = new Date(),
): Promise<{ events: number; invited: number }> {
  const open = await db
    .select({ id: vipEvents.id })
    .from(vipEvents)
    .where(and(eq(vipEvents.status, "open"), gt(vipEvents.startsAt, now), lte(vipEvents.inviteDiamondFrom, now)))
    .orderBy(asc(vipEvents.startsAt));
  let invited = 0;
  for (const event of open) invited += (await inviteEligibleMembers(db, event.id, now)).invited;
  return { events: open.length, invited };
}

/** "Send invitations now" from the event page: like the job for one event, refused when it cannot invite. */
export async function inviteNow(
  db: Db,
  actor: Actor,
  eventId: string,
  now: Date = new Date(),
): Promise<{ invited: number }> {
  const result = await inviteEligibleMembers(db, eventId, now);
  if (result.skipped === "not_open") throw eventRefusal("notOpen", "Only an open event sends invitations.");
  if (result.skipped === "started") throw eventRefusal("started", "The event has already started.");
  const [event] = await db.select({ storeId: vipEvents.storeId }).from(vipEvents).where(eq(vipEvents.id, eventId));
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.invite",
    entityType: "vip_event",
    entityId: eventId,
    storeId: event?.storeId ?? null,
    details: { invited: result.invited },
  });
  return { invited: result.invited };
}

// ── Seats ─────────────────────────────────────────────────────────────────────────────────────

async function acceptedCount(db: Db, eventId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from vip_event_rsvps where event_id = ${eventId} and status = 'accepted'`,
    ),
  );
  return Number(row?.n ?? 0);
}

/** The lowest seat 1…capacity nobody holds, or null when the event is full. Call with the event locked. */
async function freeSeat(db: Db, event: Pick<EventRow, "id" | "capacity">): Promise<number | null> {
  const [row] = rowsOf<{ seat: number }>(
    await db.execute(sql`
      select s.seat::int as seat
        from generate_series(1, ${event.capacity}::int) as s(seat)
       where not exists (select 1 from vip_event_rsvps r where r.event_id = ${event.id} and r.seat = s.seat)
       order by s.seat
       limit 1`),
  );
  return row ? Number(row.seat) : null;
}

/** After a smaller capacity: guests seated above it move to the lowest free seats (there are enough). */
async function moveSeatsWithinCapacity(db: Db, event: Pick<EventRow, "id" | "capacity">) {
  const above = await db
    .select({ memberId: vipEventRsvps.memberId })
    .from(vipEventRsvps)
    .where(and(eq(vipEventRsvps.eventId, event.id), gt(vipEventRsvps.seat, event.capacity)))
    .orderBy(asc(vipEventRsvps.seat));
  for (const guest of above) {
    const seat = await freeSeat(db, event);
    await db
      .update(vipEventRsvps)
      .set({ seat })
      .where(and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.memberId, guest.memberId)));
  }
}

/**
 * Seats waitlisted members while seats are free, first come first served (when they answered, then
 * when they were invited), each with an `event_rsvp_confirmed` message. Call with the event locked.
 */
async function promoteFromWaitlist(db: Db, event: EventRow, now: Date): Promise<{ memberId: string; seat: number }[]> {
  const promoted: { memberId: string; seat: number }[] = [];
  for (;;) {
    const seat = await freeSeat(db, event);
    if (seat === null) break;
    const [next] = await db
      .select({ memberId: vipEventRsvps.memberId })
      .from(vipEventRsvps)
      .where(and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.status, "waitlisted")))
      .orderBy(
        sql`${vipEventRsvps.respondedAt} asc nulls last`,
        asc(vipEventRsvps.invitedAt),
        asc(vipEventRsvps.memberId),
      )
      .limit(1);
    if (!next) break;
    await db
      .update(vipEventRsvps)
      .set({ status: "accepted", seat })
      .where(and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.memberId, next.memberId)));
    await queueEventMessage(db, { templateCode: "event_rsvp_confirmed", memberId: next.memberId, event, now, seat });
    promoted.push({ memberId: next.memberId, seat });
  }
  return promoted;
}

// ── RSVPs ─────────────────────────────────────────────────────────────────────────────────────

export type RsvpOutcome = {
  status: RsvpStatus;
  seat: number | null;
  changed: boolean;
  /** Waitlisted members seated by this decline. */
  promoted: number;
};

/**
 * Records a member's answer, taken by staff on the member's behalf (or, later, by an API).
 *
 * - Only while the event is open and has not started; a decline is still taken once it is closed.
 * - The member must belong to the event's store. A member with no invitation yet may answer only
 *   once their tier's window has opened (a silver member before the silver window is refused); an
 *   invitation already sent stands whatever the member's tier has become since.
 * - Accept: the lowest free seat when there is one (and an `event_rsvp_confirmed` message), else
 *   the waitlist. Decline: a held seat is freed and goes at once to the first waitlisted member.
 */
export async function recordRsvp(
  db: Db,
  actor: Actor,
  input: z.output<typeof recordRsvpSchema>,
  now: Date = new Date(),
): Promise<RsvpOutcome> {
  // The event row serialises every seat change of this event: the count below cannot be stale.
  const event = await lockEvent(db, input.eventId);
  const accepting = input.answer === "accept";
  if (!(event.status === "open" || (!accepting && event.status === "closed"))) {
    throw eventRefusal("notOpen", `The event is ${event.status}; it takes no ${input.answer} now.`);
  }
  if (event.startsAt.getTime() <= now.getTime()) throw eventRefusal("started", "The event has already started.");

  const [member] = await db
    .select({ id: members.id, tier: members.tier, erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, input.memberId), eq(members.homeStoreId, event.storeId), isNull(members.mergedIntoId)));
  if (!member) throw new AppError("not_found");
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });

  const where = and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.memberId, member.id));
  let [rsvp] = await db.select().from(vipEventRsvps).where(where).for("update");
  if (!rsvp) {
    const opensAt = invitationOpensAt(event, member.tier);
    if (!opensAt) throw eventRefusal("tierNotInvited", `Members of tier ${member.tier} are not invited to this event.`);
    if (opensAt.getTime() > now.getTime()) {
      throw eventRefusal(
        "windowNotOpen",
        `Invitations for tier ${member.tier} open at ${opensAt.toISOString()}; the member cannot answer before.`,
      );
    }
    [rsvp] = await db
      .insert(vipEventRsvps)
      .values({ eventId: event.id, memberId: member.id, status: "invited", invitedAt: now })
      .returning();
  }
  const current = rsvp!;

  let outcome: RsvpOutcome;
  if (accepting) {
    if (current.status === "accepted" || current.status === "waitlisted") {
      return { status: current.status, seat: current.seat, changed: false, promoted: 0 };
    }
    const seat = await freeSeat(db, event);
    const status = seat === null ? "waitlisted" : "accepted";
    await db.update(vipEventRsvps).set({ status, seat, respondedAt: now }).where(where);
    if (seat !== null) {
      await queueEventMessage(db, { templateCode: "event_rsvp_confirmed", memberId: member.id, event, now, seat });
    }
    outcome = { status, seat, changed: true, promoted: 0 };
  } else {
    if (current.status === "declined") return { status: "declined", seat: null, changed: false, promoted: 0 };
    if (current.checkedInAt) throw eventRefusal("checkedIn", "The guest has already been checked in.");
    await db.update(vipEventRsvps).set({ status: "declined", seat: null, respondedAt: now }).where(where);
    const promoted = current.status === "accepted" ? await promoteFromWaitlist(db, event, now) : [];
    outcome = { status: "declined", seat: null, changed: true, promoted: promoted.length };
  }
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.rsvp",
    entityType: "vip_event",
    entityId: event.id,
    storeId: event.storeId,
    details: {
      memberId: member.id,
      answer: input.answer,
      from: current.status,
      to: outcome.status,
      seat: outcome.seat,
      promoted: outcome.promoted,
    },
  });
  return outcome;
}

// ── The door ──────────────────────────────────────────────────────────────────────────────────

/**
 * Marks an accepted guest as arrived (time and staff member). The door opens on the event's day
 * (store time zone) of an open or closed event; checking a guest in twice keeps the first time.
 * Walk-ins (members without an accepted RSVP) are not checked in here.
 */
export async function checkInGuest(
  db: Db,
  actor: Actor,
  input: { eventId: string; memberId: string },
  now: Date = new Date(),
): Promise<{ checkedInAt: Date; changed: boolean }> {
  const event = await lockEvent(db, input.eventId);
  if (event.status !== "open" && event.status !== "closed") {
    throw eventRefusal("checkInClosed", `The event is ${event.status}; there is no check-in.`);
  }
  const store = (await storeOf(db, event.storeId))!;
  const doorOpens = startOfLocalDay(localDate(event.startsAt, store.timeZone), store.timeZone);
  if (now.getTime() < doorOpens.getTime()) {
    throw eventRefusal("checkInNotYet", "Check-in opens on the day of the event.");
  }
  const where = and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.memberId, input.memberId));
  const [rsvp] = await db.select().from(vipEventRsvps).where(where).for("update");
  if (!rsvp) throw new AppError("not_found");
  if (rsvp.status !== "accepted") throw eventRefusal("notAccepted", "Only a guest who accepted can be checked in.");
  if (rsvp.checkedInAt) return { checkedInAt: rsvp.checkedInAt, changed: false };
  await db.update(vipEventRsvps).set({ checkedInAt: now, checkedInBy: actor.staffId }).where(where);
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.check_in",
    entityType: "vip_event",
    entityId: event.id,
    storeId: event.storeId,
    details: { memberId: input.memberId, seat: rsvp.seat },
  });
  return { checkedInAt: now, changed: true };
}

/** Takes back a check-in made less than CHECK_IN_UNDO_MINUTES ago (the wrong guest tapped). */
export async function undoCheckIn(
  db: Db,
  actor: Actor,
  input: { eventId: string; memberId: string },
  now: Date = new Date(),
): Promise<{ changed: boolean }> {
  const event = await lockEvent(db, input.eventId);
  const where = and(eq(vipEventRsvps.eventId, event.id), eq(vipEventRsvps.memberId, input.memberId));
  const [rsvp] = await db.select().from(vipEventRsvps).where(where).for("update");
  if (!rsvp) throw new AppError("not_found");
  if (!rsvp.checkedInAt) throw eventRefusal("notCheckedIn", "The guest is not checked in.");
  if (!canUndoCheckIn(rsvp.checkedInAt, now)) {
    throw eventRefusal("undoExpired", "A check-in can only be undone within 10 minutes.");
  }
  await db.update(vipEventRsvps).set({ checkedInAt: null, checkedInBy: null }).where(where);
  await recordAudit(db, {
    ...byActor(actor),
    action: "events.check_in_undo",
    entityType: "vip_event",
    entityId: event.id,
    storeId: event.storeId,
    details: { memberId: input.memberId, checkedInAt: rsvp.checkedInAt.toISOString() },
  });
  return { changed: true };
}

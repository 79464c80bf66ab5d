import { addDays, addHours, addMinutes, startOfMinute, subDays, subHours } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import { memberCards, members, vipEventRsvps, vipEvents } from "@/db/schema";
import { storeScopeOf } from "@/lib/auth/policy";
import { runJob } from "@/lib/jobs/run-job";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import {
  eventListParamsSchema,
  getEvent,
  guestListParamsSchema,
  listEventGuests,
  listEvents,
  listMemberEventAttendance,
  searchCheckInGuests,
} from "./queries";
import { createEventSchema, instantToLocalDateTime } from "./schemas";
import { checkInGuest, createEvent, inviteEligibleMembers, openEvent, recordRsvp, undoCheckIn } from "./service";
import {
  cancelEventUseCase,
  checkInGuestUseCase,
  closeEventUseCase,
  createEventUseCase,
  inviteNowUseCase,
  openEventUseCase,
  recordRsvpUseCase,
  undoCheckInUseCase,
  updateEventUseCase,
} from "./use-cases";

const ZONE = "Asia/Shanghai";
/** Whole minutes: the form's store-local text has no seconds. */
const NOW = startOfMinute(new Date());
const local = (at: Date) => instantToLocalDateTime(at, ZONE);

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: TestPrincipal;
let advisor: TestPrincipal;
let otherManager: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [store.id]);
  advisor = await createPrincipal(db, ["advisor"], [store.id]);
  otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
});

type EventOptions = {
  storeId?: string;
  capacity?: number;
  startsAt?: Date;
  endsAt?: Date;
  diamond?: Date;
  gold?: Date | null;
  silver?: Date | null;
  /** The clock the event is created and opened at. */
  at?: Date;
  open?: boolean;
};

function eventInput(options: EventOptions = {}) {
  const startsAt = options.startsAt ?? addDays(NOW, 30);
  return {
    storeId: options.storeId ?? store.id,
    kind: "tasting" as const,
    titleZh: "翡翠品鉴会",
    titleEn: "Jadeite tasting",
    startsAt: local(startsAt),
    endsAt: local(options.endsAt ?? addHours(startsAt, 3)),
    capacity: options.capacity ?? 10,
    inviteDiamondFrom: local(options.diamond ?? subHours(NOW, 1)),
    inviteGoldFrom: options.gold ? local(options.gold) : "",
    inviteSilverFrom: options.silver ? local(options.silver) : "",
  };
}

/** An event of `store` (open unless told), created through the service at `at` (default now). */
async function newEvent(options: EventOptions = {}): Promise<string> {
  const at = options.at ?? NOW;
  const { id } = await inTx(db, (tx) =>
    createEvent(tx, manager.actor, createEventSchema.parse(eventInput(options)), at),
  );
  if (options.open ?? true) await inTx(db, (tx) => openEvent(tx, manager.actor, id, at));
  return id;
}

async function member(tier: string, storeId = store.id, name?: string) {
  return insertMember(db, { storeId, tier, name });
}

async function rsvpsOf(eventId: string) {
  const rows = await db.select().from(vipEventRsvps).where(eq(vipEventRsvps.eventId, eventId));
  return new Map(rows.map((row) => [row.memberId, row]));
}

/** The outbox's dedupe keys starting with `prefix`, one entry per row (a message is a row per channel). */
async function messageKeys(prefix: string): Promise<string[]> {
  const rows = rowsOf<{ dedupe_key: string; channel: string }>(
    await db.execute(
      sql`select dedupe_key, channel from outbound_messages where dedupe_key like ${`${prefix}%`} order by 1, 2`,
    ),
  );
  return rows.map((row) => row.dedupe_key);
}

function accept(eventId: string, memberId: string, who: { id: string } = advisor) {
  return runAs(db, recordRsvpUseCase, who, { eventId, memberId, answer: "accept" });
}

function decline(eventId: string, memberId: string, who: { id: string } = advisor) {
  return runAs(db, recordRsvpUseCase, who, { eventId, memberId, answer: "decline" });
}

describe("invitation windows by tier", () => {
  it("invites diamond members first, gold only once its window opens, and silver never when it has no window", async () => {
    const tierStore = await createTestStore(db);
    const tierManager = await createPrincipal(db, ["manager"], [tierStore.id]);
    const diamond = await member("diamond", tierStore.id);
    const gold = await member("gold", tierStore.id);
    const silver = await member("silver", tierStore.id);
    const normal = await member("normal", tierStore.id);
    const elsewhere = await member("diamond", otherStore.id);
    const merged = await member("diamond", tierStore.id);
    await db.update(members).set({ mergedIntoId: diamond.id }).where(eq(members.id, merged.id));

    const { id } = await runAs(db, createEventUseCase, tierManager, {
      ...eventInput({ storeId: tierStore.id, diamond: addDays(NOW, 1), gold: addDays(NOW, 5), silver: null }),
    });
    // Opening before the diamond window invites nobody yet.
    expect(await runAs(db, openEventUseCase, tierManager, { id })).toEqual({ invited: 0 });

    expect(await inTx(db, (tx) => inviteEligibleMembers(tx, id, addDays(NOW, 2)))).toEqual({ invited: 1 });
    expect([...(await rsvpsOf(id)).keys()]).toEqual([diamond.id]);

    expect(await inTx(db, (tx) => inviteEligibleMembers(tx, id, addDays(NOW, 5)))).toEqual({ invited: 1 });
    expect(new Set((await rsvpsOf(id)).keys())).toEqual(new Set([diamond.id, gold.id]));

    // Until the day before the event: silver (no window), normal, another store's and a merged member never.
    expect(await inTx(db, (tx) => inviteEligibleMembers(tx, id, addDays(NOW, 29)))).toEqual({ invited: 0 });
    const rows = await rsvpsOf(id);
    for (const absent of [silver, normal, elsewhere, merged]) expect(rows.has(absent.id)).toBe(false);
    expect(rows.get(gold.id)).toMatchObject({ status: "invited", seat: null });
  });

  it("refuses an answer from a member whose tier's window has not opened, or whose tier is not invited", async () => {
    const id = await newEvent({ diamond: subHours(NOW, 1), gold: addDays(NOW, 3), silver: addDays(NOW, 4) });
    const gold = await member("gold");
    const normal = await member("normal");
    const diamond = await member("diamond");

    const early = await expectAppError(accept(id, gold.id), "conflict");
    expect(early.fieldErrors).toEqual({ event: ["windowNotOpen"] });
    const never = await expectAppError(accept(id, normal.id), "conflict");
    expect(never.fieldErrors).toEqual({ event: ["tierNotInvited"] });
    expect((await rsvpsOf(id)).has(gold.id)).toBe(false);

    // Once the gold window is open a gold member may answer without an invitation row yet.
    const later = await inTx(db, (tx) =>
      recordRsvp(tx, manager.actor, { eventId: id, memberId: gold.id, answer: "accept" }, addDays(NOW, 3)),
    );
    expect(later).toMatchObject({ status: "accepted", seat: 1 });
    // A diamond member's window is open now: an answer is taken straight away.
    expect(await accept(id, diamond.id)).toMatchObject({ status: "accepted", seat: 2 });
  });
});

describe("the event-invitations job", () => {
  it("is idempotent: two runs give one row and one invitation message per member", async () => {
    const jobStore = await createTestStore(db);
    const invitees = [await member("diamond", jobStore.id), await member("diamond", jobStore.id)];
    await member("gold", jobStore.id); // no gold window
    const id = await newEvent({ storeId: jobStore.id, open: false });
    // Opened behind the service's back, so that the job (not the opening) sends the invitations.
    await db.update(vipEvents).set({ status: "open" }).where(eq(vipEvents.id, id));

    const first = await runJob(db, "event-invitations");
    expect(first.status).toBe("done");
    const afterFirst = await messageKeys(`event_invitation:${id}:`);
    const second = await runJob(db, "event-invitations");
    expect(second).toMatchObject({ status: "done" });

    const rows = await rsvpsOf(id);
    expect(new Set(rows.keys())).toEqual(new Set(invitees.map((m) => m.id)));
    const afterSecond = await messageKeys(`event_invitation:${id}:`);
    // One message per invitee (a row for each channel, skipped where there is no consent), none added by the second run.
    expect(afterSecond).toEqual(afterFirst);
    expect(new Set(afterSecond)).toEqual(new Set(invitees.map((m) => `event_invitation:${id}:${m.id}`)));
    expect(afterSecond.length % invitees.length).toBe(0);
    expect(afterSecond.filter((key) => key.endsWith(invitees[0]!.id))).toHaveLength(afterSecond.length / 2);
    expect(
      (await auditEntries(db, { action: "job.run", entityId: "event-invitations" })).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("sends invitations now from the button, and only for an open event", async () => {
    const buttonStore = await createTestStore(db);
    const buttonManager = await createPrincipal(db, ["manager"], [buttonStore.id]);
    const diamond = await member("diamond", buttonStore.id);
    const id = await newEvent({ storeId: buttonStore.id, open: false });
    const refused = await expectAppError(runAs(db, inviteNowUseCase, buttonManager, { id }), "conflict");
    expect(refused.fieldErrors).toEqual({ event: ["notOpen"] });

    await db.update(vipEvents).set({ status: "open" }).where(eq(vipEvents.id, id));
    expect(await runAs(db, inviteNowUseCase, buttonManager, { id })).toEqual({ invited: 1 });
    expect(await runAs(db, inviteNowUseCase, buttonManager, { id })).toEqual({ invited: 0 });
    expect((await rsvpsOf(id)).get(diamond.id)?.status).toBe("invited");
    const audit = await auditEntries(db, { action: "events.invite", entityId: id });
    expect(audit.map((entry) => entry.details)).toEqual([{ invited: 1 }, { invited: 0 }]);
  });
});

describe("RSVPs, the waitlist and capacity", () => {
  it("seats accepts in order, waitlists a full event, and gives a freed seat to the first waitlisted member", async () => {
    const own = await createTestStore(db);
    const desk = await createPrincipal(db, ["service"], [own.id]);
    const [a, b, c, d] = [
      await member("diamond", own.id),
      await member("diamond", own.id),
      await member("diamond", own.id),
      await member("diamond", own.id),
    ];
    const id = await newEvent({ storeId: own.id, capacity: 2 });
    const answer = (m: { id: string }, yes: boolean) => (yes ? accept(id, m.id, desk) : decline(id, m.id, desk));

    expect(await answer(a, true)).toEqual({ status: "accepted", seat: 1, changed: true, promoted: 0 });
    expect(await answer(b, true)).toEqual({ status: "accepted", seat: 2, changed: true, promoted: 0 });
    expect(await answer(c, true)).toEqual({ status: "waitlisted", seat: null, changed: true, promoted: 0 });
    expect(await answer(d, true)).toMatchObject({ status: "waitlisted" });
    // A repeated answer changes nothing.
    expect(await answer(a, true)).toEqual({ status: "accepted", seat: 1, changed: false, promoted: 0 });

    // a declines: seat 1 goes to c, who answered before d.
    expect(await answer(a, false)).toEqual({ status: "declined", seat: null, changed: true, promoted: 1 });
    let rows = await rsvpsOf(id);
    expect(rows.get(c.id)).toMatchObject({ status: "accepted", seat: 1 });
    expect(rows.get(d.id)).toMatchObject({ status: "waitlisted", seat: null });
    expect(rows.get(a.id)).toMatchObject({ status: "declined", seat: null });
    expect(await messageKeys(`event_rsvp_confirmed:${id}:${c.id}`)).not.toHaveLength(0);

    // A waitlisted member who declines frees nothing; a declined member who accepts again joins the waitlist.
    expect(await answer(d, false)).toMatchObject({ status: "declined", promoted: 0 });
    expect(await answer(a, true)).toMatchObject({ status: "waitlisted" });
    expect(await answer(b, false)).toMatchObject({ promoted: 1 });
    rows = await rsvpsOf(id);
    expect(rows.get(a.id)).toMatchObject({ status: "accepted", seat: 2 });

    const event = await getEvent(db, storeScopeOf(desk), id);
    expect(event?.counts).toEqual({ invited: 4, accepted: 2, waitlisted: 0, declined: 2, checkedIn: 0 });
    const audit = await auditEntries(db, { action: "events.rsvp", entityId: id });
    expect(audit.length).toBeGreaterThanOrEqual(7);
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain(a.name);
  });

  it("never exceeds capacity: it cannot go below the accepted guests, and a larger one seats the waitlist", async () => {
    const id = await newEvent({ capacity: 2 });
    const guests = [await member("diamond"), await member("diamond"), await member("diamond"), await member("diamond")];
    for (const guest of guests) await accept(id, guest.id);
    const base = { ...eventInput({ capacity: 2 }), id };
    delete (base as { storeId?: string }).storeId;

    const refused = await expectAppError(
      runAs(db, updateEventUseCase, manager, { ...base, capacity: 1 }),
      "validation",
    );
    expect(refused.fieldErrors).toEqual({ capacity: ["capacityBelowAccepted"] });

    expect(await runAs(db, updateEventUseCase, manager, { ...base, capacity: 3 })).toMatchObject({
      changed: true,
      promoted: 1,
    });
    let rows = await rsvpsOf(id);
    expect(rows.get(guests[2]!.id)).toMatchObject({ status: "accepted", seat: 3 });
    expect(rows.get(guests[3]!.id)).toMatchObject({ status: "waitlisted" });

    // Seat 1 freed, then capacity back to 2: the guest in seat 3 moves down to seat 1.
    await decline(id, guests[0]!.id); // promotes guests[3] into seat 1
    await decline(id, guests[3]!.id);
    await runAs(db, updateEventUseCase, manager, { ...base, capacity: 2 });
    rows = await rsvpsOf(id);
    const seats = [...rows.values()].filter((row) => row.status === "accepted").map((row) => row.seat);
    expect(seats.sort()).toEqual([1, 2]);
    const [event] = await db.select().from(vipEvents).where(eq(vipEvents.id, id));
    expect(event!.capacity).toBe(2);
  });

  it("takes answers only while the event is open and has not started", async () => {
    const guest = await member("diamond");
    const draft = await newEvent({ open: false });
    expect((await expectAppError(accept(draft, guest.id), "conflict")).fieldErrors).toEqual({ event: ["notOpen"] });

    const id = await newEvent();
    const late = await expectAppError(
      inTx(db, (tx) =>
        recordRsvp(tx, manager.actor, { eventId: id, memberId: guest.id, answer: "accept" }, addDays(NOW, 31)),
      ),
      "conflict",
    );
    expect(late.fieldErrors).toEqual({ event: ["started"] });

    await accept(id, guest.id);
    // A member of another store is not found among this event's members.
    const stranger = await member("diamond", otherStore.id);
    await expectAppError(accept(id, stranger.id), "not_found");
    await runAs(db, closeEventUseCase, manager, { id });
    const other = await member("diamond");
    expect((await expectAppError(accept(id, other.id), "conflict")).fieldErrors).toEqual({ event: ["notOpen"] });
    // Closed: a decline is still taken.
    expect(await decline(id, guest.id)).toMatchObject({ status: "declined" });

    const cancelled = await newEvent();
    await accept(cancelled, other.id);
    expect(await runAs(db, cancelEventUseCase, manager, { id: cancelled })).toEqual({ changed: true, accepted: 1 });
    expect((await expectAppError(decline(cancelled, other.id), "conflict")).fieldErrors).toEqual({
      event: ["notOpen"],
    });
  });
});

describe("check-in at the door", () => {
  it("finds accepted guests by last 4 digits, card number or masked name, checks them in and undoes within 10 minutes", async () => {
    // An event that started an hour ago, set up three days earlier.
    const setUpAt = subDays(NOW, 3);
    const id = await newEvent({
      at: setUpAt,
      startsAt: subHours(NOW, 1),
      endsAt: addHours(NOW, 2),
      diamond: subDays(NOW, 4),
      capacity: 5,
    });
    const guest = await member("diamond", store.id, "王小明");
    const waiting = await member("diamond");
    const cardNo = `VIP${uniqueSuffix(8).toUpperCase()}`;
    await db.insert(memberCards).values({ cardNo, memberId: guest.id });
    await inTx(db, (tx) =>
      recordRsvp(tx, manager.actor, { eventId: id, memberId: guest.id, answer: "accept" }, setUpAt),
    );
    await inTx(db, (tx) => inviteEligibleMembers(tx, id, setUpAt));

    const byPhone = await searchCheckInGuests(db, advisor, id, guest.phoneLast4!);
    expect(byPhone.map((row) => row.memberId)).toEqual([guest.id]);
    expect(byPhone[0]).toMatchObject({ name: "王*明", masked: true, seat: 1, checkedInAt: null });
    expect((await searchCheckInGuests(db, advisor, id, cardNo.toLowerCase())).map((r) => r.memberId)).toEqual([
      guest.id,
    ]);
    expect((await searchCheckInGuests(db, advisor, id, "王*明")).map((r) => r.memberId)).toEqual([guest.id]);
    expect((await searchCheckInGuests(db, advisor, id, "小明")).map((r) => r.memberId)).toEqual([guest.id]);
    // Only accepted guests are at the door.
    expect(await searchCheckInGuests(db, advisor, id, waiting.phoneLast4!)).toEqual([]);
    expect(await searchCheckInGuests(db, advisor, id, "")).toEqual([]);

    const done = await runAs(db, checkInGuestUseCase, advisor, { eventId: id, memberId: guest.id });
    expect(done.changed).toBe(true);
    const again = await runAs(db, checkInGuestUseCase, advisor, { eventId: id, memberId: guest.id });
    expect(again).toEqual({ checkedInAt: done.checkedInAt, changed: false });
    const [row] = await listEventGuests(db, manager, id, guestListParamsSchema.parse({ checkedIn: "yes" })).then(
      (r) => r.rows,
    );
    expect(row).toMatchObject({ memberId: guest.id, checkedInByName: "Test Staff" });
    expect((await getEvent(db, storeScopeOf(manager), id))?.counts.checkedIn).toBe(1);

    // A checked-in guest cannot be declined; an invited member cannot be checked in.
    const notAccepted = await expectAppError(
      runAs(db, checkInGuestUseCase, advisor, { eventId: id, memberId: waiting.id }),
      "conflict",
    );
    expect(notAccepted.fieldErrors).toEqual({ event: ["notAccepted"] });

    expect(await runAs(db, undoCheckInUseCase, advisor, { eventId: id, memberId: guest.id })).toEqual({
      changed: true,
    });
    expect((await rsvpsOf(id)).get(guest.id)).toMatchObject({ checkedInAt: null, checkedInBy: null });

    // Checked in again, then too late to undo.
    const second = await inTx(db, (tx) => checkInGuest(tx, advisor.actor, { eventId: id, memberId: guest.id }, NOW));
    const tooLate = await expectAppError(
      inTx(db, (tx) =>
        undoCheckIn(tx, advisor.actor, { eventId: id, memberId: guest.id }, addMinutes(second.checkedInAt, 11)),
      ),
      "conflict",
    );
    expect(tooLate.fieldErrors).toEqual({ event: ["undoExpired"] });
    expect(await auditEntries(db, { action: "events.check_in", entityId: id })).toHaveLength(2);
    expect(await auditEntries(db, { action: "events.check_in_undo", entityId: id })).toHaveLength(1);
  });

  it("opens the door on the event's day only, and never for a cancelled event", async () => {
    const id = await newEvent({ startsAt: addDays(NOW, 10) });
    const guest = await member("diamond");
    await accept(id, guest.id);
    const early = await expectAppError(
      runAs(db, checkInGuestUseCase, advisor, { eventId: id, memberId: guest.id }),
      "conflict",
    );
    expect(early.fieldErrors).toEqual({ event: ["checkInNotYet"] });
    await runAs(db, cancelEventUseCase, manager, { id });
    const closed = await expectAppError(
      inTx(db, (tx) => checkInGuest(tx, advisor.actor, { eventId: id, memberId: guest.id }, addDays(NOW, 10))),
      "conflict",
    );
    expect(closed.fieldErrors).toEqual({ event: ["checkInClosed"] });
  });
});

describe("scope and permissions", () => {
  it("answers another store's event as not found", async () => {
    const id = await newEvent();
    const guest = await member("diamond");
    await expectAppError(accept(id, guest.id, otherManager), "not_found");
    await expectAppError(runAs(db, openEventUseCase, otherManager, { id }), "not_found");
    await expectAppError(runAs(db, inviteNowUseCase, otherManager, { id }), "not_found");
    await expectAppError(
      runAs(db, updateEventUseCase, otherManager, { ...eventInput(), storeId: undefined, id }),
      "not_found",
    );
    await expectAppError(
      runAs(db, checkInGuestUseCase, otherManager, { eventId: id, memberId: guest.id }),
      "not_found",
    );
    await expectAppError(runAs(db, createEventUseCase, otherManager, eventInput()), "not_found");
    expect(await getEvent(db, storeScopeOf(otherManager), id)).toBeNull();
    const list = await listEvents(db, storeScopeOf(otherManager), eventListParamsSchema.parse({ pageSize: "100" }));
    expect(list.rows.map((row) => row.id)).not.toContain(id);
    expect((await listEventGuests(db, otherManager, id, guestListParamsSchema.parse({}))).total).toBe(0);
    expect(await listMemberEventAttendance(db, otherManager, guest.id)).toEqual([]);
  });

  it("lets an advisor record answers and check guests in, but not manage events", async () => {
    const id = await newEvent({ open: false });
    await expectAppError(runAs(db, createEventUseCase, advisor, eventInput()), "forbidden");
    await expectAppError(runAs(db, openEventUseCase, advisor, { id }), "forbidden");
    await expectAppError(runAs(db, cancelEventUseCase, advisor, { id }), "forbidden");
    await expectAppError(runAs(db, inviteNowUseCase, advisor, { id }), "forbidden");
    await expectAppError(runAs(db, updateEventUseCase, advisor, { ...eventInput(), id }), "forbidden");
    const admin = await createPrincipal(db, ["admin"], [], { allStores: true });
    // An administrator manages events but does not work the door.
    await runAs(db, openEventUseCase, admin, { id });
    await expectAppError(accept(id, (await member("diamond")).id, admin), "forbidden");
  });

  it("shows a member's events on the 360° view", async () => {
    const id = await newEvent();
    const guest = await member("diamond");
    await accept(id, guest.id);
    const rows = await listMemberEventAttendance(db, advisor, guest.id);
    expect(rows).toEqual([
      expect.objectContaining({
        eventId: id,
        status: "accepted",
        seat: 1,
        checkedInAt: null,
        titleEn: "Jadeite tasting",
      }),
    ]);
    expect(await listMemberEventAttendance(db, advisor, "not-a-uuid")).toEqual([]);
  });

  it("does not throw on hostile list parameters", async () => {
    const id = await newEvent();
    const hostile = {
      when: "'; drop table vip_events; --",
      store: "../../etc",
      status: "open' or 1=1",
      q: "%_\\'\"*".repeat(3),
      page: "-5",
      pageSize: "100000",
      dir: "sideways",
      checkedIn: "maybe",
    };
    const params = eventListParamsSchema.parse(hostile);
    expect(params).toMatchObject({ when: "upcoming", page: 1, pageSize: 25 });
    await expect(listEvents(db, storeScopeOf(manager), params)).resolves.toBeDefined();
    await expect(
      listEvents(db, storeScopeOf(manager), eventListParamsSchema.parse({ q: "x".repeat(500), page: "999999" })),
    ).resolves.toBeDefined();
    await expect(listEventGuests(db, manager, id, guestListParamsSchema.parse(hostile))).resolves.toBeDefined();
    for (const q of ["%", "_", "\\", "*", "**", "'", "1234", "13800001111", "  ", "a".repeat(64)]) {
      await expect(searchCheckInGuests(db, manager, id, q)).resolves.toBeDefined();
    }
    expect(await getEvent(db, storeScopeOf(manager), "nope")).toBeNull();
  });
});

// PGlite has one connection: simultaneous transactions run one after another there, so this could not fail.
describe.runIf(testDriver() === "postgres")("races settled by the database (PostgreSQL only)", () => {
  it("20 simultaneous accepts for 5 seats: exactly 5 accepted on seats 1–5, 15 waitlisted", async () => {
    const raceStore = await createTestStore(db);
    const raceAdvisor = await createPrincipal(db, ["advisor"], [raceStore.id]);
    const guests = await Promise.all(Array.from({ length: 20 }, () => member("diamond", raceStore.id)));
    const id = await newEvent({ storeId: raceStore.id, capacity: 5 });
    expect((await rsvpsOf(id)).size).toBe(20);

    const results = await Promise.all(guests.map((guest) => accept(id, guest.id, raceAdvisor)));
    expect(results.filter((r) => r.status === "accepted")).toHaveLength(5);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(15);

    const rows = [...(await rsvpsOf(id)).values()];
    const seats = rows.filter((row) => row.status === "accepted").map((row) => row.seat);
    expect(seats.sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.filter((row) => row.status === "waitlisted")).toHaveLength(15);
  });

  it("simultaneous declines and accepts never seat more guests than the capacity", async () => {
    const raceStore = await createTestStore(db);
    const raceAdvisor = await createPrincipal(db, ["advisor"], [raceStore.id]);
    const guests = await Promise.all(Array.from({ length: 12 }, () => member("diamond", raceStore.id)));
    const id = await newEvent({ storeId: raceStore.id, capacity: 4 });
    for (const guest of guests.slice(0, 8)) await accept(id, guest.id, raceAdvisor);
    await Promise.all([
      ...guests.slice(0, 3).map((guest) => decline(id, guest.id, raceAdvisor)),
      ...guests.slice(8).map((guest) => accept(id, guest.id, raceAdvisor)),
    ]);
    const rows = [...(await rsvpsOf(id)).values()];
    const seats = rows.filter((row) => row.status === "accepted").map((row) => row.seat!);
    expect(seats.sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
    expect(rows.filter((row) => row.status === "declined")).toHaveLength(3);
    expect(rows.filter((row) => row.status === "waitlisted")).toHaveLength(5);
    const [stored] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(vipEventRsvps)
      .where(and(eq(vipEventRsvps.eventId, id), eq(vipEventRsvps.status, "accepted")));
    expect(stored!.n).toBe(4);
  });
});

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  appointments,
  appointmentTypes,
  clientelingTasks,
  complaints,
  followUpCalls,
  memberImportantDates,
  members,
  salesTransactions,
} from "@/db/schema";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertServiceTicket } from "@/tests/helpers/after-sales";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import {
  advisorAppointments,
  appointmentsTodayCount,
  loadHome,
  recentlyDormantClients,
  upcomingImportantDates,
} from "./queries";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let typeId: string;
let otherAdvisor: StaffAccount;
let admin: StaffAccount;

const DAY = 86_400_000;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  otherAdvisor = await createTestAccount(db, ["advisor"], [store.id]);
  admin = await createTestAccount(db, ["admin"], [], { allStores: true });
  const [type] = await db
    .insert(appointmentTypes)
    .values({
      code: `home_${uniqueSuffix(6).toLowerCase()}`,
      nameZh: "珠宝鉴赏",
      nameEn: "Jewelry viewing",
      durationMin: 30,
    })
    .returning({ id: appointmentTypes.id });
  typeId = type!.id;
});

async function visit(options: {
  advisorId: string;
  startsAt: string;
  storeId?: string;
  memberName?: string;
  status?: (typeof appointments.$inferInsert)["status"];
}) {
  const storeId = options.storeId ?? store.id;
  const member = await insertMember(db, { storeId, name: options.memberName });
  const startsAt = new Date(options.startsAt);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const [row] = await db
    .insert(appointments)
    .values({
      storeId,
      memberId: member.id,
      typeId,
      advisorId: options.advisorId,
      startsAt,
      endsAt,
      blockedUntil: endsAt,
      status: options.status ?? "confirmed",
    })
    .returning();
  return row!;
}

async function purchase(memberId: string, storeId: string, occurredAt: Date) {
  await db.insert(salesTransactions).values({
    storeId,
    memberId,
    externalId: `H-${randomUUID()}`,
    kind: "purchase",
    occurredAt,
    netPaidFen: 100_000,
  });
}

describe(`the advisor's home on ${testDriver()}`, () => {
  // Saturday 5 December 2026, 01:30 in Shanghai: still 4 December in UTC, so a day counted in UTC
  // instead of the store's zone moves every boundary below.
  const now = new Date("2026-12-05T01:30:00+08:00");

  it("lists the advisor's own visits of today and tomorrow (store-local), never a colleague's or another store's", async () => {
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    const early = await visit({ advisorId: advisor.id, startsAt: "2026-12-05T00:00:00+08:00", memberName: "张晓华" });
    const afternoon = await visit({
      advisorId: advisor.id,
      startsAt: "2026-12-05T15:00:00+08:00",
      status: "completed",
    });
    const tomorrow = await visit({ advisorId: advisor.id, startsAt: "2026-12-06T11:00:00+08:00" });
    const lastOfTomorrow = await visit({ advisorId: advisor.id, startsAt: "2026-12-06T23:30:00+08:00" });
    await visit({ advisorId: advisor.id, startsAt: "2026-12-04T23:30:00+08:00" }); // yesterday
    await visit({ advisorId: advisor.id, startsAt: "2026-12-07T00:00:00+08:00" }); // the day after tomorrow
    await visit({ advisorId: advisor.id, startsAt: "2026-12-05T16:00:00+08:00", status: "cancelled" });
    await visit({ advisorId: otherAdvisor.id, startsAt: "2026-12-05T12:00:00+08:00" });
    // The advisor's own visit at a store outside their scope stays out of it.
    await visit({ advisorId: advisor.id, startsAt: "2026-12-05T18:00:00+08:00", storeId: otherStore.id });

    const list = await advisorAppointments(db, advisor, { now });
    expect(list.rows.map((r) => r.id)).toEqual([early.id, afternoon.id, tomorrow.id, lastOfTomorrow.id]);
    expect(list.rows.map((r) => r.when)).toEqual(["today", "today", "tomorrow", "tomorrow"]);
    expect(list.total).toBe(4);
    expect(list.today).toBe(2);
    expect(list.rows[0]!.memberName).toBe("张*华");
    expect(list.rows[0]!.day).toBe("2026-12-05");

    const limited = await advisorAppointments(db, advisor, { now, limit: 2 });
    expect(limited.rows).toHaveLength(2);
    expect(limited.total).toBe(4);

    const colleague = await advisorAppointments(db, otherAdvisor, { now });
    expect(colleague.rows.map((r) => r.id)).not.toContain(early.id);
  });

  it("counts today and tomorrow in each visit's own store's time zone, and masks an erased member", async () => {
    const losAngeles = await createTestStore(db, { timeZone: "America/Los_Angeles" });
    const advisor = await createTestAccount(db, ["advisor"], [store.id, losAngeles.id]);
    // In Los Angeles it is still Friday 4 December, 09:30.
    const laToday = await visit({
      advisorId: advisor.id,
      storeId: losAngeles.id,
      startsAt: "2026-12-04T15:00:00-08:00",
      memberName: "Grace Lee",
    });
    const laTomorrow = await visit({
      advisorId: advisor.id,
      storeId: losAngeles.id,
      startsAt: "2026-12-05T10:00:00-08:00",
    });
    await visit({ advisorId: advisor.id, storeId: losAngeles.id, startsAt: "2026-12-06T10:00:00-08:00" });
    const shanghaiTomorrow = await visit({ advisorId: advisor.id, startsAt: "2026-12-06T20:00:00+08:00" });
    await db.update(members).set({ erasedAt: now }).where(eq(members.id, laTomorrow.memberId));

    const list = await advisorAppointments(db, advisor, { now });
    expect(list.rows.map((r) => [r.id, r.day, r.when])).toEqual([
      [laToday.id, "2026-12-04", "today"],
      [laTomorrow.id, "2026-12-05", "tomorrow"],
      [shanghaiTomorrow.id, "2026-12-06", "tomorrow"],
    ]);
    expect(list.today).toBe(1);
    expect(list.rows.map((r) => r.memberName)).toEqual(["G**** L**", "—", expect.any(String)]);
  });

  it("lists birthdays and important dates of the advisor's clients from today to 14 days ahead, in the home store's zone", async () => {
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    // Today is 14 February 2027 in Shanghai (13 February in UTC), a common year.
    const today = new Date("2027-02-14T01:00:00+08:00");
    const client = (birthday: string | null, name?: string, advisorId = advisor.id, storeId = store.id) =>
      insertMember(db, { storeId, birthday, name, advisorId });
    const birthdayToday = await client("1990-02-14", "王美玲");
    const lastDay = await client("1985-02-28");
    await client("1985-03-01"); // day 15
    await client("1985-02-13"); // yesterday: next year's
    const leap = await client(null);
    await db.insert(memberImportantDates).values({ memberId: leap.id, kind: "anniversary", date: "2012-02-29" });
    const labelled = await client(null);
    await db
      .insert(memberImportantDates)
      .values({ memberId: labelled.id, kind: "partner_birthday", label: "太太生日", date: "1988-02-20" });
    const recordedAhead = await client(null);
    await db.insert(memberImportantDates).values({ memberId: recordedAhead.id, kind: "other", date: "2027-03-10" });
    await client("1990-02-15", undefined, otherAdvisor.id);
    // Assigned to the advisor but at a store they do not work in: not theirs to see.
    await client("1990-02-15", undefined, advisor.id, otherStore.id);
    const merged = await client("1990-02-16");
    await db.update(members).set({ mergedIntoId: birthdayToday.id }).where(eq(members.id, merged.id));
    const erased = await client("1990-02-16");
    await db.update(members).set({ erasedAt: today }).where(eq(members.id, erased.id));

    const list = await upcomingImportantDates(db, advisor, { now: today });
    expect(list.rows.map((r) => [r.memberId, r.kind, r.occursOn, r.daysUntil])).toEqual([
      [birthdayToday.id, "birthday", "2027-02-14", 0],
      [labelled.id, "partner_birthday", "2027-02-20", 6],
      ...[
        [lastDay.id, "birthday", "2027-02-28", 14],
        [leap.id, "anniversary", "2027-02-28", 14],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
    expect(list.total).toBe(4);
    expect(list.rows[0]!.memberName).toBe("王*玲");
    expect(list.rows.find((r) => r.memberId === labelled.id)!.label).toBe("太太生日");

    // Across the new year: a 3 January birthday is 9 days from 25 December.
    const newYear = await client("1970-01-03");
    const december = await upcomingImportantDates(db, advisor, { now: new Date("2026-12-25T10:00:00+08:00") });
    expect(december.rows.map((r) => [r.memberId, r.occursOn, r.daysUntil])).toContainEqual([
      newYear.id,
      "2027-01-03",
      9,
    ]);
    // A date recorded for the future counts from that day, not before.
    const march = await upcomingImportantDates(db, advisor, { now: new Date("2027-03-01T10:00:00+08:00") });
    expect(march.rows.map((r) => [r.memberId, r.occursOn])).toContainEqual([recordedAhead.id, "2027-03-10"]);
    const earlier = await upcomingImportantDates(db, advisor, { now: new Date("2026-03-01T10:00:00+08:00") });
    expect(earlier.rows.map((r) => r.memberId)).not.toContain(recordedAhead.id);
  });

  it("lists the advisor's clients who turned dormant in the last 30 days, most recent first, at the exact boundaries", async () => {
    const dormantAdvisor = await createTestAccount(db, ["advisor"], [store.id]);
    const client = async (lastPurchaseAgoMs: number | null, advisorId = dormantAdvisor.id) => {
      const member = await insertMember(db, { storeId: store.id, advisorId, lifecycleStage: "regular" });
      if (lastPurchaseAgoMs !== null) {
        await purchase(member.id, store.id, new Date(now.getTime() - 400 * DAY));
        await purchase(member.id, store.id, new Date(now.getTime() - lastPurchaseAgoMs));
      }
      return member;
    };
    const justNow = await client(180 * DAY); // dormant from this very moment
    await client(180 * DAY - 60_000); // a minute short of dormant
    const middle = await client(200 * DAY);
    const thirtyDays = await client(210 * DAY); // turned dormant exactly 30 days ago
    await client(210 * DAY + 60_000); // a minute longer ago
    await client(null); // never bought
    await client(190 * DAY, otherAdvisor.id);
    const erased = await client(190 * DAY);
    await db.update(members).set({ erasedAt: now }).where(eq(members.id, erased.id));

    const list = await recentlyDormantClients(db, dormantAdvisor, { now });
    expect(list.rows.map((r) => r.memberId)).toEqual([justNow.id, middle.id, thirtyDays.id]);
    expect(list.total).toBe(3);
    expect(list.rows[0]!.dormantSince.getTime()).toBe(now.getTime());
    expect(list.rows[2]!.lastPurchaseOn).toBe("2026-05-09");

    // A purchase since then (even one not yet in the stored stage) ends the dormancy.
    await purchase(middle.id, store.id, new Date(now.getTime() - DAY));
    const after = await recentlyDormantClients(db, dormantAdvisor, { now });
    expect(after.rows.map((r) => r.memberId)).toEqual([justNow.id, thirtyDays.id]);
  });

  it("gives an advisor their own sections only, with their tasks", async () => {
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    const member = await insertMember(db, { storeId: store.id, advisorId: advisor.id });
    const mine = await db
      .insert(clientelingTasks)
      .values({
        storeId: store.id,
        memberId: member.id,
        assigneeId: advisor.id,
        kind: "care_call",
        sourceKey: `home:${randomUUID()}`,
        dueOn: "2026-12-01",
      })
      .returning();
    await db.insert(clientelingTasks).values({
      storeId: store.id,
      memberId: member.id,
      assigneeId: otherAdvisor.id,
      kind: "care_call",
      sourceKey: `home:${randomUUID()}`,
      dueOn: "2026-12-01",
    });

    await visit({ advisorId: advisor.id, startsAt: "2026-12-05T10:00:00+08:00", memberName: "张晓华" });
    const home = await loadHome(db, advisor, { now });
    expect([...home.sections]).toEqual(["advisorAppointments", "importantDates", "advisorTasks", "dormantClients"]);
    expect(home.advisorTasks!.rows.map((r) => r.id)).toEqual([mine[0]!.id]);
    expect(home.advisorTasks!.counts.overdue).toBe(1);
    expect(home.advisorAppointments!.total).toBe(1);
    expect(home.ticketQueue).toBeUndefined();
    expect(home.myComplaints).toBeUndefined();
    expect(home.storeSummary).toBeUndefined();
  });
});

describe(`after-sales, customer service and manager homes on ${testDriver()}`, () => {
  // Thursday 10 December 2026, 11:00 in Shanghai.
  const now = new Date("2026-12-10T11:00:00+08:00");

  type Ticketed = { id: string; itemId: string; memberId: string };

  async function call(storeId: string, ticket: Ticketed, kind: "day_3" | "day_30", dueOn: string) {
    const [row] = await db
      .insert(followUpCalls)
      .values({ storeId, memberId: ticket.memberId, itemId: ticket.itemId, ticketId: ticket.id, kind, dueOn })
      .returning();
    return row!;
  }

  async function complaint(options: {
    storeId: string;
    assigneeId?: string | null;
    warned?: boolean;
    escalated?: boolean;
    status?: (typeof complaints.$inferInsert)["status"];
  }) {
    const member = await insertMember(db, { storeId: options.storeId, name: "李建国" });
    const [row] = await db
      .insert(complaints)
      .values({
        reference: `TS-HOME-${uniqueSuffix(8)}`,
        storeId: options.storeId,
        memberId: member.id,
        assigneeId: options.assigneeId ?? null,
        channel: "hotline",
        category: "after_sales",
        severity: "medium",
        status: options.status ?? "new",
        description: "戒指尺寸不对",
        receivedAt: new Date("2026-12-10T10:00:00+08:00"),
        firstResponseTargetMin: 240,
        resolutionTargetMin: 1800,
        firstResponseDueAt: new Date("2026-12-10T14:00:00+08:00"),
        resolutionDueAt: new Date("2026-12-14T10:00:00+08:00"),
        responseWarnedAt: options.warned ? now : null,
        responseEscalatedAt: options.escalated ? now : null,
      })
      .returning();
    return row!;
  }

  /**
   * A store of its own for each test, with its staff and its day: two open tickets (one overdue),
   * a closed one, two calls due (one overdue) and one tomorrow; complaints: two open ones of the
   * customer-service member (one warned), a closed one, a manager's, an unassigned warned one and a
   * breached one. The shared other store gets a ticket, a call and complaints the staff must not see.
   */
  async function storeDay() {
    const here = await createTestStore(db);
    const staff = {
      afterSales: await createTestAccount(db, ["after_sales"], [here.id]),
      service: await createTestAccount(db, ["service"], [here.id]),
      manager: await createTestAccount(db, ["manager"], [here.id]),
    };
    const member = await insertMember(db, { storeId: here.id, name: "赵丽" });
    const stranger = await insertMember(db, { storeId: otherStore.id });
    const ticket = (storeId: string, memberId: string, status: ServiceTicketStatus, promisedOn = "2026-12-20") =>
      insertServiceTicket(db, { memberId, storeId, status, promisedOn });
    const open = await ticket(here.id, member.id, "in_repair", "2026-12-12");
    const late = await ticket(here.id, member.id, "received", "2026-12-09");
    await ticket(here.id, member.id, "closed", "2026-12-01");
    const foreign = await ticket(otherStore.id, stranger.id, "received", "2026-12-01");
    const picked = await ticket(here.id, member.id, "picked_up");
    const overdueCall = await call(here.id, picked, "day_3", "2026-12-09");
    const picked2 = await ticket(here.id, member.id, "picked_up");
    const todayCall = await call(here.id, picked2, "day_3", "2026-12-10");
    await call(here.id, picked2, "day_30", "2026-12-11"); // tomorrow: not due yet
    const foreignPicked = await ticket(otherStore.id, stranger.id, "picked_up");
    const foreignCall = await call(otherStore.id, foreignPicked, "day_3", "2026-12-01");

    const mine = await complaint({ storeId: here.id, assigneeId: staff.service.id });
    const mineAtRisk = await complaint({ storeId: here.id, assigneeId: staff.service.id, warned: true });
    await complaint({ storeId: here.id, assigneeId: staff.service.id, status: "closed" });
    await complaint({ storeId: here.id, assigneeId: staff.manager.id });
    const teamAtRisk = await complaint({ storeId: here.id, assigneeId: null, warned: true });
    await complaint({ storeId: here.id, assigneeId: null, warned: true, escalated: true }); // breached, not "at risk"
    const foreignMine = await complaint({ storeId: otherStore.id, assigneeId: staff.service.id });
    const foreignAtRisk = await complaint({ storeId: otherStore.id, warned: true });
    return {
      store: here,
      staff,
      tickets: { open, late, foreign },
      calls: { overdueCall, todayCall, foreignCall },
      complaints: { mine, mineAtRisk, teamAtRisk, foreignMine, foreignAtRisk },
    };
  }

  it("shows after-sales the queue, the overdue tickets and the calls due of their store only", async () => {
    const { store: here, staff, tickets, calls } = await storeDay();
    const home = await loadHome(db, staff.afterSales, { now });
    expect([...home.sections]).toEqual(["ticketQueue", "overdueTickets", "followUpCalls"]);
    expect(home.ticketQueue!.rows.map((r) => r.id)).toEqual([tickets.late.id, tickets.open.id]);
    expect(home.ticketQueue!.total).toBe(2);
    expect(home.ticketQueue!.rows[0]!.memberName).toBe("赵*");
    expect(home.overdueTickets!.rows.map((r) => r.id)).toEqual([tickets.late.id]);
    expect(home.overdueTickets!.total).toBe(1);
    expect(home.followUpCalls!.rows.map((r) => r.id)).toEqual([calls.overdueCall.id, calls.todayCall.id]);
    expect(home.followUpCalls!.total).toBe(2);
    expect(home.followUpCalls!.overdue).toBe(1);
    const everything = JSON.stringify(home, (_key, value: unknown) => (value instanceof Set ? [...value] : value));
    expect(everything).toContain(here.id);
    expect(everything).not.toContain(tickets.foreign.id);
    expect(everything).not.toContain(calls.foreignCall.id);
    expect(everything).not.toContain(otherStore.id);
    expect(home.advisorAppointments).toBeUndefined();
    expect(home.myComplaints).toBeUndefined();
  });

  it("shows customer service their open complaints with SLA clocks and the store's at-risk list, not another store's", async () => {
    const { staff, complaints: made } = await storeDay();
    const home = await loadHome(db, staff.service, { now });
    expect([...home.sections]).toEqual(["myComplaints", "atRiskComplaints"]);
    expect(home.myComplaints!.rows.map((r) => r.id).sort()).toEqual([made.mine.id, made.mineAtRisk.id].sort());
    expect(home.myComplaints!.total).toBe(2);
    for (const row of home.myComplaints!.rows) {
      expect(row.sla!.clock).toBe("response");
      // Received at 10:00, the first response due at 14:00: three business hours left at 11:00.
      expect(row.sla!.minutesLeft).toBe(180);
      expect(row.customerName).toBe("李*国");
    }
    expect(home.atRiskComplaints!.rows.map((r) => r.id).sort()).toEqual(
      [made.mineAtRisk.id, made.teamAtRisk.id].sort(),
    );
    expect(home.atRiskComplaints!.total).toBe(2);
    const ids = [...home.myComplaints!.rows, ...home.atRiskComplaints!.rows].map((r) => r.id);
    expect(ids).not.toContain(made.foreignMine.id);
    expect(ids).not.toContain(made.foreignAtRisk.id);
    expect(home.ticketQueue).toBeUndefined();
  });

  it("gives a manager the figures of their store and an admin those of every store", async () => {
    const { store: here, staff } = await storeDay();
    const advisorHere = await createTestAccount(db, ["advisor"], [here.id]);
    const advisorThere = await createTestAccount(db, ["advisor"], [otherStore.id]);
    const adminBefore = await appointmentsTodayCount(db, admin, now);
    await visit({ advisorId: advisorHere.id, storeId: here.id, startsAt: "2026-12-10T15:00:00+08:00" });
    await visit({
      advisorId: advisorHere.id,
      storeId: here.id,
      startsAt: "2026-12-10T17:00:00+08:00",
      status: "cancelled",
    });
    await visit({ advisorId: advisorHere.id, storeId: here.id, startsAt: "2026-12-11T15:00:00+08:00" });
    await visit({ advisorId: advisorThere.id, storeId: otherStore.id, startsAt: "2026-12-10T15:00:00+08:00" });

    const home = await loadHome(db, staff.manager, { now });
    expect([...home.sections]).toEqual(["storeSummary"]);
    expect(home.storeSummary).toEqual({
      appointmentsToday: 1,
      tickets: { open: 2, overdue: 1, ready_for_pickup: 0 },
      callsDue: 2,
      complaintsAtRisk: 2,
      complaintsBreached: 1,
      unassignedTasks: 0,
    });

    const adminHome = await loadHome(db, admin, { now });
    expect(adminHome.storeSummary!.appointmentsToday).toBe(adminBefore + 2);
    // Admins hold neither the call list nor the task list: those figures are not read for them.
    expect(adminHome.storeSummary!.callsDue).toBeNull();
    expect(adminHome.storeSummary!.unassignedTasks).toBeNull();
  });

  it("shows a staff member with several roles the sections of each", async () => {
    const { store: here } = await storeDay();
    const both = await createTestAccount(db, ["advisor", "after_sales"], [here.id]);
    const home = await loadHome(db, both, { now });
    expect([...home.sections]).toEqual([
      "advisorAppointments",
      "importantDates",
      "advisorTasks",
      "dormantClients",
      "ticketQueue",
      "overdueTickets",
      "followUpCalls",
    ]);
    expect(home.ticketQueue!.total).toBe(2);
    expect(home.advisorAppointments!.total).toBe(0);
  });

  it("gives a staff member without stores empty lists, not another store's", async () => {
    await storeDay();
    const nowhere = await createTestAccount(db, ["after_sales", "service"], []);
    const home = await loadHome(db, nowhere, { now });
    expect(home.ticketQueue!.total).toBe(0);
    expect(home.overdueTickets!.total).toBe(0);
    expect(home.followUpCalls!.total).toBe(0);
    expect(home.myComplaints!.total).toBe(0);
    expect(home.atRiskComplaints!.total).toBe(0);
  });
});

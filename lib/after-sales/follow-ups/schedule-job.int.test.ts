import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { followUpCalls, members, salesTransactions } from "@/db/schema";
import { runJob } from "@/lib/jobs/run-job";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { scheduleFollowUpCalls } from "./schedule-job";

let db: Db;
let store: TestStore;
let newYork: TestStore;

// One database for the file; every test builds its own members and looks only at their calls. A
// run may also schedule an earlier test's data, but only after that test's checks.
setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  newYork = await createTestStore(db, { timeZone: "America/New_York" });
});

/** 10:00 on a store-local day in Asia/Shanghai. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const run = (day: string) => scheduleFollowUpCalls(db, { now: at(day) });

async function callsOf(memberId: string) {
  return db
    .select({
      kind: followUpCalls.kind,
      dueOn: followUpCalls.dueOn,
      ticketId: followUpCalls.ticketId,
      itemId: followUpCalls.itemId,
      storeId: followUpCalls.storeId,
      status: followUpCalls.status,
    })
    .from(followUpCalls)
    .where(eq(followUpCalls.memberId, memberId))
    .orderBy(asc(followUpCalls.dueOn), asc(followUpCalls.kind));
}

async function pickedUp(storeId: string, pickedUpAt: string, options: { tier?: string; status?: "picked_up" } = {}) {
  const member = await insertMember(db, { storeId, tier: options.tier });
  const ticket = await insertServiceTicket(db, {
    memberId: member.id,
    storeId,
    status: options.status ?? "picked_up",
    pickedUpAt: new Date(pickedUpAt),
    readyAt: new Date(pickedUpAt),
    weightOutCg: 2_345,
  });
  return { member, ticket };
}

async function purchase(memberId: string, storeId: string, occurredAt: string) {
  const [row] = await db
    .insert(salesTransactions)
    .values({
      storeId,
      memberId,
      externalId: `P-${uniqueSuffix(10)}`,
      kind: "purchase",
      occurredAt: new Date(occurredAt),
      netPaidFen: 1_280_000,
      totalPaidFen: 1_280_000,
    })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

describe(`after-sales-follow-ups job on ${testDriver()}`, () => {
  describe("day-3 and day-30 calls", () => {
    it("schedules both once for a picked-up ticket; running the job again adds nothing", async () => {
      const { member, ticket } = await pickedUp(store.id, "2026-03-01T15:00:00+08:00");
      const first = await run("2026-03-02");
      expect(first.day3Calls).toBeGreaterThanOrEqual(1);
      expect(first.day30Calls).toBeGreaterThanOrEqual(1);
      const second = await run("2026-03-02");
      expect(second).toEqual({ day3Calls: 0, day30Calls: 0, cleaningReminders: 0 });
      expect(await callsOf(member.id)).toEqual([
        {
          kind: "day_3",
          dueOn: "2026-03-04",
          ticketId: ticket.id,
          itemId: ticket.itemId,
          storeId: store.id,
          status: "open",
        },
        {
          kind: "day_30",
          dueOn: "2026-03-31",
          ticketId: ticket.id,
          itemId: ticket.itemId,
          storeId: store.id,
          status: "open",
        },
      ]);
      // Days later the same ticket still has its two calls only.
      await run("2026-03-20");
      expect(await callsOf(member.id)).toHaveLength(2);
    });

    it("counts from the pickup's day in the store's time zone, across a store-local midnight", async () => {
      // 00:30 on 2 March in Shanghai is still 1 March in UTC.
      const shanghai = await pickedUp(store.id, "2026-03-01T16:30:00Z");
      // 22:00 on 1 March in New York is already 2 March in UTC.
      const ny = await pickedUp(newYork.id, "2026-03-02T03:00:00Z");
      await run("2026-03-03");
      expect((await callsOf(shanghai.member.id)).map((c) => [c.kind, c.dueOn])).toEqual([
        ["day_3", "2026-03-05"],
        ["day_30", "2026-04-01"],
      ]);
      expect((await callsOf(ny.member.id)).map((c) => [c.kind, c.dueOn, c.storeId])).toEqual([
        ["day_3", "2026-03-04", newYork.id],
        ["day_30", "2026-03-31", newYork.id],
      ]);
    });

    it("waits for the pickup, skips erased members, and no longer creates a call overdue by more than 30 days", async () => {
      const waiting = await insertMember(db, { storeId: store.id });
      await insertServiceTicket(db, { memberId: waiting.id, storeId: store.id, status: "ready_for_pickup" });
      const erased = await pickedUp(store.id, "2026-03-01T12:00:00+08:00");
      await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.member.id));
      // Picked up 1 January: day 3 (4 January) is 57 days overdue on 2 March, day 30 (31 January) 30 days.
      const old = await pickedUp(store.id, "2026-01-01T12:00:00+08:00");
      await run("2026-03-02");
      expect(await callsOf(waiting.id)).toEqual([]);
      expect(await callsOf(erased.member.id)).toEqual([]);
      expect((await callsOf(old.member.id)).map((c) => [c.kind, c.dueOn])).toEqual([["day_30", "2026-01-31"]]);
    });
  });

  describe("cleaning reminders", () => {
    it("reminds gold and diamond members' pieces six months after the latest visit, and no other tier", async () => {
      const gold = await insertMember(db, { storeId: store.id, tier: "gold" });
      const goldItem = await insertJewelryItem(db, {
        memberId: gold.id,
        storeId: store.id,
        purchaseTransactionId: await purchase(gold.id, store.id, "2025-11-10T14:00:00+08:00"),
      });
      // A diamond member's piece bought long ago and serviced at the New York store last month: the pickup counts.
      const diamond = await insertMember(db, { storeId: store.id, tier: "diamond" });
      const diamondItem = await insertJewelryItem(db, {
        memberId: diamond.id,
        storeId: store.id,
        purchaseTransactionId: await purchase(diamond.id, store.id, "2024-01-05T14:00:00+08:00"),
      });
      await insertServiceTicket(db, {
        memberId: diamond.id,
        storeId: newYork.id,
        itemId: diamondItem.id,
        status: "closed",
        pickedUpAt: new Date("2026-02-20T12:00:00-05:00"),
      });
      const silver = await insertMember(db, { storeId: store.id, tier: "silver" });
      await insertJewelryItem(db, {
        memberId: silver.id,
        storeId: store.id,
        purchaseTransactionId: await purchase(silver.id, store.id, "2025-11-10T14:00:00+08:00"),
      });
      const normal = await insertMember(db, { storeId: store.id });
      await insertJewelryItem(db, {
        memberId: normal.id,
        storeId: store.id,
        purchaseTransactionId: await purchase(normal.id, store.id, "2025-11-10T14:00:00+08:00"),
      });

      await run("2026-03-02");
      const goldCalls = await callsOf(gold.id);
      expect(goldCalls).toEqual([
        {
          kind: "cleaning_reminder",
          dueOn: "2026-05-10",
          ticketId: null,
          itemId: goldItem.id,
          storeId: store.id,
          status: "open",
        },
      ]);
      const diamondCalls = (await callsOf(diamond.id)).filter((c) => c.kind === "cleaning_reminder");
      expect(diamondCalls).toEqual([
        {
          kind: "cleaning_reminder",
          dueOn: "2026-08-20",
          ticketId: null,
          itemId: diamondItem.id,
          storeId: newYork.id,
          status: "open",
        },
      ]);
      expect(await callsOf(silver.id)).toEqual([]);
      expect(await callsOf(normal.id)).toEqual([]);
    });

    it("schedules only the next reminder, the next half-year anniversary for an old piece, and the one after once it is closed", async () => {
      const member = await insertMember(db, { storeId: store.id, tier: "gold" });
      const item = await insertJewelryItem(db, {
        memberId: member.id,
        storeId: store.id,
        purchaseTransactionId: await purchase(member.id, store.id, "2023-01-31T14:00:00+08:00"),
      });
      await run("2026-03-02");
      await run("2026-03-02");
      await run("2026-06-01");
      expect((await callsOf(member.id)).map((c) => c.dueOn)).toEqual(["2026-07-31"]);

      // The reminder was made: the next is six months after it, still only one open.
      await db.update(followUpCalls).set({ status: "done" }).where(eq(followUpCalls.itemId, item.id));
      const after = await run("2026-08-01");
      expect(after.cleaningReminders).toBeGreaterThanOrEqual(1);
      await run("2026-08-01");
      expect((await callsOf(member.id)).map((c) => [c.dueOn, c.status])).toEqual([
        ["2026-07-31", "done"],
        ["2027-01-31", "open"],
      ]);
    });

    it("gives nothing to a piece with neither a purchase nor a pickup", async () => {
      const member = await insertMember(db, { storeId: store.id, tier: "diamond" });
      await insertJewelryItem(db, { memberId: member.id, storeId: store.id });
      await run("2026-03-02");
      expect(await callsOf(member.id)).toEqual([]);
    });
  });

  it("runs as the after-sales-follow-ups job under its advisory lock", async () => {
    const outcome = await runJob(db, "after-sales-follow-ups");
    expect(outcome.status).toBe("done");
    expect(outcome).toMatchObject({
      result: { day3Calls: expect.any(Number), day30Calls: expect.any(Number), cleaningReminders: expect.any(Number) },
    });
  });
});

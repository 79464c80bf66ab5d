import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  clientelingTasks,
  memberImportantDates,
  members,
  salesTransactionLines,
  salesTransactions,
  staff,
} from "@/db/schema";
import { runJob } from "@/lib/jobs/run-job";
import { tierFixtures, YUAN } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import {
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  type TestStore,
} from "@/tests/helpers/test-db";
import { generateClientelingTasks } from "./generation-job";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisorId: string;
const { purchase, refund } = tierFixtures(() => ({ db, storeId: store.id }));

// One database for the file; every test builds its own members and looks only at their tasks. A
// run with a later `now` may pick up an earlier test's data, but only after that test's checks.
setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisorId = (await createTestStaff(db, { roles: ["advisor"], storeIds: [store.id] })).id;
});

/** 10:00 on a store-local day in Asia/Shanghai. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

async function run(day: string, times = 1) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await generateClientelingTasks(db, { now: at(day) }));
  return results;
}

async function tasksOf(memberId: string) {
  return db
    .select()
    .from(clientelingTasks)
    .where(eq(clientelingTasks.memberId, memberId))
    .orderBy(asc(clientelingTasks.dueOn), asc(clientelingTasks.sourceKey));
}

async function client(options: { advisorId?: string | null; storeId?: string; birthday?: string } = {}) {
  return insertMember(db, {
    storeId: options.storeId ?? store.id,
    advisorId: options.advisorId === undefined ? advisorId : options.advisorId,
    birthday: options.birthday ?? null,
  });
}

describe(`clienteling-tasks job on ${testDriver()}`, () => {
  describe("care calls", () => {
    it("creates one care call per qualifying purchase however often it runs", async () => {
      const member = await client();
      const transactionId = await purchase(member.id, "2025-11-20T14:00:00+08:00", 12_800);
      await db.insert(salesTransactionLines).values([
        {
          transactionId,
          lineNo: 1,
          sku: "GB-001",
          name: "足金手镯",
          category: "gold",
          quantity: 1,
          unitPriceFen: 1_280_000,
          amountFen: 1_280_000,
        },
      ]);

      const results = await run("2025-11-27", 3);
      expect(results[0]!.careCalls).toBeGreaterThanOrEqual(1);
      expect(results.slice(1).map((r) => r.careCalls)).toEqual([0, 0]);
      const tasks = await tasksOf(member.id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        kind: "care_call",
        status: "open",
        storeId: store.id,
        assigneeId: advisorId,
        sourceKey: `care_call:${transactionId}`,
        dueOn: "2025-11-27",
        details: { transactionId, amountFen: 1_280_000, purchasedOn: "2025-11-20", items: ["足金手镯"] },
      });
      // Days later, still inside the overdue window: still the one task.
      await run("2025-12-10");
      expect(await tasksOf(member.id)).toHaveLength(1);
    });

    it("needs ¥5,000 or more: ¥4,999.99 gets none, exactly ¥5,000 gets one", async () => {
      const below = await client();
      const exact = await client();
      const belowId = await purchase(below.id, "2025-11-20T12:00:00+08:00", 4_999);
      await db.update(salesTransactions).set({ netPaidFen: 499_999 }).where(eq(salesTransactions.id, belowId));
      await purchase(exact.id, "2025-11-20T12:00:00+08:00", 5_000);
      await run("2025-11-27");
      expect(await tasksOf(below.id)).toEqual([]);
      expect(await tasksOf(exact.id)).toMatchObject([{ kind: "care_call", details: { amountFen: 5_000 * YUAN } }]);
    });

    it("counts what remains paid after refunds: fully refunded or refunded below ¥5,000 gets none", async () => {
      const full = await client();
      const belowAfter = await client();
      const stillAbove = await client();
      const fullId = await purchase(full.id, "2025-11-20T12:00:00+08:00", 9_000);
      await refund(full.id, fullId, "2025-11-22T12:00:00+08:00", 9_000);
      const belowId = await purchase(belowAfter.id, "2025-11-20T12:00:00+08:00", 6_000);
      await refund(belowAfter.id, belowId, "2025-11-22T12:00:00+08:00", 2_000);
      const aboveId = await purchase(stillAbove.id, "2025-11-20T12:00:00+08:00", 8_000);
      await refund(stillAbove.id, aboveId, "2025-11-21T12:00:00+08:00", 1_000);
      await refund(stillAbove.id, aboveId, "2025-11-22T12:00:00+08:00", 1_000);

      await run("2025-11-27");
      expect(await tasksOf(full.id)).toEqual([]);
      expect(await tasksOf(belowAfter.id)).toEqual([]);
      expect(await tasksOf(stillAbove.id)).toMatchObject([
        { details: { transactionId: aboveId, amountFen: 6_000 * YUAN } },
      ]);
    });

    it("is created once due by tomorrow, up to 30 days overdue, on the purchase's store-local day", async () => {
      const tomorrow = await client();
      const later = await client();
      const overdue30 = await client();
      const overdue31 = await client();
      const lateEvening = await client();
      await purchase(tomorrow.id, "2025-11-21T12:00:00+08:00", 6_000);
      await purchase(later.id, "2025-11-22T12:00:00+08:00", 6_000);
      await purchase(overdue30.id, "2025-10-21T12:00:00+08:00", 6_000);
      await purchase(overdue31.id, "2025-10-20T12:00:00+08:00", 6_000);
      // 00:30 on 21 November in Shanghai is still 20 November in UTC: the store's day counts.
      await purchase(lateEvening.id, "2025-11-20T16:30:00Z", 6_000);

      await run("2025-11-27");
      expect(await tasksOf(tomorrow.id)).toMatchObject([{ dueOn: "2025-11-28" }]);
      expect(await tasksOf(later.id)).toEqual([]);
      expect(await tasksOf(overdue30.id)).toMatchObject([{ dueOn: "2025-10-28" }]);
      expect(await tasksOf(overdue31.id)).toEqual([]);
      expect(await tasksOf(lateEvening.id)).toMatchObject([
        { dueOn: "2025-11-28", details: { purchasedOn: "2025-11-21" } },
      ]);
    });

    it("goes to the purchase's store; anonymous, erased and merged members get none", async () => {
      const elsewhere = await client();
      const erased = await client();
      const merged = await client();
      const survivor = await client();
      const otherStoreId = await purchase(elsewhere.id, "2025-11-20T12:00:00+08:00", 7_000, otherStore.id);
      await purchase(erased.id, "2025-11-20T12:00:00+08:00", 7_000);
      await purchase(merged.id, "2025-11-20T12:00:00+08:00", 7_000);
      await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.id));
      await db.update(members).set({ mergedIntoId: survivor.id }).where(eq(members.id, merged.id));
      const [anonymous] = await db
        .insert(salesTransactions)
        .values({
          storeId: store.id,
          memberId: null,
          externalId: `ANON-${merged.id}`,
          kind: "purchase",
          occurredAt: new Date("2025-11-20T12:00:00+08:00"),
          netPaidFen: 20_000 * YUAN,
        })
        .returning();

      await run("2025-11-27");
      expect(
        await db
          .select()
          .from(clientelingTasks)
          .where(eq(clientelingTasks.sourceKey, `care_call:${anonymous!.id}`)),
      ).toEqual([]);
      // The member's advisor works at the home store only: the other store's unassigned list.
      expect(await tasksOf(elsewhere.id)).toMatchObject([
        { storeId: otherStore.id, assigneeId: null, sourceKey: `care_call:${otherStoreId}` },
      ]);
      expect(await tasksOf(erased.id)).toEqual([]);
      expect(await tasksOf(merged.id)).toEqual([]);
    });
  });

  describe("assignee", () => {
    it("is the member's advisor only while they are an active advisor of the store", async () => {
      const gone = await createTestStaff(db, { roles: ["advisor"], storeIds: [store.id] });
      const moved = await createTestStaff(db, { roles: ["advisor"], storeIds: [otherStore.id] });
      const headOffice = await createTestStaff(db, { roles: ["advisor"], allStores: true });
      const notAdvisor = await createTestStaff(db, { roles: ["service"], storeIds: [store.id] });
      await db.update(staff).set({ active: false }).where(eq(staff.id, gone.id));
      const cases = [
        { advisor: advisorId, expected: advisorId },
        { advisor: gone.id, expected: null },
        { advisor: moved.id, expected: null },
        { advisor: headOffice.id, expected: headOffice.id },
        { advisor: notAdvisor.id, expected: null },
        { advisor: null, expected: null },
      ];
      const ids = [];
      for (const c of cases) {
        const member = await client({ advisorId: c.advisor });
        await purchase(member.id, "2025-11-20T12:00:00+08:00", 6_000);
        ids.push(member.id);
      }
      await run("2025-11-27");
      for (const [i, c] of cases.entries()) {
        expect((await tasksOf(ids[i]!))[0]?.assigneeId, `case ${i}`).toBe(c.expected);
      }
    });
  });

  describe("important dates", () => {
    it("creates the task 14 days ahead, once a year, and again the next year", async () => {
      const member = await client({ birthday: "1990-12-11" });
      const [anniversary] = await db
        .insert(memberImportantDates)
        .values({ memberId: member.id, kind: "anniversary", label: "结婚纪念日", date: "2015-12-11" })
        .returning();
      const [notYet] = await db
        .insert(memberImportantDates)
        .values({ memberId: member.id, kind: "other", date: "2015-12-13" })
        .returning();

      await run("2025-11-27", 3);
      await run("2025-11-28");
      const tasks = await tasksOf(member.id);
      expect(tasks.map((t) => t.sourceKey).sort()).toEqual(
        [
          `birthday:${member.id}:2025`,
          `important_date:${anniversary!.id}:2025`,
          `important_date:${notYet!.id}:2025`,
        ].sort(),
      );
      expect(tasks.find((t) => t.sourceKey.startsWith("important_date:" + anniversary!.id))).toMatchObject({
        kind: "important_date",
        assigneeId: advisorId,
        dueOn: "2025-11-27",
        details: { dateKind: "anniversary", label: "结婚纪念日", date: "2015-12-11", occursOn: "2025-12-11" },
      });
      expect(tasks.find((t) => t.sourceKey.startsWith("birthday:"))).toMatchObject({
        dueOn: "2025-11-27",
        details: { dateKind: "birthday", occursOn: "2025-12-11" },
      });
      // 13 December was 16 days away on the 27th: its task came with the run of the 28th, due the 29th.
      expect(tasks.find((t) => t.sourceKey.startsWith("important_date:" + notYet!.id))).toMatchObject({
        dueOn: "2025-11-29",
      });

      await run("2026-11-27", 2);
      const nextYear = (await tasksOf(member.id)).filter((t) => t.sourceKey.endsWith(":2026"));
      expect(nextYear.map((t) => t.sourceKey).sort()).toEqual(
        [`birthday:${member.id}:2026`, `important_date:${anniversary!.id}:2026`].sort(),
      );
    });

    it("crosses the new year, and a 29 February date recurs on the 28th in a common year", async () => {
      const newYear = await client();
      const leap = await client();
      const [january] = await db
        .insert(memberImportantDates)
        .values({ memberId: newYear.id, kind: "partner_birthday", date: "2010-01-05" })
        .returning();
      const [february] = await db
        .insert(memberImportantDates)
        .values({ memberId: leap.id, kind: "anniversary", date: "2000-02-29" })
        .returning();

      // Recorded 11 days ahead: the task comes at once, already 3 days overdue.
      await run("2025-12-25");
      expect(await tasksOf(newYear.id)).toMatchObject([
        { sourceKey: `important_date:${january!.id}:2026`, dueOn: "2025-12-22", details: { occursOn: "2026-01-05" } },
      ]);
      await run("2027-02-14");
      expect(await tasksOf(leap.id)).toMatchObject([
        { sourceKey: `important_date:${february!.id}:2027`, dueOn: "2027-02-14", details: { occursOn: "2027-02-28" } },
      ]);
    });

    it("gives erased members nothing and never recalls a day before the recorded one", async () => {
      const erased = await client({ birthday: "1990-12-11" });
      await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.id));
      const future = await client();
      await db.insert(memberImportantDates).values({ memberId: future.id, kind: "anniversary", date: "2026-12-11" });
      await run("2025-11-27");
      expect(await tasksOf(erased.id)).toEqual([]);
      expect(await tasksOf(future.id)).toEqual([]);
    });
  });

  describe("dormant call-backs", () => {
    it("calls back once per dormancy episode, named by the last purchase", async () => {
      const member = await insertMember(db, { storeId: store.id, advisorId, lifecycleStage: "dormant" });
      await purchase(member.id, "2024-12-01T12:00:00+08:00", 300);
      await purchase(member.id, "2025-03-01T12:00:00+08:00", 300);

      await run("2025-09-01", 3);
      await run("2025-10-01");
      await run("2025-11-01");
      expect(await tasksOf(member.id)).toMatchObject([
        {
          kind: "dormant_callback",
          sourceKey: `dormant_callback:${member.id}:2025-03-01`,
          dueOn: "2025-09-01",
          assigneeId: advisorId,
          details: { lastPurchaseOn: "2025-03-01" },
        },
      ]);

      // Lost (no purchase for a year): the same episode, no second call.
      await db.update(members).set({ lifecycleStage: "lost" }).where(eq(members.id, member.id));
      await run("2026-03-05");
      expect(await tasksOf(member.id)).toHaveLength(1);

      // They buy again, and later turn dormant again: a new episode, a new call-back.
      await purchase(member.id, "2026-03-10T12:00:00+08:00", 300);
      await db.update(members).set({ lifecycleStage: "dormant" }).where(eq(members.id, member.id));
      await run("2026-09-10", 2);
      const tasks = await tasksOf(member.id);
      expect(tasks.map((t) => t.sourceKey)).toEqual([
        `dormant_callback:${member.id}:2025-03-01`,
        `dormant_callback:${member.id}:2026-03-10`,
      ]);
    });

    it("skips regular, erased and merged members", async () => {
      const regular = await insertMember(db, { storeId: store.id, lifecycleStage: "regular" });
      const erased = await insertMember(db, { storeId: store.id, lifecycleStage: "dormant" });
      const merged = await insertMember(db, { storeId: store.id, lifecycleStage: "dormant" });
      for (const m of [regular, erased, merged]) await purchase(m.id, "2025-01-01T12:00:00+08:00", 100);
      await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.id));
      await db.update(members).set({ mergedIntoId: regular.id }).where(eq(members.id, merged.id));
      await run("2025-09-01");
      for (const m of [regular, erased, merged]) expect(await tasksOf(m.id)).toEqual([]);
    });
  });

  it("runs as the clienteling-tasks job under its advisory lock", async () => {
    const outcome = await runJob(db, "clienteling-tasks");
    expect(outcome.status).toBe("done");
    expect(outcome).toMatchObject({
      result: {
        careCalls: expect.any(Number),
        importantDates: expect.any(Number),
        birthdays: expect.any(Number),
        dormantCallbacks: expect.any(Number),
      },
    });
  });
});

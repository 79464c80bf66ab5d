import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import { pointsAdjustments } from "@/db/schema";
import { saveSetting } from "@/lib/settings/versioned";
import type { StaffAccount } from "@/lib/staff/principal";
import { DEFAULT_TIME_ZONE, startOfLocalDay, todayIn } from "@/lib/time";
import { createMakerAndChecker } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStaff, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { pointsBalance } from "../points/queries";
import { lockMemberForPoints } from "../points/service";
import { EARN_RULES } from "../programme/rules";
import { listPendingAdjustments, pendingAdjustmentsParamsSchema } from "./queries";
import { decideAdjustmentUseCase, requestAdjustmentUseCase } from "./use-cases";

// docs/domain.md#adjustments: the approval threshold holds per requester, per member, per day (the
// sum of absolute points), so a large adjustment split into small requests still reaches a checker.

const THRESHOLD = 20_000;

let db: Db;
let store: TestStore;
let makerManager: StaffAccount;
let checkerManager: StaffAccount;

setupTestDatabase((opened) => {
  db = opened;
});
// This file has its own database, so the earn rules (a global setting) can carry a threshold of its own.
beforeAll(async () => {
  const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
  await saveSetting(
    db,
    { staffId: admin.id, username: admin.username, ip: null },
    EARN_RULES,
    { ...EARN_RULES.defaults, adjustmentApprovalThreshold: THRESHOLD },
    new Date(Date.now() - 60_000),
  );
});
beforeEach(async () => {
  ({ store, makerManager, checkerManager } = await createMakerAndChecker(db));
});

const request = (staff: StaffAccount, memberId: string, points: number, reason = "Split request") =>
  runAs(db, requestAdjustmentUseCase, staff, { memberId, points, reason });

/** Waits until `count` sessions of this database wait on a lock (a race test's requests have overlapped). */
async function waitForLockWaiters(count: number) {
  for (let i = 0; i < 200; i++) {
    const [row] = rowsOf<{ waiting: number }>(
      await db.execute(
        sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      ),
    );
    if (Number(row?.waiting) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited on a lock`);
}

async function statusesOf(memberId: string) {
  const rows = await db
    .select({ status: pointsAdjustments.status })
    .from(pointsAdjustments)
    .where(eq(pointsAdjustments.memberId, memberId));
  return rows.map((row) => row.status).sort();
}

describe("the approval threshold per requester, member and day", () => {
  it("twenty requests of 5,000: only those whose day total stays within the threshold apply, the rest wait", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const statuses: string[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await request(makerManager, member.id, 5000)).status);

    expect(statuses).toEqual([...Array(4).fill("approved"), ...Array(16).fill("pending")]);
    expect(await pointsBalance(db, member.id)).toBe(THRESHOLD);
    expect(await auditEntries(db, { action: "loyalty.adjustment", entityId: member.id })).toHaveLength(4);
    expect(await auditEntries(db, { action: "loyalty.adjustment_request", entityId: member.id })).toHaveLength(16);
  });

  it("deductions count by their size, and once over the threshold even a small request waits", async () => {
    const member = await insertMember(db, { storeId: store.id });
    expect(await request(makerManager, member.id, 15_000)).toMatchObject({ status: "approved" });
    expect(await request(makerManager, member.id, -6000)).toMatchObject({ status: "pending", pointsBalance: 15_000 });
    expect(await request(makerManager, member.id, 10)).toMatchObject({ status: "pending" });
  });

  it("another requester, another member, yesterday's and rejected requests do not count", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const otherMember = await insertMember(db, { storeId: store.id });
    const service = await createTestAccount(db, ["service"], [store.id]);

    // Requested yesterday (one millisecond before midnight, store time: test stores use the default zone).
    const midnight = startOfLocalDay(todayIn(DEFAULT_TIME_ZONE), DEFAULT_TIME_ZONE);
    await db.insert(pointsAdjustments).values({
      memberId: member.id,
      points: 20_000,
      reason: "Yesterday",
      status: "approved",
      requestedBy: makerManager.id,
      requestedAt: new Date(midnight.getTime() - 1),
    });
    // Rejected today: never applied, so not part of the day total.
    const rejected = await request(makerManager, member.id, 25_000);
    expect(rejected.status).toBe("pending");
    await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: rejected.adjustmentId,
      approve: false,
      note: "Wrong member",
    });

    expect(await request(makerManager, member.id, 20_000)).toMatchObject({ status: "approved" });
    expect(await request(service, member.id, 20_000)).toMatchObject({ status: "approved" });
    expect(await request(makerManager, otherMember.id, 20_000)).toMatchObject({ status: "approved" });
    expect(await request(makerManager, member.id, 1)).toMatchObject({ status: "pending" });
  });

  it("the approvals queue shows each requester's day total for the member", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const service = await createTestAccount(db, ["service"], [store.id]);
    for (let i = 0; i < 6; i++) await request(makerManager, member.id, 5000);
    await request(service, member.id, 25_000);
    await request(service, member.id, -3000);
    // A request still waiting from yesterday shows yesterday's total.
    const midnight = startOfLocalDay(todayIn(DEFAULT_TIME_ZONE), DEFAULT_TIME_ZONE);
    const [yesterday] = await db
      .insert(pointsAdjustments)
      .values({
        memberId: member.id,
        points: 30_000,
        reason: "Yesterday",
        status: "pending",
        requestedBy: makerManager.id,
        requestedAt: new Date(midnight.getTime() - 60_000),
      })
      .returning({ id: pointsAdjustments.id });

    const { rows } = await listPendingAdjustments(
      db,
      { kind: "stores", storeIds: [store.id] },
      pendingAdjustmentsParamsSchema.parse({ pageSize: "50" }),
    );
    const totals = rows.map((row) => [row.requestedById, row.points, row.requesterDayTotal]);
    expect(totals).toEqual([
      [makerManager.id, 30_000, 30_000],
      [makerManager.id, 5000, 30_000],
      [makerManager.id, 5000, 30_000],
      [service.id, 25_000, 28_000],
      [service.id, -3000, 28_000],
    ]);
    expect(rows[0]!.id).toBe(yesterday!.id);
    expect(await statusesOf(member.id)).toEqual([...Array(4).fill("approved"), ...Array(5).fill("pending")]);
  });

  // A race: on PGlite (one connection) the two requests would run one after the other and prove nothing.
  describe.runIf(testDriver() === "postgres")("at the same moment (needs real PostgreSQL)", () => {
    it("two simultaneous requests that together pass the threshold: one applies, the other waits", async () => {
      const member = await insertMember(db, { storeId: store.id });
      // Another transaction holds the member row until both requests wait on a lock, so they truly
      // overlap: without a lock before the day total is read, both would read 0 and both apply.
      let both: Promise<{ status: string }[]> | undefined;
      await db.transaction(async (tx) => {
        await lockMemberForPoints(tx, member.id);
        both = Promise.all([
          request(makerManager, member.id, 15_000, "First half"),
          request(makerManager, member.id, 15_000, "Second half"),
        ]);
        await waitForLockWaiters(2);
      });
      const outcomes = await both!;
      expect(outcomes.map((o) => o.status).sort()).toEqual(["approved", "pending"]);
      expect(await pointsBalance(db, member.id)).toBe(15_000);
      expect(await statusesOf(member.id)).toEqual(["approved", "pending"]);
    });
  });
});

import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { pointsAdjustments } from "@/db/schema";
import { settingAt } from "@/lib/settings/versioned";
import type { StaffAccount } from "@/lib/staff/principal";
import { DEFAULT_TIME_ZONE, startOfLocalDay, todayIn } from "@/lib/time";
import { createMakerAndChecker } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { adjustmentContextUseCase } from "../member-360/use-cases";
import { EARN_RULES } from "../programme/rules";
import {
  countPendingAdjustments,
  decidedAdjustmentsParamsSchema,
  listDecidedAdjustments,
  listPendingAdjustments,
  pendingAdjustmentsParamsSchema,
  requesterDayTotal,
} from "./queries";
import { decideAdjustmentUseCase, requestAdjustmentUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let makerManager: StaffAccount;
let checkerManager: StaffAccount;

// One database for the file (creating one per test is slow on PGlite); every test builds its own
// stores, staff and members, and every count below is about those, so tests stay independent.
setupTestDatabase((opened) => {
  db = opened;
});
beforeEach(async () => {
  ({ store, otherStore, makerManager, checkerManager } = await createMakerAndChecker(db));
});

describe("the approvals lists", () => {
  it("pending: the manager's stores only, masked names, requester, balance; paged and sorted on the server", async () => {
    const mine = await insertMember(db, { storeId: store.id, name: "张晓华" });
    const elsewhere = await insertMember(db, { storeId: otherStore.id, name: "李四光" });
    const otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: mine.id,
      points: 300,
      reason: "Applies at once",
    });
    const small = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: mine.id,
      points: 6000,
      reason: "First request",
    });
    const large = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: mine.id,
      points: -9000,
      reason: "Second request",
    });
    await runAs(db, requestAdjustmentUseCase, otherManager, {
      memberId: elsewhere.id,
      points: 7000,
      reason: "Other store",
    });

    const scope = { kind: "stores", storeIds: [store.id] } as const;
    const byTime = await listPendingAdjustments(db, scope, pendingAdjustmentsParamsSchema.parse({}));
    expect(byTime.total).toBe(2);
    expect(byTime.rows.map((r) => r.id)).toEqual([small.adjustmentId, large.adjustmentId]);
    expect(byTime.rows[0]).toMatchObject({
      memberId: mine.id,
      memberName: "张*华",
      storeCode: store.code,
      timeZone: "Asia/Shanghai",
      points: 6000,
      reason: "First request",
      requestedById: makerManager.id,
      requestedByName: "Maker Manager",
      memberBalance: 300,
      // The maker's day total for this member: 300 applied + 6,000 + 9,000 waiting.
      requesterDayTotal: 15_300,
    });
    expect(JSON.stringify(byTime.rows)).not.toContain("张晓华");

    const bySize = await listPendingAdjustments(
      db,
      scope,
      pendingAdjustmentsParamsSchema.parse({ sort: "points", dir: "desc" }),
    );
    expect(bySize.rows.map((r) => r.points)).toEqual([-9000, 6000]);
    const secondPage = await listPendingAdjustments(
      db,
      scope,
      pendingAdjustmentsParamsSchema.parse({ page: "2", pageSize: "10" }),
    );
    expect(secondPage).toEqual({ rows: [], total: 2 });

    expect(await countPendingAdjustments(db, scope)).toBe(2);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [otherStore.id] })).toBe(1);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [] })).toBe(0);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [store.id, otherStore.id] })).toBe(3);
    expect(await countPendingAdjustments(db, { kind: "all" })).toBeGreaterThanOrEqual(3);
  });

  it("decided: the managers' decisions with who and why, newest first; adjustments applied at once are not listed", async () => {
    const member = await insertMember(db, { storeId: store.id, name: "王小明" });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 300,
      reason: "Applies at once",
    });
    const first = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 6000,
      reason: "First",
    });
    const second = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 7000,
      reason: "Second",
    });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 8000,
      reason: "Still pending",
    });
    await runAs(db, decideAdjustmentUseCase, checkerManager, { adjustmentId: first.adjustmentId, approve: true });
    await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: second.adjustmentId,
      approve: false,
      note: "No evidence",
    });
    // Make the order of the decisions unambiguous whatever the clock's resolution.
    await db.execute(
      sql`update points_adjustments set decided_at = decided_at - interval '1 minute' where id = ${first.adjustmentId}`,
    );

    const scope = { kind: "stores", storeIds: [store.id] } as const;
    const decided = await listDecidedAdjustments(db, scope, decidedAdjustmentsParamsSchema.parse({}));
    expect(decided.total).toBe(2);
    expect(decided.rows.map((r) => [r.id, r.status])).toEqual([
      [second.adjustmentId, "rejected"],
      [first.adjustmentId, "approved"],
    ]);
    expect(decided.rows[0]).toMatchObject({
      memberName: "王*明",
      decidedById: checkerManager.id,
      decidedByName: "Checker Manager",
      decisionNote: "No evidence",
      requestedByName: "Maker Manager",
    });
    const outside = await listDecidedAdjustments(
      db,
      { kind: "stores", storeIds: [otherStore.id] },
      decidedAdjustmentsParamsSchema.parse({}),
    );
    expect(outside.total).toBe(0);
  });
});

// docs/domain.md#adjustments: the 360° form predicts "applies at once" from this total, so it must be
// exactly what requestPointsAdjustment holds the threshold against.
describe("the requester's day total for a member", () => {
  it("counts their applied and waiting requests today, not rejected, yesterday's, other requesters' or other members'", async () => {
    const { adjustmentApprovalThreshold: threshold } = await settingAt(db, EARN_RULES);
    const member = await insertMember(db, { storeId: store.id });
    const otherMember = await insertMember(db, { storeId: store.id });
    const service = await createTestAccount(db, ["service"], [store.id]);
    const timeZone = DEFAULT_TIME_ZONE; // test stores use the default zone
    const total = (requester: StaffAccount, memberId = member.id, now?: Date) =>
      requesterDayTotal(db, { requesterId: requester.id, memberId, timeZone, now });
    const request = (requester: StaffAccount, memberId: string, points: number) =>
      runAs(db, requestAdjustmentUseCase, requester, { memberId, points, reason: "Day total" });

    expect(await total(makerManager)).toBe(0);
    expect(await request(makerManager, member.id, 2000)).toMatchObject({ status: "approved" });
    expect(await request(makerManager, member.id, -500)).toMatchObject({ status: "approved" });
    expect(await total(makerManager)).toBe(2500);
    // The service agrees: exactly up to the threshold applies, one point more waits.
    expect(await request(makerManager, member.id, threshold - 2500)).toMatchObject({ status: "approved" });
    expect(await total(makerManager)).toBe(threshold);
    expect(await request(makerManager, member.id, 1)).toMatchObject({ status: "pending" });
    expect(await total(makerManager)).toBe(threshold + 1);

    // Rejected: never applied, so it leaves the total.
    const rejected = await request(makerManager, member.id, 700);
    expect(await total(makerManager)).toBe(threshold + 701);
    await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: rejected.adjustmentId,
      approve: false,
      note: "Wrong member",
    });
    // Yesterday (one millisecond before midnight, store time), another requester, another member.
    const midnight = startOfLocalDay(todayIn(timeZone), timeZone);
    await db.insert(pointsAdjustments).values({
      memberId: member.id,
      points: 20_000,
      reason: "Yesterday",
      status: "approved",
      requestedBy: makerManager.id,
      requestedAt: new Date(midnight.getTime() - 1),
    });
    await request(service, member.id, 300);
    await request(makerManager, otherMember.id, 400);

    expect(await total(makerManager)).toBe(threshold + 1);
    expect(await total(service)).toBe(300);
    expect(await total(makerManager, otherMember.id)).toBe(400);
    expect(await total(makerManager, member.id, new Date(midnight.getTime() - 1))).toBe(20_000);
    // The 360° view's adjust dialog gets the signed-in staff member's total when it opens.
    const context = await runAs(db, adjustmentContextUseCase, makerManager, { memberId: member.id });
    expect(context.dayTotal).toBe(threshold + 1);
    expect((await runAs(db, adjustmentContextUseCase, service, { memberId: member.id })).dayTotal).toBe(300);
  });
});

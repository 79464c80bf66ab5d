import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { DatabaseHandle, Db } from "@/db/client";
import { gifts, pointsAdjustments, pointsEntries, redemptions } from "@/db/schema";
import { executeAction, type ActionDefinition } from "@/lib/actions/execute";
import type { Role } from "@/lib/auth/policy";
import { AppError, sqlState } from "@/lib/errors";
import { insertMember } from "@/lib/members/privacy-test-fixtures";
import { loadStaffAccount, type StaffAccount } from "@/lib/staff/principal";
import { auditEntries, createTestDatabase, createTestStaff, createTestStore, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { countPendingAdjustments, decidedAdjustmentsParamsSchema, listDecidedAdjustments, listPendingAdjustments, pendingAdjustmentsParamsSchema } from "./adjustment-queries";
import { decideAdjustmentUseCase, requestAdjustmentUseCase } from "./adjustment-use-cases";
import { counterRedeemUseCase, counterRedemptionStoreId } from "./counter-redemption";
import { pointsBalance } from "./points";

let handle: DatabaseHandle;
let db: Db;
let store: TestStore;
let otherStore: TestStore;
let makerManager: StaffAccount;
let checkerManager: StaffAccount;

async function account(roles: Role[], storeIds: string[], options: { allStores?: boolean; displayName?: string } = {}): Promise<StaffAccount> {
  const created = await createTestStaff(db, { roles, storeIds, allStores: options.allStores ?? false, displayName: options.displayName });
  return (await loadStaffAccount(db, created.id))!;
}

function run<TSchema extends z.ZodType, TOutput>(definition: ActionDefinition<TSchema, TOutput>, staff: StaffAccount, raw: unknown): Promise<TOutput> {
  return executeAction(definition, { staff, actor: { ip: "127.0.0.1" }, db }, raw);
}

async function adjustmentRow(id: string) {
  const [row] = await db.select().from(pointsAdjustments).where(eq(pointsAdjustments.id, id));
  return row!;
}

async function entriesOfAdjustment(id: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(pointsEntries).where(eq(pointsEntries.adjustmentId, id));
  return row?.value ?? 0;
}

async function adjustmentsOfMember(memberId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(pointsAdjustments).where(eq(pointsAdjustments.memberId, memberId));
  return row?.value ?? 0;
}

// One database for the file (creating one per test is slow on PGlite); every test builds its own
// stores, staff and members, and every count below is about those, so tests stay independent.
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  makerManager = await account(["manager"], [store.id], { displayName: "Maker Manager" });
  checkerManager = await account(["manager"], [store.id], { displayName: "Checker Manager" });
});

describe("manual points adjustments (maker-checker)", () => {
  it("an adjustment up to the threshold applies at once and changes the balance", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const service = await account(["service"], [store.id]);

    const added = await run(requestAdjustmentUseCase, service, { memberId: member.id, points: 300, reason: "Goodwill for a late repair" });
    expect(added).toMatchObject({ status: "approved", memberId: member.id, pointsBalance: 300 });
    // Exactly the threshold (5,000 by default) still applies at once.
    const atThreshold = await run(requestAdjustmentUseCase, service, { memberId: member.id, points: 5000, reason: "Migration from the old card" });
    expect(atThreshold).toMatchObject({ status: "approved", pointsBalance: 5300 });
    const taken = await run(requestAdjustmentUseCase, service, { memberId: member.id, points: -100, reason: "Duplicate survey points" });
    expect(taken).toMatchObject({ status: "approved", pointsBalance: 5200 });

    expect(await pointsBalance(db, member.id)).toBe(5200);
    const row = await adjustmentRow(added.adjustmentId);
    expect(row.entryId).not.toBeNull();
    expect(row.decidedBy).toBeNull();
    const audits = await auditEntries(db, { action: "loyalty.adjustment", entityId: member.id });
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ actorStaffId: service.id, storeId: store.id });
    expect(audits[0]!.details).toMatchObject({ adjustmentId: added.adjustmentId, points: 300, reason: "Goodwill for a late repair" });
  });

  it("above the threshold it waits with the balance unchanged, and another manager's approval applies it", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 8000, reason: "Points from the paper card" });
    expect(requested).toMatchObject({ status: "pending", pointsBalance: 0 });
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.adjustment_request", entityId: member.id })).toHaveLength(1);

    const decided = await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: true });
    expect(decided).toEqual({ adjustmentId: requested.adjustmentId, status: "approved", memberId: member.id });
    expect(await pointsBalance(db, member.id)).toBe(8000);
    const row = await adjustmentRow(requested.adjustmentId);
    expect(row).toMatchObject({ status: "approved", requestedBy: makerManager.id, decidedBy: checkerManager.id, decisionNote: null });
    expect(row.entryId).not.toBeNull();
    expect(row.decidedAt).toBeInstanceOf(Date);
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(1);
    const audits = await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: checkerManager.id, storeId: store.id });
  });

  it("a large deduction waits too, and applies on approval", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 5000, reason: "Opening balance" });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 4000, reason: "Opening balance, second card" });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: -6000, reason: "Points wrongly credited twice" });
    expect(requested).toMatchObject({ status: "pending", pointsBalance: 9000 });
    await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: true, note: "Checked against the POS" });
    expect(await pointsBalance(db, member.id)).toBe(3000);
  });

  it("the maker cannot approve their own request: refused, and it stays pending", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 9000, reason: "VIP event bonus" });

    const refusal = await run(decideAdjustmentUseCase, makerManager, { adjustmentId: requested.adjustmentId, approve: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "forbidden", message: "makerCannotApprove" });
    // Rejecting one's own request is refused the same way (a checker decides, either way).
    await expect(run(decideAdjustmentUseCase, makerManager, { adjustmentId: requested.adjustmentId, approve: false, note: "Never mind" })).rejects.toMatchObject({
      code: "forbidden",
    });

    expect(await adjustmentRow(requested.adjustmentId)).toMatchObject({ status: "pending", decidedBy: null, entryId: null });
    expect(await pointsBalance(db, member.id)).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(0);
  });

  it("a rejection applies nothing and keeps the note", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 12000, reason: "Compensation" });
    const decided = await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: false, note: "  No receipt attached  " });
    expect(decided.status).toBe("rejected");
    expect(await adjustmentRow(requested.adjustmentId)).toMatchObject({ status: "rejected", decidedBy: checkerManager.id, decisionNote: "No receipt attached", entryId: null });
    expect(await pointsBalance(db, member.id)).toBe(0);
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(0);
    const audits = await auditEntries(db, { action: "loyalty.adjustment_reject", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ note: "No receipt attached", points: 12000 });
  });

  it("a rejection needs a note; the schema refuses one without before anything runs", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 7000, reason: "Compensation" });
    const error = await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: false, note: "   " }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "validation", fieldErrors: { note: ["rejectNoteRequired"] } });
    expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
  });

  it("an adjustment already decided cannot be decided again", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const third = await account(["manager"], [store.id]);
    const approved = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 6000, reason: "Anniversary gift" });
    await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: approved.adjustmentId, approve: true });
    await expect(run(decideAdjustmentUseCase, third, { adjustmentId: approved.adjustmentId, approve: true })).rejects.toMatchObject({ code: "not_found" });
    await expect(run(decideAdjustmentUseCase, third, { adjustmentId: approved.adjustmentId, approve: false, note: "Too late" })).rejects.toMatchObject({ code: "not_found" });
    expect(await entriesOfAdjustment(approved.adjustmentId)).toBe(1);
    expect(await pointsBalance(db, member.id)).toBe(6000);
    expect(await adjustmentRow(approved.adjustmentId)).toMatchObject({ status: "approved", decidedBy: checkerManager.id });

    const rejected = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 6000, reason: "Asked twice" });
    await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: rejected.adjustmentId, approve: false, note: "Duplicate request" });
    await expect(run(decideAdjustmentUseCase, third, { adjustmentId: rejected.adjustmentId, approve: true })).rejects.toMatchObject({ code: "not_found" });
    expect(await entriesOfAdjustment(rejected.adjustmentId)).toBe(0);
    expect(await pointsBalance(db, member.id)).toBe(6000);
  });

  it("two managers approving the same request at once: one applies it, the other finds it already decided", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const secondChecker = await account(["manager"], [store.id]);
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 7000, reason: "Paper card transfer" });
    const outcomes = await Promise.allSettled([
      run(decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: true }),
      run(decideAdjustmentUseCase, secondChecker, { adjustmentId: requested.adjustmentId, approve: true }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(1);
    expect(await pointsBalance(db, member.id)).toBe(7000);
    expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(1);
  });

  it("a deduction beyond the balance is refused with insufficient_points and nothing is recorded", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 100, reason: "Welcome points" });
    await expect(run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: -200, reason: "Correction" })).rejects.toMatchObject({
      code: "insufficient_points",
    });
    expect(await pointsBalance(db, member.id)).toBe(100);
    expect(await adjustmentsOfMember(member.id)).toBe(1);
    expect(await auditEntries(db, { action: "loyalty.adjustment", entityId: member.id })).toHaveLength(1);

    // A large deduction waits; if the balance cannot cover it when approved, the approval is refused and it stays pending.
    const pending = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: -6000, reason: "Correction of the import" });
    await expect(run(decideAdjustmentUseCase, checkerManager, { adjustmentId: pending.adjustmentId, approve: true })).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await adjustmentRow(pending.adjustmentId)).toMatchObject({ status: "pending", decidedBy: null });
    expect(await pointsBalance(db, member.id)).toBe(100);
    expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(0);
  });

  it("store scope: a manager of another store finds neither the member nor the pending request", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const outsider = await account(["manager"], [otherStore.id]);
    await expect(run(requestAdjustmentUseCase, outsider, { memberId: member.id, points: 100, reason: "Goodwill" })).rejects.toMatchObject({ code: "not_found" });
    expect(await adjustmentsOfMember(member.id)).toBe(0);

    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 7000, reason: "Compensation" });
    await expect(run(decideAdjustmentUseCase, outsider, { adjustmentId: requested.adjustmentId, approve: true })).rejects.toMatchObject({ code: "not_found" });
    expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
    expect(await pointsBalance(db, member.id)).toBe(0);

    // An all-stores (head office) manager may decide it.
    const headOffice = await account(["manager"], [], { allStores: true });
    await run(decideAdjustmentUseCase, headOffice, { adjustmentId: requested.adjustmentId, approve: true });
    expect(await pointsBalance(db, member.id)).toBe(7000);
  });

  it("the database refuses decided_by = requested_by even when the code is bypassed", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const insertSelfDecided = db.insert(pointsAdjustments).values({
      memberId: member.id,
      points: 9000,
      reason: "Direct insert",
      status: "approved",
      requestedBy: makerManager.id,
      decidedBy: makerManager.id,
      decidedAt: new Date(),
    });
    const error = await insertSelfDecided.then(
      () => null,
      (e: unknown) => e,
    );
    expect(sqlState(error)).toBe("23514"); // check_violation
    expect(await adjustmentsOfMember(member.id)).toBe(0);

    // Nor can a pending row be decided by its maker with a direct UPDATE.
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 9000, reason: "Compensation" });
    const updateError = await db
      .update(pointsAdjustments)
      .set({ status: "approved", decidedBy: makerManager.id, decidedAt: new Date() })
      .where(eq(pointsAdjustments.id, requested.adjustmentId))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(sqlState(updateError)).toBe("23514");
    expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
  });

  it("input validation: zero, fractions, more than a million and a one-letter reason are refused", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const attempt = (raw: object) => run(requestAdjustmentUseCase, makerManager, { memberId: member.id, reason: "Valid reason", ...raw }).catch((e: unknown) => e);
    expect(await attempt({ points: 0 })).toMatchObject({ code: "validation", fieldErrors: { points: ["adjustmentPointsNonZero"] } });
    expect(await attempt({ points: 1.5 })).toMatchObject({ code: "validation", fieldErrors: { points: ["adjustmentPointsWhole"] } });
    expect(await attempt({ points: 1_000_001 })).toMatchObject({ code: "validation", fieldErrors: { points: ["adjustmentPointsRange"] } });
    expect(await attempt({ points: -1_000_001 })).toMatchObject({ code: "validation", fieldErrors: { points: ["adjustmentPointsRange"] } });
    expect(await attempt({ points: 10, reason: " x " })).toMatchObject({ code: "validation", fieldErrors: { reason: ["adjustmentReasonLength"] } });
    expect(await attempt({ points: 10, reason: "x".repeat(201) })).toMatchObject({ code: "validation", fieldErrors: { reason: ["adjustmentReasonLength"] } });
    expect(await attempt({ points: 10, memberId: "not-a-uuid" })).toMatchObject({ code: "validation" });
    expect(await adjustmentsOfMember(member.id)).toBe(0);
  });
});

describe("authorization by role, through executeAction", () => {
  const ALLOWED: Record<"request" | "decide" | "redeem", Role[]> = {
    request: ["admin", "manager", "service"],
    decide: ["manager"],
    redeem: ["manager", "advisor", "service"],
  };
  const ROLES_UNDER_TEST: Role[] = ["admin", "manager", "advisor", "after_sales", "service"];

  it.each(ROLES_UNDER_TEST)("request an adjustment as %s", async (role) => {
    const member = await insertMember(db, { storeId: store.id });
    const staff = await account([role], [store.id]);
    const attempt = run(requestAdjustmentUseCase, staff, { memberId: member.id, points: 50, reason: "Role matrix" });
    if (ALLOWED.request.includes(role)) {
      await expect(attempt).resolves.toMatchObject({ status: "approved" });
      expect(await pointsBalance(db, member.id)).toBe(50);
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect(await adjustmentsOfMember(member.id)).toBe(0);
    }
  });

  it.each(ROLES_UNDER_TEST)("decide an adjustment as %s", async (role) => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 6000, reason: "Role matrix" });
    const staff = await account([role], [store.id]);
    const attempt = run(decideAdjustmentUseCase, staff, { adjustmentId: requested.adjustmentId, approve: true });
    if (ALLOWED.decide.includes(role)) {
      await expect(attempt).resolves.toMatchObject({ status: "approved" });
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
    }
  });

  it.each(ROLES_UNDER_TEST)("redeem at the counter as %s", async (role) => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 1000, reason: "Role matrix" });
    const staff = await account([role], [store.id]);
    const attempt = run(counterRedeemUseCase, staff, { memberId: member.id, type: "parking", hours: 1 });
    if (ALLOWED.redeem.includes(role)) {
      await expect(attempt).resolves.toMatchObject({ pointsSpent: 200, pointsBalance: 800 });
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect(await pointsBalance(db, member.id)).toBe(1000);
    }
  });

  it("a staff member who must change their password can do none of them", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const created = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id], mustChangePassword: true });
    const staff = (await loadStaffAccount(db, created.id))!;
    await expect(run(requestAdjustmentUseCase, staff, { memberId: member.id, points: 50, reason: "Blocked" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(run(counterRedeemUseCase, staff, { memberId: member.id, type: "parking", hours: 1 })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the approvals lists", () => {
  it("pending: the manager's stores only, masked names, requester, balance; paged and sorted on the server", async () => {
    const mine = await insertMember(db, { storeId: store.id, name: "张晓华" });
    const elsewhere = await insertMember(db, { storeId: otherStore.id, name: "李四光" });
    const otherManager = await account(["manager"], [otherStore.id]);
    await run(requestAdjustmentUseCase, makerManager, { memberId: mine.id, points: 300, reason: "Applies at once" });
    const small = await run(requestAdjustmentUseCase, makerManager, { memberId: mine.id, points: 6000, reason: "First request" });
    const large = await run(requestAdjustmentUseCase, makerManager, { memberId: mine.id, points: -9000, reason: "Second request" });
    await run(requestAdjustmentUseCase, otherManager, { memberId: elsewhere.id, points: 7000, reason: "Other store" });

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
    });
    expect(JSON.stringify(byTime.rows)).not.toContain("张晓华");

    const bySize = await listPendingAdjustments(db, scope, pendingAdjustmentsParamsSchema.parse({ sort: "points", dir: "desc" }));
    expect(bySize.rows.map((r) => r.points)).toEqual([-9000, 6000]);
    const secondPage = await listPendingAdjustments(db, scope, pendingAdjustmentsParamsSchema.parse({ page: "2", pageSize: "10" }));
    expect(secondPage).toEqual({ rows: [], total: 2 });

    expect(await countPendingAdjustments(db, scope)).toBe(2);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [otherStore.id] })).toBe(1);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [] })).toBe(0);
    expect(await countPendingAdjustments(db, { kind: "stores", storeIds: [store.id, otherStore.id] })).toBe(3);
    expect(await countPendingAdjustments(db, { kind: "all" })).toBeGreaterThanOrEqual(3);
  });

  it("decided: the managers' decisions with who and why, newest first; adjustments applied at once are not listed", async () => {
    const member = await insertMember(db, { storeId: store.id, name: "王小明" });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 300, reason: "Applies at once" });
    const first = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 6000, reason: "First" });
    const second = await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 7000, reason: "Second" });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 8000, reason: "Still pending" });
    await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: first.adjustmentId, approve: true });
    await run(decideAdjustmentUseCase, checkerManager, { adjustmentId: second.adjustmentId, approve: false, note: "No evidence" });
    // Make the order of the decisions unambiguous whatever the clock's resolution.
    await db.execute(sql`update points_adjustments set decided_at = decided_at - interval '1 minute' where id = ${first.adjustmentId}`);

    const scope = { kind: "stores", storeIds: [store.id] } as const;
    const decided = await listDecidedAdjustments(db, scope, decidedAdjustmentsParamsSchema.parse({}));
    expect(decided.total).toBe(2);
    expect(decided.rows.map((r) => [r.id, r.status])).toEqual([
      [second.adjustmentId, "rejected"],
      [first.adjustmentId, "approved"],
    ]);
    expect(decided.rows[0]).toMatchObject({ memberName: "王*明", decidedById: checkerManager.id, decidedByName: "Checker Manager", decisionNote: "No evidence", requestedByName: "Maker Manager" });
    const outside = await listDecidedAdjustments(db, { kind: "stores", storeIds: [otherStore.id] }, decidedAdjustmentsParamsSchema.parse({}));
    expect(outside.total).toBe(0);
  });
});

describe("redemption at the counter", () => {
  it("books to the member's home store, spends the points and writes loyalty.redeem", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 3000, reason: "Opening balance" });
    const advisor = await account(["advisor"], [otherStore.id, store.id]);
    const result = await run(counterRedeemUseCase, advisor, { memberId: member.id, type: "parking", hours: 2 });
    expect(result).toMatchObject({ memberId: member.id, storeId: store.id, pointsSpent: 400, pointsBalance: 2600, valueFen: null });
    expect(await pointsBalance(db, member.id)).toBe(2600);

    const [redemption] = await db.select().from(redemptions).where(eq(redemptions.id, result.redemptionId));
    expect(redemption).toMatchObject({ memberId: member.id, type: "parking", hours: 2, points: 400, storeId: store.id, staffId: advisor.id });
    const audits = await auditEntries(db, { action: "loyalty.redeem", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: advisor.id, storeId: store.id });
    expect(audits[0]!.details).toMatchObject({ channel: "counter", redemptionId: result.redemptionId, type: "parking", hours: 2, pointsSpent: 400, pointsBalance: 2600 });
  });

  it("a gift takes stock, a cash offset is worth 1 fen a point", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 5000, reason: "Opening balance" });
    const code = `SCARF-${uniqueSuffix(6).toUpperCase()}`;
    await db.insert(gifts).values({ code, nameZh: "丝巾", nameEn: "Scarf", pointsCost: 1500, stock: 3 });
    const gift = await run(counterRedeemUseCase, makerManager, { memberId: member.id, type: "gift", giftCode: code, quantity: 2 });
    expect(gift).toMatchObject({ pointsSpent: 3000, pointsBalance: 2000 });
    const [left] = await db.select({ stock: gifts.stock }).from(gifts).where(eq(gifts.code, code));
    expect(left!.stock).toBe(1);
    const cash = await run(counterRedeemUseCase, makerManager, { memberId: member.id, type: "cash_offset", points: 1250 });
    expect(cash).toMatchObject({ pointsSpent: 1250, pointsBalance: 750, valueFen: 1250 });
  });

  it("refuses a member outside the staff member's stores (not found) and more points than the balance, spending nothing", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await run(requestAdjustmentUseCase, makerManager, { memberId: member.id, points: 300, reason: "Opening balance" });
    const outsider = await account(["service"], [otherStore.id]);
    await expect(run(counterRedeemUseCase, outsider, { memberId: member.id, type: "parking", hours: 1 })).rejects.toMatchObject({ code: "not_found" });
    await expect(run(counterRedeemUseCase, makerManager, { memberId: member.id, type: "parking", hours: 2 })).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await pointsBalance(db, member.id)).toBe(300);
    const [spent] = await db.select({ value: count() }).from(redemptions).where(and(eq(redemptions.memberId, member.id)));
    expect(spent!.value).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.redeem", entityId: member.id })).toHaveLength(0);
  });

  it("the counter's store: the home store when the staff may act there, else the staff member's first store", () => {
    const principal = (storeIds: string[], allStores = false) => ({ id: "s", username: "u", displayName: "U", roles: ["advisor"] as Role[], storeIds, allStores });
    expect(counterRedemptionStoreId(principal([otherStore.id, store.id]), store.id)).toBe(store.id);
    expect(counterRedemptionStoreId(principal([], true), store.id)).toBe(store.id);
    const [first] = [otherStore.id, "ffffffff-0000-4000-8000-000000000000"].sort();
    expect(counterRedemptionStoreId(principal(["ffffffff-0000-4000-8000-000000000000", otherStore.id]), store.id)).toBe(first);
    expect(counterRedemptionStoreId(principal([]), store.id)).toBeNull();
  });
});

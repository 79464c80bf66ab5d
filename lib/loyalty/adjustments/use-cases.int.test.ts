import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { pointsAdjustments, pointsEntries } from "@/db/schema";
import type { Role } from "@/lib/auth/policy";
import { AppError, sqlState } from "@/lib/errors";
import { loadStaffAccount, type StaffAccount } from "@/lib/staff/principal";
import { createMakerAndChecker } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStaff, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { pointsBalance } from "../points/queries";
import { counterRedeemUseCase } from "../redemptions/use-cases";
import { decideAdjustmentUseCase, requestAdjustmentUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let makerManager: StaffAccount;
let checkerManager: StaffAccount;

async function adjustmentRow(id: string) {
  const [row] = await db.select().from(pointsAdjustments).where(eq(pointsAdjustments.id, id));
  return row!;
}

async function entriesOfAdjustment(id: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(pointsEntries).where(eq(pointsEntries.adjustmentId, id));
  return row?.value ?? 0;
}

async function adjustmentsOfMember(memberId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(pointsAdjustments)
    .where(eq(pointsAdjustments.memberId, memberId));
  return row?.value ?? 0;
}

// One database for the file (creating one per test is slow on PGlite); every test builds its own
// stores, staff and members, and every count below is about those, so tests stay independent.
setupTestDatabase((opened) => {
  db = opened;
});
beforeEach(async () => {
  ({ store, otherStore, makerManager, checkerManager } = await createMakerAndChecker(db));
});

describe("manual points adjustments (maker-checker)", () => {
  it("an adjustment up to the threshold applies at once and changes the balance", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const service = await createTestAccount(db, ["service"], [store.id]);

    const added = await runAs(db, requestAdjustmentUseCase, service, {
      memberId: member.id,
      points: 300,
      reason: "Goodwill for a late repair",
    });
    expect(added).toMatchObject({ status: "approved", memberId: member.id, pointsBalance: 300 });
    // Exactly the threshold (5,000 by default) still applies at once. Another requester: the
    // threshold holds per requester, member and day (service.int.test.ts).
    const colleague = await createTestAccount(db, ["service"], [store.id]);
    const atThreshold = await runAs(db, requestAdjustmentUseCase, colleague, {
      memberId: member.id,
      points: 5000,
      reason: "Migration from the old card",
    });
    expect(atThreshold).toMatchObject({ status: "approved", pointsBalance: 5300 });
    const taken = await runAs(db, requestAdjustmentUseCase, service, {
      memberId: member.id,
      points: -100,
      reason: "Duplicate survey points",
    });
    expect(taken).toMatchObject({ status: "approved", pointsBalance: 5200 });

    expect(await pointsBalance(db, member.id)).toBe(5200);
    const row = await adjustmentRow(added.adjustmentId);
    expect(row.entryId).not.toBeNull();
    expect(row.decidedBy).toBeNull();
    const audits = await auditEntries(db, { action: "loyalty.adjustment", entityId: member.id });
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ actorStaffId: service.id, storeId: store.id });
    expect(audits[0]!.details).toMatchObject({
      adjustmentId: added.adjustmentId,
      points: 300,
      reason: "Goodwill for a late repair",
    });
  });

  it("above the threshold it waits with the balance unchanged, and another manager's approval applies it", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 8000,
      reason: "Points from the paper card",
    });
    expect(requested).toMatchObject({ status: "pending", pointsBalance: 0 });
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.adjustment_request", entityId: member.id })).toHaveLength(1);

    const decided = await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: requested.adjustmentId,
      approve: true,
    });
    expect(decided).toEqual({ adjustmentId: requested.adjustmentId, status: "approved", memberId: member.id });
    expect(await pointsBalance(db, member.id)).toBe(8000);
    const row = await adjustmentRow(requested.adjustmentId);
    expect(row).toMatchObject({
      status: "approved",
      requestedBy: makerManager.id,
      decidedBy: checkerManager.id,
      decisionNote: null,
    });
    expect(row.entryId).not.toBeNull();
    expect(row.decidedAt).toBeInstanceOf(Date);
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(1);
    const audits = await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: checkerManager.id, storeId: store.id });
  });

  it("a large deduction waits too, and applies on approval", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 5000,
      reason: "Opening balance",
    });
    await runAs(db, requestAdjustmentUseCase, checkerManager, {
      memberId: member.id,
      points: 4000,
      reason: "Opening balance, second card",
    });
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: -6000,
      reason: "Points wrongly credited twice",
    });
    expect(requested).toMatchObject({ status: "pending", pointsBalance: 9000 });
    await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: requested.adjustmentId,
      approve: true,
      note: "Checked against the POS",
    });
    expect(await pointsBalance(db, member.id)).toBe(3000);
  });

  it("the maker cannot approve their own request: refused, and it stays pending", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 9000,
      reason: "VIP event bonus",
    });

    const refusal = await runAs(db, decideAdjustmentUseCase, makerManager, {
      adjustmentId: requested.adjustmentId,
      approve: true,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "forbidden", message: "makerCannotApprove" });
    // Rejecting one's own request is refused the same way (a checker decides, either way).
    await expect(
      runAs(db, decideAdjustmentUseCase, makerManager, {
        adjustmentId: requested.adjustmentId,
        approve: false,
        note: "Never mind",
      }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });

    expect(await adjustmentRow(requested.adjustmentId)).toMatchObject({
      status: "pending",
      decidedBy: null,
      entryId: null,
    });
    expect(await pointsBalance(db, member.id)).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(0);
  });

  it("a rejection applies nothing and keeps the note", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 12000,
      reason: "Compensation",
    });
    const decided = await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: requested.adjustmentId,
      approve: false,
      note: "  No receipt attached  ",
    });
    expect(decided.status).toBe("rejected");
    expect(await adjustmentRow(requested.adjustmentId)).toMatchObject({
      status: "rejected",
      decidedBy: checkerManager.id,
      decisionNote: "No receipt attached",
      entryId: null,
    });
    expect(await pointsBalance(db, member.id)).toBe(0);
    expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(0);
    const audits = await auditEntries(db, { action: "loyalty.adjustment_reject", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ note: "No receipt attached", points: 12000 });
  });

  it("a rejection needs a note; the schema refuses one without before anything runs", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 7000,
      reason: "Compensation",
    });
    const error = await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: requested.adjustmentId,
      approve: false,
      note: "   ",
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "validation", fieldErrors: { note: ["rejectNoteRequired"] } });
    expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
  });

  it("an adjustment already decided cannot be decided again", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const third = await createTestAccount(db, ["manager"], [store.id]);
    const approved = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 6000,
      reason: "Anniversary gift",
    });
    await runAs(db, decideAdjustmentUseCase, checkerManager, { adjustmentId: approved.adjustmentId, approve: true });
    await expect(
      runAs(db, decideAdjustmentUseCase, third, { adjustmentId: approved.adjustmentId, approve: true }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      runAs(db, decideAdjustmentUseCase, third, {
        adjustmentId: approved.adjustmentId,
        approve: false,
        note: "Too late",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await entriesOfAdjustment(approved.adjustmentId)).toBe(1);
    expect(await pointsBalance(db, member.id)).toBe(6000);
    expect(await adjustmentRow(approved.adjustmentId)).toMatchObject({
      status: "approved",
      decidedBy: checkerManager.id,
    });

    const rejected = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 6000,
      reason: "Asked twice",
    });
    await runAs(db, decideAdjustmentUseCase, checkerManager, {
      adjustmentId: rejected.adjustmentId,
      approve: false,
      note: "Duplicate request",
    });
    await expect(
      runAs(db, decideAdjustmentUseCase, third, { adjustmentId: rejected.adjustmentId, approve: true }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await entriesOfAdjustment(rejected.adjustmentId)).toBe(0);
    expect(await pointsBalance(db, member.id)).toBe(6000);
  });

  // A race: on PGlite (one connection) the two decisions would run one after the other and prove nothing.
  it.runIf(testDriver() === "postgres")(
    "two managers approving the same request at once: one applies it, the other finds it already decided (needs real PostgreSQL)",
    async () => {
      const member = await insertMember(db, { storeId: store.id });
      const secondChecker = await createTestAccount(db, ["manager"], [store.id]);
      const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
        memberId: member.id,
        points: 7000,
        reason: "Paper card transfer",
      });
      const outcomes = await Promise.allSettled([
        runAs(db, decideAdjustmentUseCase, checkerManager, { adjustmentId: requested.adjustmentId, approve: true }),
        runAs(db, decideAdjustmentUseCase, secondChecker, { adjustmentId: requested.adjustmentId, approve: true }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.filter((o) => o.status === "rejected");
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
      expect(await entriesOfAdjustment(requested.adjustmentId)).toBe(1);
      expect(await pointsBalance(db, member.id)).toBe(7000);
      expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(1);
    },
  );

  it("a deduction beyond the balance is refused with insufficient_points and nothing is recorded", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 100,
      reason: "Welcome points",
    });
    await expect(
      runAs(db, requestAdjustmentUseCase, makerManager, { memberId: member.id, points: -200, reason: "Correction" }),
    ).rejects.toMatchObject({
      code: "insufficient_points",
    });
    expect(await pointsBalance(db, member.id)).toBe(100);
    expect(await adjustmentsOfMember(member.id)).toBe(1);
    expect(await auditEntries(db, { action: "loyalty.adjustment", entityId: member.id })).toHaveLength(1);

    // A large deduction waits; if the balance cannot cover it when approved, the approval is refused and it stays pending.
    const pending = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: -6000,
      reason: "Correction of the import",
    });
    await expect(
      runAs(db, decideAdjustmentUseCase, checkerManager, { adjustmentId: pending.adjustmentId, approve: true }),
    ).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await adjustmentRow(pending.adjustmentId)).toMatchObject({ status: "pending", decidedBy: null });
    expect(await pointsBalance(db, member.id)).toBe(100);
    expect(await auditEntries(db, { action: "loyalty.adjustment_approve", entityId: member.id })).toHaveLength(0);
  });

  it("store scope: a manager of another store finds neither the member nor the pending request", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const outsider = await createTestAccount(db, ["manager"], [otherStore.id]);
    await expect(
      runAs(db, requestAdjustmentUseCase, outsider, { memberId: member.id, points: 100, reason: "Goodwill" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await adjustmentsOfMember(member.id)).toBe(0);

    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 7000,
      reason: "Compensation",
    });
    await expect(
      runAs(db, decideAdjustmentUseCase, outsider, { adjustmentId: requested.adjustmentId, approve: true }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
    expect(await pointsBalance(db, member.id)).toBe(0);

    // An all-stores (head office) manager may decide it.
    const headOffice = await createTestAccount(db, ["manager"], [], { allStores: true });
    await runAs(db, decideAdjustmentUseCase, headOffice, { adjustmentId: requested.adjustmentId, approve: true });
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
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 9000,
      reason: "Compensation",
    });
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
    const attempt = (raw: object) =>
      runAs(db, requestAdjustmentUseCase, makerManager, { memberId: member.id, reason: "Valid reason", ...raw }).catch(
        (e: unknown) => e,
      );
    expect(await attempt({ points: 0 })).toMatchObject({
      code: "validation",
      fieldErrors: { points: ["adjustmentPointsNonZero"] },
    });
    expect(await attempt({ points: 1.5 })).toMatchObject({
      code: "validation",
      fieldErrors: { points: ["adjustmentPointsWhole"] },
    });
    expect(await attempt({ points: 1_000_001 })).toMatchObject({
      code: "validation",
      fieldErrors: { points: ["adjustmentPointsRange"] },
    });
    expect(await attempt({ points: -1_000_001 })).toMatchObject({
      code: "validation",
      fieldErrors: { points: ["adjustmentPointsRange"] },
    });
    expect(await attempt({ points: 10, reason: " x " })).toMatchObject({
      code: "validation",
      fieldErrors: { reason: ["adjustmentReasonLength"] },
    });
    expect(await attempt({ points: 10, reason: "x".repeat(201) })).toMatchObject({
      code: "validation",
      fieldErrors: { reason: ["adjustmentReasonLength"] },
    });
    expect(await attempt({ points: 10, memberId: "not-a-uuid" })).toMatchObject({ code: "validation" });
    expect(await adjustmentsOfMember(member.id)).toBe(0);
  });
});

describe("authorization by role, through the use cases", () => {
  const ALLOWED: Record<"request" | "decide", Role[]> = {
    request: ["admin", "manager", "service"],
    decide: ["manager"],
  };
  const ROLES_UNDER_TEST: Role[] = ["admin", "manager", "advisor", "after_sales", "service"];

  it.each(ROLES_UNDER_TEST)("request an adjustment as %s", async (role) => {
    const member = await insertMember(db, { storeId: store.id });
    const staff = await createTestAccount(db, [role], [store.id]);
    const attempt = runAs(db, requestAdjustmentUseCase, staff, {
      memberId: member.id,
      points: 50,
      reason: "Role matrix",
    });
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
    const requested = await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 6000,
      reason: "Role matrix",
    });
    const staff = await createTestAccount(db, [role], [store.id]);
    const attempt = runAs(db, decideAdjustmentUseCase, staff, { adjustmentId: requested.adjustmentId, approve: true });
    if (ALLOWED.decide.includes(role)) {
      await expect(attempt).resolves.toMatchObject({ status: "approved" });
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect((await adjustmentRow(requested.adjustmentId)).status).toBe("pending");
    }
  });

  it("a staff member who must change their password can do none of them", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const created = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id], mustChangePassword: true });
    const staff = (await loadStaffAccount(db, created.id))!;
    await expect(
      runAs(db, requestAdjustmentUseCase, staff, { memberId: member.id, points: 50, reason: "Blocked" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      runAs(db, counterRedeemUseCase, staff, { memberId: member.id, type: "parking", hours: 1 }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

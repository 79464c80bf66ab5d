import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  complaintBudgets,
  complaintCompensations,
  complaintEvents,
  complaints,
  members,
  pointsEntries,
} from "@/db/schema";
import { storeScopeOf } from "@/lib/auth/policy";
import { pointsBalance } from "@/lib/loyalty/points/queries";
import { lockMemberForPoints } from "@/lib/loyalty/points/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { shiftDay, todayIn } from "@/lib/time";
import { errorOf, expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
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
  listPendingCompensations,
  listStoreBudgets,
  loadResolution,
  pendingCompensationsParamsSchema,
} from "./queries";
import { budgetMonthOf, nextBudgetMonth } from "./schemas";
import {
  decideCompensationUseCase,
  requestCompensationUseCase,
  setComplaintBudgetUseCase,
  setRegulatorReferralUseCase,
} from "./use-cases";

// Goodwill compensation for a complaint: thresholds by role, maker-checker, the store's monthly
// budget and the regulator referral, through the use cases as the server actions run them.
// docs/domain.md#compensation-and-budget

let db: Db;

setupTestDatabase(async (opened) => {
  db = opened;
});

type Scene = {
  store: TestStore;
  makerManager: StaffAccount;
  checkerManager: StaffAccount;
  service: StaffAccount;
  afterSales: StaffAccount;
  memberId: string;
  complaintId: string;
  month: string;
};

/** A store of its own (its budget is the test's alone), two managers, service, after-sales, a member and a complaint. */
async function scene(options: { budgetFen?: number | null } = {}): Promise<Scene> {
  const store = await createTestStore(db);
  const makerManager = await createTestAccount(db, ["manager"], [store.id], { displayName: "Maker Manager" });
  const checkerManager = await createTestAccount(db, ["manager"], [store.id], { displayName: "Checker Manager" });
  const service = await createTestAccount(db, ["service"], [store.id], { displayName: "Desk Service" });
  const afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
  const member = await insertMember(db, { storeId: store.id, name: "王小明" });
  const complaintId = await newComplaint(store.id, member.id);
  const month = budgetMonthOf(new Date(), "Asia/Shanghai");
  const budgetFen = options.budgetFen === undefined ? 1_000_000 : options.budgetFen;
  if (budgetFen !== null)
    await runAs(db, setComplaintBudgetUseCase, makerManager, { storeId: store.id, month, budgetFen });
  return { store, makerManager, checkerManager, service, afterSales, memberId: member.id, complaintId, month };
}

async function newComplaint(storeId: string, memberId: string | null, status: "new" | "closed" = "new") {
  const now = new Date();
  const [row] = await db
    .insert(complaints)
    .values({
      reference: `TS-TEST-${uniqueSuffix(8)}`,
      storeId,
      memberId,
      customerContact: memberId ? null : "+8613800000000",
      channel: "in_store",
      category: "service_attitude",
      severity: "medium",
      status,
      description: "Waited forty minutes for a ring resize.",
      firstResponseTargetMin: 120,
      resolutionTargetMin: 2_880,
      firstResponseDueAt: now,
      resolutionDueAt: now,
    })
    .returning({ id: complaints.id });
  return row!.id;
}

function request(staff: StaffAccount, complaintId: string, points: number, extra: Record<string, unknown> = {}) {
  return runAs(db, requestCompensationUseCase, staff, { complaintId, points, reason: "Long wait", ...extra });
}

function decide(staff: StaffAccount, compensationId: string, approve = true, note?: string) {
  return runAs(db, decideCompensationUseCase, staff, { compensationId, approve, note });
}

async function compensation(id: string) {
  const [row] = await db.select().from(complaintCompensations).where(eq(complaintCompensations.id, id));
  return row!;
}

async function entriesOf(memberId: string) {
  return db.select().from(pointsEntries).where(eq(pointsEntries.memberId, memberId));
}

describe("requesting compensation", () => {
  it("within the requester's threshold it is approved at once, with a ledger entry and no decider", async () => {
    const s = await scene();
    const result = await request(s.service, s.complaintId, 2_000);
    expect(result).toMatchObject({ status: "approved", pointsBalance: 2_000 });
    expect(await pointsBalance(db, s.memberId)).toBe(2_000);
    const row = await compensation(result.compensationId);
    expect(row).toMatchObject({
      status: "approved",
      kind: "points",
      points: 2_000,
      valueFen: 2_000,
      decidedBy: null,
      budgetMonth: s.month,
      storeId: s.store.id,
    });
    expect(row.decidedAt).not.toBeNull();
    const [entry] = await entriesOf(s.memberId);
    expect(entry).toMatchObject({ id: row.pointsEntryId, points: 2_000, kind: "adjustment", storeId: s.store.id });
    const events = await db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, s.complaintId));
    expect(events.map((e) => e.kind)).toEqual(["compensation"]);
    const [audit] = await auditEntries(db, { action: "complaint.compensation_grant", entityId: s.complaintId });
    expect(audit!.details).toMatchObject({
      compensationId: row.id,
      points: 2_000,
      before: { status: null, remainingFen: 1_000_000 },
      after: { status: "approved", remainingFen: 998_000, pointsEntryId: row.pointsEntryId },
    });
  });

  it("above the threshold it waits for a manager and credits nothing; another manager's approval credits it", async () => {
    const s = await scene();
    const result = await request(s.service, s.complaintId, 2_001);
    expect(result).toMatchObject({ status: "pending", pointsEntryId: null, pointsBalance: 0 });
    expect(await entriesOf(s.memberId)).toEqual([]);

    // A manager's own threshold is higher: 20,000 at once, 20,001 waits.
    expect((await request(s.makerManager, s.complaintId, 20_000)).status).toBe("approved");
    expect((await request(s.makerManager, s.complaintId, 20_001)).status).toBe("pending");

    const decided = await decide(s.checkerManager, result.compensationId, true, "Fair");
    expect(decided).toMatchObject({ status: "approved" });
    const row = await compensation(result.compensationId);
    expect(row).toMatchObject({ status: "approved", decidedBy: s.checkerManager.id, decisionNote: "Fair" });
    expect(row.pointsEntryId).not.toBeNull();
    expect(await pointsBalance(db, s.memberId)).toBe(22_001);
    const [audit] = await auditEntries(db, { action: "complaint.compensation_approve", entityId: s.complaintId });
    expect(audit!.details).toMatchObject({
      before: { status: "pending", remainingFen: 980_000 },
      after: { status: "approved", remainingFen: 977_999 },
    });
    await expectAppError(
      decide(s.checkerManager, result.compensationId),
      "conflict",
      "complaintCompensationAlreadyDecided",
    );
  });

  it("after-sales has the same threshold as service", async () => {
    const s = await scene();
    expect((await request(s.afterSales, s.complaintId, 2_000)).status).toBe("approved");
    expect((await request(s.afterSales, s.complaintId, 2_001)).status).toBe("pending");
  });

  it("coupons are refused on their field until campaigns bring them", async () => {
    const s = await scene();
    const error = await errorOf(request(s.service, s.complaintId, 100, { kind: "coupon" }));
    expect(error).toMatchObject({ code: "validation", fieldErrors: { kind: ["compensationCouponsLater"] } });
    expect(
      await db.select().from(complaintCompensations).where(eq(complaintCompensations.complaintId, s.complaintId)),
    ).toEqual([]);
  });

  it("points and reason are bounded", async () => {
    const s = await scene();
    for (const points of [0, -5, 1.5, 100_001]) {
      const error = await errorOf(request(s.makerManager, s.complaintId, points));
      expect(error).toMatchObject({ code: "validation", fieldErrors: { points: ["compensationPointsRange"] } });
    }
    const blank = await errorOf(request(s.service, s.complaintId, 10, { reason: "  " }));
    expect(blank.fieldErrors).toEqual({ reason: ["compensationReasonLength"] });
    const long = await errorOf(request(s.service, s.complaintId, 10, { reason: "x".repeat(501) }));
    expect(long.fieldErrors).toEqual({ reason: ["compensationReasonLength"] });
  });

  it("an erased member, a complaint without a member and a closed complaint are refused", async () => {
    const s = await scene();
    await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, s.memberId));
    await expectAppError(request(s.service, s.complaintId, 100), "conflict", "memberErased");
    const anonymous = await newComplaint(s.store.id, null);
    await expectAppError(request(s.service, anonymous, 100), "conflict", "complaintCompensationNoMember");
    const other = await insertMember(db, { storeId: s.store.id });
    const closed = await newComplaint(s.store.id, other.id, "closed");
    await expectAppError(request(s.service, closed, 100), "conflict", "complaintCompensationClosed");
    expect(await entriesOf(other.id)).toEqual([]);
  });

  it("another store's complaint is not found", async () => {
    const s = await scene();
    const elsewhere = await scene();
    await expectAppError(request(s.service, elsewhere.complaintId, 100), "not_found");
    await expectAppError(request(s.makerManager, elsewhere.complaintId, 100), "not_found");
    await expectAppError(
      runAs(db, setRegulatorReferralUseCase, s.service, { complaintId: elsewhere.complaintId, referral: false }),
      "not_found",
    );
    const pending = await request(elsewhere.service, elsewhere.complaintId, 5_000);
    await expectAppError(decide(s.checkerManager, pending.compensationId), "not_found");
    await expect(loadResolution(db, s.service, elsewhere.complaintId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("advisors (no complaints.handle) cannot request", async () => {
    const s = await scene();
    const advisor = await createTestAccount(db, ["advisor"], [s.store.id]);
    await expectAppError(request(advisor, s.complaintId, 10), "forbidden");
  });
});

describe("the monthly budget", () => {
  it("with no budget for the month nothing can be approved, at once or later", async () => {
    const s = await scene({ budgetFen: null });
    const error = await expectAppError(request(s.service, s.complaintId, 10), "conflict", "complaintBudgetMissing");
    expect(error.details).toMatchObject({ remainingFen: 0 });
    expect(
      await db.select().from(complaintCompensations).where(eq(complaintCompensations.complaintId, s.complaintId)),
    ).toEqual([]);
    const pending = await request(s.service, s.complaintId, 3_000);
    expect(pending.status).toBe("pending");
    await expectAppError(decide(s.checkerManager, pending.compensationId), "conflict", "complaintBudgetMissing");
    expect((await compensation(pending.compensationId)).status).toBe("pending");
    expect(await pointsBalance(db, s.memberId)).toBe(0);
  });

  it("an approval that would overspend is refused with what remains; the request stays pending", async () => {
    const s = await scene({ budgetFen: 5_000 });
    await request(s.service, s.complaintId, 1_500);
    await request(s.service, s.complaintId, 1_500);
    // A manager may grant 2,001 at once, but the month has 2,000 left.
    const tooMuch = await errorOf(request(s.makerManager, s.complaintId, 2_001));
    expect(tooMuch).toMatchObject({
      code: "conflict",
      message: "complaintBudgetExceeded",
      details: { remainingFen: 2_000 },
    });
    const big = await request(s.service, s.complaintId, 2_500);
    const error = await errorOf(decide(s.checkerManager, big.compensationId));
    expect(error).toMatchObject({
      code: "conflict",
      message: "complaintBudgetExceeded",
      details: { remainingFen: 2_000 },
    });
    expect((await compensation(big.compensationId)).status).toBe("pending");
    expect(await pointsBalance(db, s.memberId)).toBe(3_000);
    // Exactly the remainder fits.
    expect((await request(s.service, s.complaintId, 2_000)).status).toBe("approved");
    await expectAppError(request(s.service, s.complaintId, 1), "conflict", "complaintBudgetExceeded");

    const [budgets] = await listStoreBudgets(db, storeScopeOf(s.makerManager));
    expect(budgets!.months[0]).toMatchObject({
      month: s.month,
      budgetFen: 5_000,
      approvedFen: 5_000,
      pendingFen: 2_500,
      remainingFen: 0,
    });
    expect(budgets!.months[1]).toMatchObject({ month: nextBudgetMonth(s.month), budgetFen: null, remainingFen: 0 });
    const queue = await listPendingCompensations(
      db,
      storeScopeOf(s.checkerManager),
      pendingCompensationsParamsSchema.parse({}),
    );
    expect(queue.rows).toEqual([
      expect.objectContaining({ id: big.compensationId, memberName: "王*明", points: 2_500, remainingFen: 0 }),
    ]);
  });

  it("a budget is set per store and month, not below what is approved, not for a past month", async () => {
    const s = await scene({ budgetFen: 3_000 });
    await request(s.service, s.complaintId, 2_000);
    const below = await errorOf(
      runAs(db, setComplaintBudgetUseCase, s.makerManager, { storeId: s.store.id, month: s.month, budgetFen: 1_999 }),
    );
    expect(below.fieldErrors).toEqual({ budgetFen: ["budgetBelowApproved"] });
    await runAs(db, setComplaintBudgetUseCase, s.makerManager, {
      storeId: s.store.id,
      month: s.month,
      budgetFen: 2_000,
    });
    const [row] = await db
      .select()
      .from(complaintBudgets)
      .where(and(eq(complaintBudgets.storeId, s.store.id), eq(complaintBudgets.month, s.month)));
    expect(row).toMatchObject({ budgetFen: 2_000, updatedBy: s.makerManager.id });
    const [audit] = await auditEntries(db, { action: "complaint.budget_set", entityId: s.store.id });
    expect(audit).toBeDefined();

    const past = await errorOf(
      runAs(db, setComplaintBudgetUseCase, s.makerManager, {
        storeId: s.store.id,
        month: "2020-01-01",
        budgetFen: 1,
      }),
    );
    expect(past.fieldErrors).toEqual({ month: ["budgetMonthPast"] });
    const notFirst = await errorOf(
      runAs(db, setComplaintBudgetUseCase, s.makerManager, {
        storeId: s.store.id,
        month: shiftDay(s.month, { days: 14 }),
        budgetFen: 1,
      }),
    );
    expect(notFirst.fieldErrors).toEqual({ month: ["budgetMonthInvalid"] });

    // Service cannot set budgets; a manager of another store does not find this one; an admin may.
    await expectAppError(
      runAs(db, setComplaintBudgetUseCase, s.service, { storeId: s.store.id, month: s.month, budgetFen: 9 }),
      "forbidden",
    );
    const elsewhere = await createTestStore(db);
    const otherManager = await createTestAccount(db, ["manager"], [elsewhere.id]);
    await expectAppError(
      runAs(db, setComplaintBudgetUseCase, otherManager, { storeId: s.store.id, month: s.month, budgetFen: 9 }),
      "not_found",
    );
    const admin = await createTestAccount(db, ["admin"], []);
    await runAs(db, setComplaintBudgetUseCase, admin, {
      storeId: s.store.id,
      month: nextBudgetMonth(s.month),
      budgetFen: 50_000,
    });
  });

  // A race: on PGlite (one connection) the two approvals would run one after the other and prove nothing.
  describe.runIf(testDriver() === "postgres")("concurrent approvals (needs real PostgreSQL)", () => {
    it("two managers approving two requests at once cannot overspend the budget", async () => {
      const s = await scene({ budgetFen: 5_000 });
      const first = await request(s.service, s.complaintId, 3_000);
      const second = await request(s.service, s.complaintId, 3_000);
      expect([first.status, second.status]).toEqual(["pending", "pending"]);
      const thirdManager = await createTestAccount(db, ["manager"], [s.store.id]);
      // A third transaction holds the member (a POS purchase, say) while both approvals start: each
      // gets as far as it can before the member is free, so without the budget row's lock both would
      // have checked the budget before either credited.
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = inTx(db, async (tx) => {
        await lockMemberForPoints(tx, s.memberId);
        holding();
        await tx.execute(sql`select pg_sleep(0.3)`);
      });
      await held;
      const outcomes = await Promise.allSettled([
        decide(s.checkerManager, first.compensationId),
        decide(thirdManager, second.compensationId),
      ]);
      await holder;
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.filter((o) => o.status === "rejected");
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        code: "conflict",
        message: "complaintBudgetExceeded",
        details: { remainingFen: 2_000 },
      });
      const rows = await db
        .select()
        .from(complaintCompensations)
        .where(eq(complaintCompensations.complaintId, s.complaintId));
      expect(rows.map((r) => r.status).sort()).toEqual(["approved", "pending"]);
      expect(await pointsBalance(db, s.memberId)).toBe(3_000);
    });
  });
});

describe("deciding", () => {
  it("the maker cannot decide their own request", async () => {
    const s = await scene();
    const pending = await request(s.makerManager, s.complaintId, 25_000);
    await expectAppError(
      decide(s.makerManager, pending.compensationId),
      "forbidden",
      "complaintCompensationMakerCannotDecide",
    );
    await expectAppError(
      decide(s.makerManager, pending.compensationId, false, "Mine"),
      "forbidden",
      "complaintCompensationMakerCannotDecide",
    );
    expect((await compensation(pending.compensationId)).status).toBe("pending");
  });

  it("service and after-sales cannot decide", async () => {
    const s = await scene();
    const pending = await request(s.makerManager, s.complaintId, 25_000);
    await expectAppError(decide(s.service, pending.compensationId), "forbidden");
    await expectAppError(decide(s.afterSales, pending.compensationId, false, "No"), "forbidden");
    expect((await compensation(pending.compensationId)).status).toBe("pending");
  });

  it("a rejection needs a note, credits nothing and keeps the note", async () => {
    const s = await scene();
    const pending = await request(s.service, s.complaintId, 3_000);
    const noNote = await errorOf(decide(s.checkerManager, pending.compensationId, false, "  "));
    expect(noNote).toMatchObject({ code: "validation", fieldErrors: { note: ["compensationRejectNoteRequired"] } });
    const decided = await decide(s.checkerManager, pending.compensationId, false, "  Already refunded  ");
    expect(decided).toMatchObject({ status: "rejected", pointsEntryId: null });
    expect(await compensation(pending.compensationId)).toMatchObject({
      status: "rejected",
      decidedBy: s.checkerManager.id,
      decisionNote: "Already refunded",
      pointsEntryId: null,
    });
    expect(await entriesOf(s.memberId)).toEqual([]);
    const [audit] = await auditEntries(db, { action: "complaint.compensation_reject", entityId: s.complaintId });
    expect(audit!.details).toMatchObject({ before: { status: "pending" }, after: { status: "rejected" } });
  });
});

describe("the regulator referral", () => {
  it("a deadline from the store's today to today + 60 days; cleared with the flag", async () => {
    const s = await scene();
    const today = todayIn("Asia/Shanghai");
    const set = (input: Record<string, unknown>) =>
      runAs(db, setRegulatorReferralUseCase, s.service, { complaintId: s.complaintId, ...input });
    for (const deadline of [shiftDay(today, { days: -1 }), shiftDay(today, { days: 61 })]) {
      const error = await errorOf(set({ referral: true, deadline }));
      expect(error).toMatchObject({ code: "validation", fieldErrors: { deadline: ["regulatorDeadlineRange"] } });
    }
    expect((await errorOf(set({ referral: true }))).fieldErrors).toEqual({ deadline: ["regulatorDeadlineRequired"] });
    expect((await errorOf(set({ referral: true, deadline: "2026-02-30" }))).fieldErrors).toEqual({
      deadline: ["regulatorDeadlineInvalid"],
    });

    await set({ referral: true, deadline: today });
    const limit = shiftDay(today, { days: 60 });
    await set({ referral: true, deadline: limit });
    const resolution = await loadResolution(db, s.service, s.complaintId);
    expect(resolution.regulator).toMatchObject({ referral: true, deadline: limit, daysLeft: 60, maxDeadline: limit });

    await set({ referral: false, deadline: limit });
    const [row] = await db.select().from(complaints).where(eq(complaints.id, s.complaintId));
    expect(row).toMatchObject({ regulatorReferral: false, regulatorDeadline: null });
    const audits = await auditEntries(db, { action: "complaint.regulator_referral", entityId: s.complaintId });
    expect(audits).toHaveLength(3);
    expect(audits[2]!.details).toMatchObject({
      before: { referral: true, deadline: limit },
      after: { referral: false, deadline: null },
    });
  });
});

describe("loadResolution", () => {
  it("returns the compensations, the month's budget and the viewer's threshold", async () => {
    const s = await scene({ budgetFen: 10_000 });
    await request(s.service, s.complaintId, 1_000);
    await request(s.service, s.complaintId, 4_000);
    const forService = await loadResolution(db, s.service, s.complaintId);
    expect(forService).toMatchObject({
      thresholdPoints: 2_000,
      blockedReason: null,
      complaint: { id: s.complaintId, hasMember: true, closed: false },
      budget: { month: s.month, budgetFen: 10_000, approvedFen: 1_000, pendingFen: 4_000, remainingFen: 9_000 },
      regulator: { referral: false, deadline: null, daysLeft: null },
    });
    expect(forService.compensations.map((c) => [c.points, c.status])).toEqual([
      [4_000, "pending"],
      [1_000, "approved"],
    ]);
    expect((await loadResolution(db, s.makerManager, s.complaintId)).thresholdPoints).toBe(20_000);
  });
});

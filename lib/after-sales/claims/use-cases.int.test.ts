import { addDays } from "date-fns";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { outboundMessages, pointsEntries, salesTransactions, serviceTicketEvents, serviceTickets } from "@/db/schema";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { pointsBalance } from "@/lib/loyalty/points/queries";
import { creditPoints, lockMemberForPoints } from "@/lib/loyalty/points/service";
import { createTransactionSchema } from "@/lib/loyalty/purchases/schemas";
import { recordPurchase } from "@/lib/loyalty/purchases/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
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
import { getDefectClaim } from "./queries";
import { claimRefundId } from "./service";
import { decideDefectClaimUseCase, flagDefectClaimUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let staffer: StaffAccount;
let managerA: StaffAccount;
let managerB: StaffAccount;
let advisor: StaffAccount;
let otherManager: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  staffer = await createTestAccount(db, ["after_sales"], [store.id]);
  managerA = await createTestAccount(db, ["manager"], [store.id]);
  managerB = await createTestAccount(db, ["manager"], [store.id]);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
});

const EVIDENCE = "镶口爪头断裂，非人为损坏；放大镜下可见铸造气孔";

/** A member with 5,000 points who buys a ring through the real purchase service, paying 2,000 of it in points. */
async function memberWithPurchase(options: { pointsFen?: number; wechatFen?: number } = {}) {
  const member = await insertMember(db, { storeId: store.id });
  await inTx(db, async (tx) => {
    await lockMemberForPoints(tx, member.id);
    await creditPoints(tx, {
      memberId: member.id,
      kind: "activity",
      points: 5_000,
      expiresAt: addDays(new Date(), 400),
    });
  });
  const pointsFen = options.pointsFen ?? 2_000;
  const wechatFen = options.wechatFen ?? 126_000;
  const payments = [
    ...(pointsFen > 0 ? [{ method: "points" as const, points: pointsFen, amountFen: pointsFen }] : []),
    { method: "wechat" as const, amountFen: wechatFen },
  ];
  const sale = createTransactionSchema.parse({
    externalId: `T-${uniqueSuffix(10)}`,
    storeCode: store.code,
    occurredAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    member: { phone: member.phoneE164! },
    items: [
      { sku: "R-18K-01", name: "18K金钻戒", category: "diamond", quantity: 1, unitPriceFen: pointsFen + wechatFen },
    ],
    payments,
  });
  const result = await inTx(db, (tx) => recordPurchase(tx, { storeId: store.id }, sale));
  const [purchase] = await db.select().from(salesTransactions).where(eq(salesTransactions.id, result.transactionId));
  return { member, purchase: purchase!, earned: result.pointsEarned, balanceAfterPurchase: result.pointsBalance! };
}

async function ticketAt(
  memberId: string,
  status: ServiceTicketStatus,
  options: Partial<typeof serviceTickets.$inferInsert> = {},
) {
  return insertServiceTicket(db, { memberId, storeId: store.id, status, ...options });
}

async function ticketRow(id: string) {
  const [row] = await db.select().from(serviceTickets).where(eq(serviceTickets.id, id));
  return row!;
}

async function eventsOf(ticketId: string) {
  return db
    .select()
    .from(serviceTicketEvents)
    .where(eq(serviceTicketEvents.ticketId, ticketId))
    .orderBy(asc(serviceTicketEvents.id));
}

const flag = (staff: StaffAccount, ticketId: string, evidence: string = EVIDENCE) =>
  runAs(db, flagDefectClaimUseCase, staff, { ticketId, evidence });
const decide = (staff: StaffAccount, input: Record<string, unknown>) =>
  runAs(db, decideDefectClaimUseCase, staff, input);

describe(`defect claims on ${testDriver()}`, () => {
  describe("flagging", () => {
    it("turns a ticket at quality check into a free claim with the evidence and a defect_flagged event", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(member.id, "quality_check");
      await flag(staffer, ticket.id);
      expect(await ticketRow(ticket.id)).toMatchObject({
        isDefectClaim: true,
        defectEvidence: EVIDENCE,
        priceBasis: "defect_claim",
        chargeFen: 0,
        status: "quality_check",
        defectOutcome: null,
      });
      expect(await eventsOf(ticket.id)).toMatchObject([
        { kind: "defect_flagged", staffId: staffer.id, note: EVIDENCE },
      ]);
      const [audit] = await auditEntries(db, { action: "after_sales.claim.flag", entityId: ticket.id });
      expect(audit!.details).toMatchObject({
        before: { priceBasis: "list_price", chargeFen: 20_000 },
        after: { priceBasis: "defect_claim", chargeFen: 0 },
      });
      await expectAppError(flag(staffer, ticket.id), "conflict", "claimAlreadyFlagged");
    });

    it("only at inspection: quality check, or an inspection ticket before it is ready", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const inRepair = await ticketAt(member.id, "in_repair");
      await expectAppError(flag(staffer, inRepair.id), "conflict", "claimNotAtInspection");
      const ready = await ticketAt(member.id, "ready_for_pickup", { serviceType: "inspection" });
      await expectAppError(flag(staffer, ready.id), "conflict", "claimNotAtInspection");
      const inspection = await ticketAt(member.id, "received", { serviceType: "inspection" });
      await flag(staffer, inspection.id);
      expect(await ticketRow(inspection.id)).toMatchObject({ isDefectClaim: true });
    });

    it("requires the evidence; is refused to an advisor; another store's ticket is not found", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(member.id, "quality_check");
      const refusal = await expectAppError(flag(staffer, ticket.id, "   "), "validation");
      expect(refusal.fieldErrors).toEqual({ evidence: ["claimEvidenceRequired"] });
      await expectAppError(flag(staffer, ticket.id, "x".repeat(2001)), "validation");
      await expectAppError(flag(advisor, ticket.id), "forbidden");
      await expectAppError(flag(otherManager, ticket.id), "not_found");
      await expectAppError(flag(staffer, "not-a-uuid"), "validation");
      expect(await ticketRow(ticket.id)).toMatchObject({ isDefectClaim: false, priceBasis: "list_price" });
      expect(await eventsOf(ticket.id)).toEqual([]);
    });
  });

  describe("deciding", () => {
    it("a refund reverses the points earned exactly, returns the points paid with, closes the ticket, and cannot happen twice", async () => {
      const { member, purchase, earned, balanceAfterPurchase } = await memberWithPurchase();
      // Paid 126,000 fen by WeChat at tier normal (×1): 1,260 points; 2,000 points paid with.
      expect(earned).toBe(1_260);
      expect(balanceAfterPurchase).toBe(5_000 - 2_000 + 1_260);
      const ticket = await ticketAt(member.id, "quality_check", { linkedTransactionId: purchase.id });
      await flag(staffer, ticket.id);

      const result = await decide(managerB, { ticketId: ticket.id, outcome: "refund", note: "三包退货" });
      expect(result).toMatchObject({
        outcome: "refund",
        status: "closed",
        alreadyDecided: false,
        refund: { amountFen: 128_000, pointsReversed: 1_260, pointsReturned: 2_000, storedValueReturnedFen: 0 },
      });
      expect(await pointsBalance(db, member.id)).toBe(5_000);

      const [refund] = await db
        .select()
        .from(salesTransactions)
        .where(and(eq(salesTransactions.originalId, purchase.id), eq(salesTransactions.kind, "refund")));
      expect(refund).toMatchObject({
        externalId: claimRefundId(ticket.id),
        storeId: store.id,
        totalPaidFen: -128_000,
        netPaidFen: -126_000,
        pointsEarned: -1_260,
      });
      const entries = await db
        .select({ kind: pointsEntries.kind, points: pointsEntries.points })
        .from(pointsEntries)
        .where(eq(pointsEntries.transactionId, refund!.id))
        .orderBy(asc(pointsEntries.id));
      expect(entries).toEqual([
        { kind: "reversal", points: -1_260 },
        { kind: "return", points: 2_000 },
      ]);

      const row = await ticketRow(ticket.id);
      expect(row).toMatchObject({
        status: "closed",
        defectOutcome: "refund",
        defectDecidedBy: managerB.id,
        refundTransactionId: refund!.id,
        chargeFen: 0,
      });
      expect(row.closedAt).not.toBeNull();
      expect((await eventsOf(ticket.id)).map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
        ["defect_flagged", null, null],
        ["status", "quality_check", "closed"],
        ["defect_decided", null, null],
      ]);
      const [audit] = await auditEntries(db, { action: "after_sales.claim.decide", entityId: ticket.id });
      expect(audit!.details).toMatchObject({
        outcome: "refund",
        before: { status: "quality_check", defectOutcome: null, refundTransactionId: null },
        after: { status: "closed", defectOutcome: "refund", refundTransactionId: refund!.id },
      });

      // Deciding again (a double click, a retried request) refunds nothing more.
      const again = await decide(managerA, { ticketId: ticket.id, outcome: "refund" });
      expect(again).toMatchObject({
        alreadyDecided: true,
        refund: { refundTransactionId: refund!.id, pointsReversed: 1_260 },
      });
      const refunds = await db
        .select({ id: salesTransactions.id })
        .from(salesTransactions)
        .where(eq(salesTransactions.originalId, purchase.id));
      expect(refunds).toHaveLength(1);
      expect(await pointsBalance(db, member.id)).toBe(5_000);
      await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "exchange" }),
        "conflict",
        "claimAlreadyDecided",
      );
      expect(await auditEntries(db, { action: "after_sales.claim.decide", entityId: ticket.id })).toHaveLength(1);
    });

    it("a partial refund reverses round_half_up(E × R / B) points, and more than remains is refused", async () => {
      const { member, purchase } = await memberWithPurchase({ pointsFen: 0, wechatFen: 100_000 });
      const ticket = await ticketAt(member.id, "quality_check", { linkedTransactionId: purchase.id });
      await flag(staffer, ticket.id);
      const tooMuch = await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "refund", refundAmountFen: 100_001 }),
        "validation",
      );
      expect(tooMuch.fieldErrors).toEqual({ refundAmountFen: ["claimRefundExceedsRemaining"] });
      expect(await ticketRow(ticket.id)).toMatchObject({ status: "quality_check", defectOutcome: null });

      const result = await decide(managerA, {
        ticketId: ticket.id,
        outcome: "refund",
        refundAmountFen: 33_333,
        refundLines: [{ sku: "R-18K-01", quantity: 1 }],
      });
      // E = 1,000, R = 33,333, B = 100,000: 333.33 → 333.
      expect(result.refund).toMatchObject({ amountFen: 33_333, pointsReversed: 333 });
      expect(await pointsBalance(db, member.id)).toBe(5_000 + 1_000 - 333);
    });

    it("the one who flagged it cannot decide it; after-sales staff cannot decide at all", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(member.id, "quality_check");
      await flag(managerA, ticket.id);
      await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "repair" }),
        "forbidden",
        "claimFlaggerCannotDecide",
      );
      await expectAppError(decide(staffer, { ticketId: ticket.id, outcome: "repair" }), "forbidden");
      await expectAppError(decide(otherManager, { ticketId: ticket.id, outcome: "repair" }), "not_found");
      expect(await ticketRow(ticket.id)).toMatchObject({ defectOutcome: null });
      // Another manager of the store may.
      expect(await decide(managerB, { ticketId: ticket.id, outcome: "repair" })).toMatchObject({
        outcome: "repair",
        status: "quality_check",
      });
    });

    it("a repair goes on through the workflow free of charge", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(member.id, "quality_check");
      await flag(staffer, ticket.id);
      await decide(managerA, { ticketId: ticket.id, outcome: "repair", note: "返厂重镶" });
      expect(await ticketRow(ticket.id)).toMatchObject({
        status: "quality_check",
        defectOutcome: "repair",
        chargeFen: 0,
        priceBasis: "defect_claim",
      });
      expect((await eventsOf(ticket.id)).at(-1)).toMatchObject({ kind: "defect_decided", note: "repair: 返厂重镶" });
    });

    it("an exchange takes the ticket on to ready for pickup by the workflow's steps", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const atCheck = await ticketAt(member.id, "quality_check");
      await flag(staffer, atCheck.id);
      expect(await decide(managerA, { ticketId: atCheck.id, outcome: "exchange" })).toMatchObject({
        status: "ready_for_pickup",
      });
      const row = await ticketRow(atCheck.id);
      expect(row).toMatchObject({ status: "ready_for_pickup", defectOutcome: "exchange" });
      expect(row.readyAt).not.toBeNull();
      // The customer hears that the replacement is ready, once, like any ready piece.
      const ready = await db
        .select({ templateCode: outboundMessages.templateCode })
        .from(outboundMessages)
        .where(and(eq(outboundMessages.memberId, member.id), eq(outboundMessages.templateCode, "service_ready")));
      expect(ready.length).toBeGreaterThan(0);
      expect(row.readyNotifiedAt).not.toBeNull();

      const inspection = await ticketAt(member.id, "received", { serviceType: "inspection" });
      await flag(staffer, inspection.id);
      await decide(managerA, { ticketId: inspection.id, outcome: "exchange" });
      expect(
        (await eventsOf(inspection.id)).filter((e) => e.kind === "status").map((e) => [e.fromStatus, e.toStatus]),
      ).toEqual([
        ["received", "quality_check"],
        ["quality_check", "ready_for_pickup"],
      ]);
    });

    it("refuses a refund without a linked purchase, an unflagged ticket, and refund fields on another outcome", async () => {
      const member = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(member.id, "quality_check");
      await expectAppError(decide(managerA, { ticketId: ticket.id, outcome: "repair" }), "conflict", "claimNotFlagged");
      await flag(staffer, ticket.id);
      const noPurchase = await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "refund" }),
        "validation",
      );
      expect(noPurchase.fieldErrors).toEqual({ outcome: ["claimRefundNeedsPurchase"] });
      const mixed = await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "repair", refundAmountFen: 100 }),
        "validation",
      );
      expect(mixed.fieldErrors).toEqual({ refundAmountFen: ["claimRefundOnly"] });
      await expectAppError(decide(managerA, { ticketId: ticket.id, outcome: "replace" }), "validation");
      expect(await ticketRow(ticket.id)).toMatchObject({ status: "quality_check", defectOutcome: null });
    });

    it("refuses to refund another member's purchase", async () => {
      const { purchase } = await memberWithPurchase({ pointsFen: 0, wechatFen: 50_000 });
      const stranger = await insertMember(db, { storeId: store.id });
      const ticket = await ticketAt(stranger.id, "quality_check", { linkedTransactionId: purchase.id });
      await flag(staffer, ticket.id);
      await expectAppError(
        decide(managerA, { ticketId: ticket.id, outcome: "refund" }),
        "conflict",
        "claimPurchaseNotMembers",
      );
      expect(await db.select().from(salesTransactions).where(eq(salesTransactions.originalId, purchase.id))).toEqual(
        [],
      );
    });
  });

  describe.runIf(testDriver() === "postgres")("simultaneous decisions (needs real PostgreSQL)", () => {
    it("two managers deciding a refund at once refund once", async () => {
      const { member, purchase } = await memberWithPurchase({ pointsFen: 0, wechatFen: 80_000 });
      const ticket = await ticketAt(member.id, "quality_check", { linkedTransactionId: purchase.id });
      await flag(staffer, ticket.id);
      const outcomes = await Promise.allSettled([
        decide(managerA, { ticketId: ticket.id, outcome: "refund" }),
        decide(managerB, { ticketId: ticket.id, outcome: "refund" }),
      ]);
      expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true);
      const results = outcomes.map((o) => (o as PromiseFulfilledResult<{ alreadyDecided: boolean }>).value);
      expect(results.map((r) => r.alreadyDecided).sort()).toEqual([false, true]);
      expect(
        await db.select().from(salesTransactions).where(eq(salesTransactions.originalId, purchase.id)),
      ).toHaveLength(1);
      expect(await pointsBalance(db, member.id)).toBe(5_000);
    });
  });

  it("the claim page shows what a refund of what remains would take back", async () => {
    const { member, purchase } = await memberWithPurchase();
    const ticket = await ticketAt(member.id, "quality_check", { linkedTransactionId: purchase.id });
    await flag(staffer, ticket.id);
    const detail = await getDefectClaim(db, managerA, ticket.id);
    expect(detail).toMatchObject({
      isDefectClaim: true,
      evidence: EVIDENCE,
      flaggedBy: { id: staffer.id },
      purchase: {
        remainingFen: 128_000,
        pointsEarned: 1_260,
        fullRefund: { pointsReversed: 1_260, pointsReturned: 2_000, storedValueReturnedFen: 0 },
        memberPointsBalance: 4_260,
        sameMember: true,
      },
    });
    expect(await getDefectClaim(db, otherManager, ticket.id)).toBeNull();
  });
});

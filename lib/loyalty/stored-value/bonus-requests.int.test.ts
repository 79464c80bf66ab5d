import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { settings, storedValueBonusRequests, storedValueCards, storedValueEntries } from "@/db/schema";
import { storeScopeOf, type Role } from "@/lib/auth/policy";
import { sqlState } from "@/lib/errors";
import { saveSetting } from "@/lib/settings/versioned";
import type { StaffAccount } from "@/lib/staff/principal";
import { errorOf, expectAppError } from "@/tests/helpers/errors";
import { createMakerAndChecker } from "@/tests/helpers/loyalty";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import {
  cardBonusRequests,
  countPendingBonusRequests,
  listPendingBonusRequests,
  pendingBonusRequestsParamsSchema,
} from "./bonus-requests";
import { cardBalance, lockCard } from "./ledger";
import { getCardDetail } from "./queries";
import { TOP_UP_BONUS_RULE } from "./schemas";
import { topUp } from "./service";
import {
  decideBonusRequestUseCase,
  freezeCardUseCase,
  issueStoredValueCardUseCase,
  topUpUseCase,
  unfreezeCardUseCase,
} from "./use-cases";

// A manual bonus beyond the top-up bonus rule waits for a manager's approval (maker-checker), through
// the use cases as the server actions run them. docs/domain.md#stored-value-cards

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let makerManager: StaffAccount;
let checkerManager: StaffAccount;
/** Customer service at the store: tops up and asks for bonuses, cannot approve them. */
let desk: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  ({ store, otherStore, makerManager, checkerManager } = await createMakerAndChecker(db));
  desk = await createTestAccount(db, ["service"], [store.id], { displayName: "Desk Service" });
});

async function newCard(storeId = store.id): Promise<string> {
  const staff = storeId === store.id ? desk : await createTestAccount(db, ["service"], [storeId]);
  return (await runAs(db, issueStoredValueCardUseCase, staff, { storeId })).cardId;
}

async function entriesOf(cardId: string) {
  return db
    .select()
    .from(storedValueEntries)
    .where(eq(storedValueEntries.cardId, cardId))
    .orderBy(asc(storedValueEntries.id));
}

async function requestsOf(cardId: string) {
  return db
    .select()
    .from(storedValueBonusRequests)
    .where(eq(storedValueBonusRequests.cardId, cardId))
    .orderBy(asc(storedValueBonusRequests.requestedAt));
}

async function requestRow(id: string) {
  const [row] = await db.select().from(storedValueBonusRequests).where(eq(storedValueBonusRequests.id, id));
  return row!;
}

/** A top-up of ¥1,000 by `staff` (the desk) with an extra bonus of `extraFen` (¥50); returns the request id. */
async function topUpWithExtra(cardId: string, extraFen = 5_000, staff: StaffAccount = desk): Promise<string> {
  const result = await runAs(db, topUpUseCase, staff, {
    cardId,
    amountFen: 100_000,
    extraBonusFen: extraFen,
    extraBonusReason: "Goodwill: the ring's resizing was late",
  });
  expect(result.extraBonus).toMatchObject({ amountFen: extraFen });
  return result.extraBonus!.requestId;
}

const approve = (staff: StaffAccount, requestId: string) =>
  runAs(db, decideBonusRequestUseCase, staff, { requestId, approve: true });

describe("asking for an extra bonus with a top-up", () => {
  it("a ¥0.01 top-up with a ¥1,000,000 extra bonus is refused on its field and writes nothing", async () => {
    const cardId = await newCard();
    const error = await errorOf(
      runAs(db, topUpUseCase, desk, {
        cardId,
        amountFen: 1,
        extraBonusFen: 100_000_000,
        extraBonusReason: "VIP goodwill",
      }),
    );
    expect(error).toMatchObject({
      code: "validation",
      fieldErrors: { extraBonusFen: ["storedValueExtraBonusAboveTopUp"] },
    });
    expect(await entriesOf(cardId)).toEqual([]);
    expect(await requestsOf(cardId)).toEqual([]);
    expect(await auditEntries(db, { action: "stored_value.top_up", entityId: cardId })).toEqual([]);
    expect(await auditEntries(db, { action: "stored_value.bonus_request", entityId: cardId })).toEqual([]);
    // The business function refuses it too, whoever calls it without the schema.
    const actor = { staffId: desk.id, username: desk.username, ip: null };
    const direct = await errorOf(
      inTx(db, (tx) =>
        topUp(tx, actor, { cardId, amountFen: 1, extraBonusFen: 100_000_000, extraBonusReason: "VIP goodwill" }),
      ),
    );
    expect(direct.fieldErrors).toEqual({ extraBonusFen: ["storedValueExtraBonusAboveTopUp"] });
    expect(await entriesOf(cardId)).toEqual([]);

    // Issuing with that first top-up is refused the same way, before the card exists.
    const cardNo = `XB-${uniqueSuffix(8).toUpperCase()}`;
    const issue = await errorOf(
      runAs(db, issueStoredValueCardUseCase, desk, {
        storeId: store.id,
        cardNo,
        initialTopUpFen: 1,
        extraBonusFen: 100_000_000,
        extraBonusReason: "VIP goodwill",
      }),
    );
    expect(issue.fieldErrors).toEqual({ extraBonusFen: ["storedValueExtraBonusAboveTopUp"] });
    expect(await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo))).toEqual([]);
    // Nor without a top-up at all.
    const noTopUp = await errorOf(
      runAs(db, issueStoredValueCardUseCase, desk, {
        storeId: store.id,
        cardNo,
        extraBonusFen: 100,
        extraBonusReason: "x",
      }),
    );
    expect(noTopUp.fieldErrors).toEqual({ extraBonusFen: ["storedValueBonusNeedsTopUp"] });
    expect(await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo))).toEqual([]);
  });

  it("the reason is required with an extra bonus, at most 500 characters, without NUL", async () => {
    const cardId = await newCard();
    const attempt = (extra: object) =>
      errorOf(runAs(db, topUpUseCase, desk, { cardId, amountFen: 10_000, extraBonusFen: 1_000, ...extra }));
    expect((await attempt({})).fieldErrors).toEqual({ extraBonusReason: ["storedValueExtraBonusReasonLength"] });
    expect((await attempt({ extraBonusReason: "   " })).fieldErrors).toEqual({
      extraBonusReason: ["storedValueExtraBonusReasonLength"],
    });
    expect((await attempt({ extraBonusReason: "x".repeat(501) })).fieldErrors).toEqual({
      extraBonusReason: ["storedValueExtraBonusReasonLength"],
    });
    expect((await attempt({ extraBonusReason: "late\u0000repair" })).fieldErrors).toEqual({
      extraBonusReason: ["noNulCharacter"],
    });
    expect((await attempt({ extraBonusFen: -1, extraBonusReason: "Goodwill" })).fieldErrors).toHaveProperty(
      "extraBonusFen",
    );
    expect(await entriesOf(cardId)).toEqual([]);
    expect(await requestsOf(cardId)).toEqual([]);
    // 500 characters and an extra bonus equal to the top-up are accepted.
    await runAs(db, topUpUseCase, desk, {
      cardId,
      amountFen: 10_000,
      extraBonusFen: 10_000,
      extraBonusReason: "x".repeat(500),
    });
    expect(await requestsOf(cardId)).toHaveLength(1);
  });

  it("an extra bonus within the limit creates a pending request and credits nothing; the rule's bonus posts at once", async () => {
    // Top up ¥1,000 get ¥100 (a global setting: removed again below).
    await saveSetting(
      db,
      { staffId: makerManager.id, username: makerManager.username, ip: null },
      TOP_UP_BONUS_RULE,
      { stepFen: 100_000, bonusPerStepFen: 10_000 },
      new Date(Date.now() - 3_600_000),
    );
    try {
      const cardId = await newCard();
      const result = await runAs(db, topUpUseCase, desk, {
        cardId,
        amountFen: 100_000,
        bonusFen: 10_000,
        extraBonusFen: 20_000,
        extraBonusReason: "  Apology for a lost repair ticket  ",
      });
      expect(result).toMatchObject({ principalFen: 100_000, bonusFen: 10_000, balanceFen: 110_000 });
      const entries = await entriesOf(cardId);
      expect(entries.map((e) => [e.kind, e.principalFen, e.bonusFen])).toEqual([["top_up", 100_000, 10_000]]);

      const [request] = await requestsOf(cardId);
      expect(request).toMatchObject({
        id: result.extraBonus!.requestId,
        status: "pending",
        storeId: store.id,
        topUpEntryId: entries[0]!.id,
        amountFen: 20_000,
        reason: "Apology for a lost repair ticket",
        requestedBy: desk.id,
        decidedBy: null,
        entryId: null,
      });
      const [audit] = await auditEntries(db, { action: "stored_value.bonus_request", entityId: cardId });
      expect(audit).toMatchObject({ actorStaffId: desk.id, storeId: store.id });
      expect(audit!.details).toMatchObject({ requestId: request!.id, amountFen: 20_000, topUpEntryId: entries[0]!.id });

      // The first top-up of a new card may carry one too.
      const issued = await runAs(db, issueStoredValueCardUseCase, desk, {
        storeId: store.id,
        initialTopUpFen: 50_000,
        extraBonusFen: 5_000,
        extraBonusReason: "Opening of the new boutique",
      });
      expect(issued.extraBonus).toMatchObject({ amountFen: 5_000 });
      expect(await cardBalance(db, issued.cardId)).toEqual({ principalFen: 50_000, bonusFen: 0, balanceFen: 50_000 });
      expect(await requestsOf(issued.cardId)).toMatchObject([{ status: "pending", amountFen: 5_000 }]);
    } finally {
      await db.delete(settings).where(eq(settings.key, TOP_UP_BONUS_RULE.key));
    }
  });
});

describe("deciding an extra bonus (maker-checker)", () => {
  it("another manager's approval credits a bonus entry once and audits it with before and after", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 5_000);
    const decided = await runAs(db, decideBonusRequestUseCase, checkerManager, {
      requestId,
      approve: true,
      note: "Checked with the workshop",
    });
    expect(decided).toMatchObject({ requestId, cardId, status: "approved", amountFen: 5_000 });
    expect(await cardBalance(db, cardId)).toEqual({ principalFen: 100_000, bonusFen: 5_000, balanceFen: 105_000 });
    const bonus = (await entriesOf(cardId)).filter((e) => e.kind === "bonus");
    expect(bonus).toMatchObject([
      {
        principalFen: 0,
        bonusFen: 5_000,
        note: "Goodwill: the ring's resizing was late",
        createdBy: checkerManager.id,
        storeId: store.id,
      },
    ]);
    expect(await requestRow(requestId)).toMatchObject({
      status: "approved",
      decidedBy: checkerManager.id,
      decisionNote: "Checked with the workshop",
      entryId: bonus[0]!.id,
    });
    const audits = await auditEntries(db, { action: "stored_value.bonus_approve", entityId: cardId });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: checkerManager.id, storeId: store.id });
    expect(audits[0]!.details).toMatchObject({
      requestId,
      amountFen: 5_000,
      before: { status: "pending", bonusFen: 0, balanceFen: 100_000 },
      after: { status: "approved", bonusFen: 5_000, balanceFen: 105_000, entryId: bonus[0]!.id },
    });

    // Decided is decided: a second approval (or a rejection) is refused and credits nothing more.
    const third = await createTestAccount(db, ["manager"], [store.id]);
    await expectAppError(approve(third, requestId), "conflict", "storedValueBonusAlreadyDecided");
    await expectAppError(
      runAs(db, decideBonusRequestUseCase, third, { requestId, approve: false, note: "Too late" }),
      "conflict",
    );
    expect((await cardBalance(db, cardId)).bonusFen).toBe(5_000);

    // The card's page shows the entry with its kind and the decided request.
    const detail = await getCardDetail(db, storeScopeOf(checkerManager), cardId);
    expect(detail!.ledger.rows.map((r) => [r.kind, r.bonusFen, r.note])).toContainEqual([
      "bonus",
      5_000,
      "Goodwill: the ring's resizing was late",
    ]);
    expect(await cardBonusRequests(db, cardId)).toMatchObject([
      { id: requestId, status: "approved", decidedByName: "Checker Manager", topUpFen: 100_000 },
    ]);
  });

  it("the maker cannot approve or reject their own request: refused, and it stays pending", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 8_000, makerManager);
    await expectAppError(approve(makerManager, requestId), "forbidden", "storedValueBonusMakerCannotDecide");
    await expectAppError(
      runAs(db, decideBonusRequestUseCase, makerManager, { requestId, approve: false, note: "Never mind" }),
      "forbidden",
    );
    expect(await requestRow(requestId)).toMatchObject({ status: "pending", decidedBy: null, entryId: null });
    expect((await cardBalance(db, cardId)).bonusFen).toBe(0);
    expect(await auditEntries(db, { action: "stored_value.bonus_approve", entityId: cardId })).toEqual([]);
  });

  it("the database refuses decided_by = requested_by even when the code is bypassed", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId);
    const error = await db
      .update(storedValueBonusRequests)
      .set({ status: "approved", decidedBy: desk.id, decidedAt: new Date() })
      .where(eq(storedValueBonusRequests.id, requestId))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(sqlState(error)).toBe("23514"); // check_violation
    expect((await requestRow(requestId)).status).toBe("pending");
  });

  it("a manager of another store neither sees nor decides it; a head-office manager does", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 3_000);
    const outsider = await createTestAccount(db, ["manager"], [otherStore.id]);
    const params = pendingBonusRequestsParamsSchema.parse({ pageSize: "100" });

    const outsiders = await listPendingBonusRequests(db, storeScopeOf(outsider), params);
    expect(outsiders.rows.map((r) => r.id)).not.toContain(requestId);
    expect(await countPendingBonusRequests(db, { kind: "stores", storeIds: [otherStore.id] })).toBe(outsiders.total);
    await expectAppError(approve(outsider, requestId), "not_found");
    await expectAppError(
      runAs(db, decideBonusRequestUseCase, outsider, { requestId, approve: false, note: "Not ours" }),
      "not_found",
    );
    expect(await requestRow(requestId)).toMatchObject({ status: "pending" });

    // The store's own managers see it, masked and with what they need to decide.
    const own = await listPendingBonusRequests(db, storeScopeOf(checkerManager), params);
    expect(own.rows.find((r) => r.id === requestId)).toMatchObject({
      cardId,
      cardStatus: "active",
      memberId: null,
      memberName: null,
      amountFen: 3_000,
      topUpFen: 100_000,
      requestedById: desk.id,
      requestedByName: "Desk Service",
      store: { id: store.id, code: store.code },
    });
    expect(await countPendingBonusRequests(db, storeScopeOf(checkerManager))).toBeGreaterThanOrEqual(1);

    const headOffice = await createTestAccount(db, ["manager"], [], { allStores: true });
    await approve(headOffice, requestId);
    expect((await cardBalance(db, cardId)).bonusFen).toBe(3_000);
    const after = await listPendingBonusRequests(db, storeScopeOf(checkerManager), params);
    expect(after.rows.map((r) => r.id)).not.toContain(requestId);
  });

  it("a frozen card's approval is refused and the request stays pending; once unfrozen it can be approved", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 2_000);
    await runAs(db, freezeCardUseCase, desk, { cardId });
    const refusal = await expectAppError(approve(checkerManager, requestId), "card_not_usable");
    expect(refusal.message).toBe("storedValueBonusCardNotActive");
    expect(await requestRow(requestId)).toMatchObject({ status: "pending", decidedBy: null, entryId: null });
    expect((await cardBalance(db, cardId)).bonusFen).toBe(0);
    expect(await auditEntries(db, { action: "stored_value.bonus_approve", entityId: cardId })).toEqual([]);
    // The approvals queue says the card is not active.
    const pending = await listPendingBonusRequests(
      db,
      storeScopeOf(checkerManager),
      pendingBonusRequestsParamsSchema.parse({ pageSize: "100" }),
    );
    expect(pending.rows.find((r) => r.id === requestId)?.cardStatus).toBe("frozen");

    await runAs(db, unfreezeCardUseCase, desk, { cardId });
    await approve(checkerManager, requestId);
    expect((await cardBalance(db, cardId)).bonusFen).toBe(2_000);
  });

  it("a rejection needs a note, credits nothing and keeps the note", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 9_000);
    const noNote = await errorOf(
      runAs(db, decideBonusRequestUseCase, checkerManager, { requestId, approve: false, note: " " }),
    );
    expect(noNote).toMatchObject({ code: "validation", fieldErrors: { note: ["rejectNoteRequired"] } });
    expect((await requestRow(requestId)).status).toBe("pending");

    const decided = await runAs(db, decideBonusRequestUseCase, checkerManager, {
      requestId,
      approve: false,
      note: "  No receipt for the repair  ",
    });
    expect(decided).toMatchObject({ status: "rejected", entryId: null });
    expect(await requestRow(requestId)).toMatchObject({
      status: "rejected",
      decidedBy: checkerManager.id,
      decisionNote: "No receipt for the repair",
      entryId: null,
    });
    expect(await cardBalance(db, cardId)).toEqual({ principalFen: 100_000, bonusFen: 0, balanceFen: 100_000 });
    expect((await entriesOf(cardId)).map((e) => e.kind)).toEqual(["top_up"]);
    const [audit] = await auditEntries(db, { action: "stored_value.bonus_reject", entityId: cardId });
    expect(audit!.details).toMatchObject({
      requestId,
      note: "No receipt for the repair",
      before: { status: "pending" },
      after: { status: "rejected", entryId: null },
    });
    await expectAppError(approve(checkerManager, requestId), "conflict");
    expect((await cardBalance(db, cardId)).bonusFen).toBe(0);
  });

  // A race: on PGlite (one connection) the two approvals would run one after the other and prove nothing.
  describe.runIf(testDriver() === "postgres")("concurrent approvals (needs real PostgreSQL)", () => {
    it("two managers approving the same request at once: the bonus is credited exactly once", async () => {
      const cardId = await newCard();
      const requestId = await topUpWithExtra(cardId, 6_000);
      const secondChecker = await createTestAccount(db, ["manager"], [store.id]);
      // A third transaction holds the card (a POS payment, say) while both approvals start, so that
      // they really overlap: each gets as far as it can before the card is free again.
      let holding!: () => void;
      const cardHeld = new Promise<void>((resolve) => (holding = resolve));
      const holder = inTx(db, async (tx) => {
        await lockCard(tx, cardId);
        holding();
        await tx.execute(sql`select pg_sleep(0.3)`);
      });
      await cardHeld;
      const outcomes = await Promise.allSettled([
        approve(checkerManager, requestId),
        approve(secondChecker, requestId),
      ]);
      await holder;
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.filter((o) => o.status === "rejected");
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        code: "conflict",
        message: "storedValueBonusAlreadyDecided",
      });
      expect((await entriesOf(cardId)).filter((e) => e.kind === "bonus")).toHaveLength(1);
      expect(await cardBalance(db, cardId)).toEqual({ principalFen: 100_000, bonusFen: 6_000, balanceFen: 106_000 });
      expect(await auditEntries(db, { action: "stored_value.bonus_approve", entityId: cardId })).toHaveLength(1);
    });
  });
});

describe("who may decide, by role", () => {
  // The permission that approves points adjustments (loyalty.adjust.approve): managers only.
  const DECIDE: Record<Role, boolean> = {
    admin: false,
    manager: true,
    service: false,
    advisor: false,
    after_sales: false,
  };

  it.each(Object.keys(DECIDE) as Role[])("approve as %s", async (role) => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 1_000, makerManager);
    const staff = await createTestAccount(db, [role], [store.id]);
    const attempt = approve(staff, requestId);
    if (DECIDE[role]) {
      await expect(attempt).resolves.toMatchObject({ status: "approved" });
      expect((await cardBalance(db, cardId)).bonusFen).toBe(1_000);
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect((await requestRow(requestId)).status).toBe("pending");
      expect((await cardBalance(db, cardId)).bonusFen).toBe(0);
    }
  });

  it("customer service, who asks for bonuses, is refused approving and rejecting a colleague's", async () => {
    const cardId = await newCard();
    const requestId = await topUpWithExtra(cardId, 4_000);
    const colleague = await createTestAccount(db, ["service"], [store.id]);
    await expectAppError(approve(colleague, requestId), "forbidden");
    await expectAppError(
      runAs(db, decideBonusRequestUseCase, colleague, { requestId, approve: false, note: "Not allowed" }),
      "forbidden",
    );
    expect(await requestRow(requestId)).toMatchObject({ status: "pending", decidedBy: null });
    expect((await cardBalance(db, cardId)).bonusFen).toBe(0);
  });
});

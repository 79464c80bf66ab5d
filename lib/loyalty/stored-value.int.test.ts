import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { openDatabase, rowsOf, type DatabaseHandle, type Db } from "@/db/client";
import { memberCards, salesTransactions, storedValueCards, storedValueEntries } from "@/db/schema";
import { executeAction, type ActionDefinition } from "@/lib/actions/execute";
import type { Role } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { insertMember } from "@/lib/members/privacy-test-fixtures";
import { loadStaffAccount, type StaffAccount } from "@/lib/staff/principal";
import { auditEntries, createTestDatabase, createTestStaff, createTestStore, testDriver, uniqueSuffix, type TestStaff, type TestStore } from "@/tests/helpers/test-db";
import {
  cardBalance,
  findCardMemberUseCase,
  freezeCard,
  freezeCardUseCase,
  issueCard,
  issueCardUseCase,
  refundPrincipal,
  refundPrincipalUseCase,
  reissueCard,
  reissueCardUseCase,
  returnStoredValue,
  spendStoredValue,
  topUp,
  topUpUseCase,
  unfreezeCard,
  unfreezeCardUseCase,
} from "./stored-value";
import { cardListParamsSchema, getCardDetail, listCards, memberStoredValueSummary } from "./stored-value-queries";

let handle: DatabaseHandle;
let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: TestStaff;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
});
afterAll(async () => handle?.close());

/** Runs a business function in its own transaction, as an action or the POS ingest does. */
function inTx<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db));
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function newCard(options: { storeId?: string; principalFen?: number; bonusFen?: number; memberId?: string | null } = {}) {
  return inTx((tx) =>
    issueCard(tx, manager.actor, {
      storeId: options.storeId ?? storeA.id,
      memberId: options.memberId ?? null,
      initialTopUpFen: options.principalFen ?? 0,
      bonusFen: options.bonusFen ?? 0,
    }),
  );
}

async function purchase(storeId = storeA.id): Promise<string> {
  const [row] = await db
    .insert(salesTransactions)
    .values({ storeId, externalId: `P-${uniqueSuffix(10)}`, kind: "purchase", occurredAt: new Date(), netPaidFen: 0 })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

async function refundOf(purchaseId: string, storeId = storeA.id): Promise<string> {
  const [row] = await db
    .insert(salesTransactions)
    .values({ storeId, externalId: `R-${uniqueSuffix(10)}`, kind: "refund", originalId: purchaseId, occurredAt: new Date(), netPaidFen: 0 })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

async function entriesOf(cardId: string) {
  return db.select().from(storedValueEntries).where(eq(storedValueEntries.cardId, cardId)).orderBy(asc(storedValueEntries.id));
}

async function cardRow(cardId: string) {
  const [row] = await db.select().from(storedValueCards).where(eq(storedValueCards.id, cardId));
  return row!;
}

describe("issuing and topping up", () => {
  it("issues a card with a generated number, an initial top-up and a bonus, and audits it", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const card = await newCard({ memberId: member.id, principalFen: 100_000, bonusFen: 10_000 });
    expect(card.cardNo).toMatch(/^SV\d{12}$/);
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 100_000, bonusFen: 10_000, balanceFen: 110_000 });
    const row = await cardRow(card.cardId);
    expect(row).toMatchObject({ memberId: member.id, storeId: storeA.id, status: "active", issuedBy: manager.id });
    const [audit] = await auditEntries(db, { action: "stored_value.issue", entityId: card.cardId });
    expect(audit).toMatchObject({ actorStaffId: manager.id, storeId: storeA.id, entityType: "stored_value_card" });
    expect(audit!.details).toMatchObject({ cardNo: card.cardNo, initialTopUpFen: 100_000, bonusFen: 10_000 });
  });

  it("issues with a given number, refuses the same number twice, and an empty card has no entries", async () => {
    const cardNo = `GIFT-${uniqueSuffix(8).toUpperCase()}`;
    const first = await inTx((tx) => issueCard(tx, manager.actor, { storeId: storeA.id, cardNo }));
    expect(first.cardNo).toBe(cardNo);
    expect(await entriesOf(first.cardId)).toHaveLength(0);
    const error = await errorOf(inTx((tx) => issueCard(tx, manager.actor, { storeId: storeB.id, cardNo })));
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ cardNo: ["storedValueCardNoTaken"] });
    expect(await db.select().from(storedValueCards).where(eq(storedValueCards.cardNo, cardNo))).toHaveLength(1);
  });

  it("refuses a bonus without a top-up", async () => {
    const error = await errorOf(inTx((tx) => issueCard(tx, manager.actor, { storeId: storeA.id, bonusFen: 500 })));
    expect(error.code).toBe("validation");
  });

  it("tops up principal with an optional bonus (top up ¥1,000 get ¥100) and audits it", async () => {
    const card = await newCard();
    const after = await inTx((tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 100_000, bonusFen: 10_000 }));
    expect(after).toEqual({ principalFen: 100_000, bonusFen: 10_000, balanceFen: 110_000 });
    await inTx((tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 5_000, bonusFen: 0 }));
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 105_000, bonusFen: 10_000, balanceFen: 115_000 });
    const entries = await entriesOf(card.cardId);
    expect(entries.map((e) => [e.kind, e.principalFen, e.bonusFen, e.createdBy])).toEqual([
      ["top_up", 100_000, 10_000, manager.id],
      ["top_up", 5_000, 0, manager.id],
    ]);
    expect(await auditEntries(db, { action: "stored_value.top_up", entityId: card.cardId })).toHaveLength(2);
  });
});

describe("spending (the POS ingest)", () => {
  it("spends principal first, then bonus", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 200 });
    const tx1 = await purchase();
    expect(await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 700, storeId: storeB.id, transactionId: tx1 }))).toEqual({ cardId: card.cardId, principalFen: 700, bonusFen: 0 });
    const tx2 = await purchase();
    expect(await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo.toLowerCase(), amountFen: 400, storeId: storeA.id, transactionId: tx2 }))).toEqual({ cardId: card.cardId, principalFen: 300, bonusFen: 100 });
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 0, bonusFen: 100, balanceFen: 100 });
    const spends = (await entriesOf(card.cardId)).filter((e) => e.kind === "spend");
    expect(spends.map((e) => [e.principalFen, e.bonusFen, e.storeId, e.transactionId])).toEqual([
      [-700, 0, storeB.id, tx1],
      [-300, -100, storeA.id, tx2],
    ]);
  });

  it("refuses more than the balance and an unknown card, writing nothing", async () => {
    const card = await newCard({ principalFen: 500, bonusFen: 100 });
    const before = await entriesOf(card.cardId);
    const short = await errorOf(inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 601, storeId: storeA.id, transactionId: null })));
    expect(short.code).toBe("insufficient_balance");
    const unknown = await errorOf(inTx((tx) => spendStoredValue(tx, { cardNo: "SV000000000000-NOPE", amountFen: 1, storeId: storeA.id, transactionId: null })));
    expect(unknown.code).toBe("card_not_usable");
    expect(unknown.message).toMatch(/unknown/i);
    expect(await entriesOf(card.cardId)).toEqual(before);
    // Exactly the balance is fine.
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 600, storeId: storeA.id, transactionId: null }));
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(0);
  });
});

describe("freezing, reissuing and refunding principal", () => {
  it("a frozen card refuses spending and top-ups until unfrozen; each change is audited", async () => {
    const card = await newCard({ principalFen: 1_000 });
    await inTx((tx) => freezeCard(tx, manager.actor, { cardId: card.cardId }));
    expect((await cardRow(card.cardId)).status).toBe("frozen");
    const spend = await errorOf(inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null })));
    expect(spend.code).toBe("card_not_usable");
    const top = await errorOf(inTx((tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 100, bonusFen: 0 })));
    expect(top).toMatchObject({ code: "card_not_usable", message: "storedValueCardFrozen" });
    const twice = await errorOf(inTx((tx) => freezeCard(tx, manager.actor, { cardId: card.cardId })));
    expect(twice.code).toBe("card_not_usable");

    await inTx((tx) => unfreezeCard(tx, manager.actor, { cardId: card.cardId }));
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null }));
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(900);
    const unfreezeActive = await errorOf(inTx((tx) => unfreezeCard(tx, manager.actor, { cardId: card.cardId })));
    expect(unfreezeActive.code).toBe("card_not_usable");
    expect(await auditEntries(db, { action: "stored_value.freeze", entityId: card.cardId })).toHaveLength(1);
    expect(await auditEntries(db, { action: "stored_value.unfreeze", entityId: card.cardId })).toHaveLength(1);
  });

  it("reissue moves the whole balance (principal and bonus apart) to a new card of the same member", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const old = await newCard({ memberId: member.id, principalFen: 800, bonusFen: 150 });
    await inTx((tx) => freezeCard(tx, manager.actor, { cardId: old.cardId }));
    const fresh = await inTx((tx) => reissueCard(tx, manager.actor, { cardId: old.cardId }));
    expect(fresh.movedFen).toBe(950);
    expect(await cardBalance(db, old.cardId)).toEqual({ principalFen: 0, bonusFen: 0, balanceFen: 0 });
    expect(await cardBalance(db, fresh.cardId)).toEqual({ principalFen: 800, bonusFen: 150, balanceFen: 950 });
    expect(await cardRow(old.cardId)).toMatchObject({ status: "replaced", replacedById: fresh.cardId });
    expect(await cardRow(fresh.cardId)).toMatchObject({ status: "active", memberId: member.id, storeId: storeA.id });
    expect((await entriesOf(old.cardId)).at(-1)).toMatchObject({ kind: "transfer_out", principalFen: -800, bonusFen: -150 });
    expect(await entriesOf(fresh.cardId)).toMatchObject([{ kind: "transfer_in", principalFen: 800, bonusFen: 150 }]);
    const [audit] = await auditEntries(db, { action: "stored_value.reissue", entityId: old.cardId });
    expect(audit!.details).toMatchObject({ newCardId: fresh.cardId, principalFen: 800, bonusFen: 150 });

    // The old card is done: no spending, no second reissue, no refund.
    expect((await errorOf(inTx((tx) => spendStoredValue(tx, { cardNo: old.cardNo, amountFen: 1, storeId: storeA.id, transactionId: null })))).code).toBe("card_not_usable");
    expect((await errorOf(inTx((tx) => reissueCard(tx, manager.actor, { cardId: old.cardId })))).code).toBe("card_not_usable");
    expect((await errorOf(inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: old.cardId })))).code).toBe("card_not_usable");
  });

  it("a partial principal refund pays back principal only and keeps the card", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 100 });
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 300, storeId: storeA.id, transactionId: null }));
    const tooMuch = await errorOf(inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId, amountFen: 701 })));
    expect(tooMuch.code).toBe("insufficient_balance");
    const result = await inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId, amountFen: 200 }));
    expect(result).toMatchObject({ refundedFen: 200, forfeitedBonusFen: 0, closed: false, balance: { principalFen: 500, bonusFen: 100, balanceFen: 600 } });
    expect((await cardRow(card.cardId)).status).toBe("active");
    expect((await entriesOf(card.cardId)).at(-1)).toMatchObject({ kind: "principal_refund", principalFen: -200, bonusFen: 0 });
  });

  it("refunding the whole principal closes the card and forfeits the bonus in a bonus-only entry", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 100 });
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 400, storeId: storeA.id, transactionId: null }));
    const result = await inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId }));
    expect(result).toMatchObject({ refundedFen: 600, forfeitedBonusFen: 100, closed: true, balance: { balanceFen: 0 } });
    expect((await cardRow(card.cardId)).status).toBe("closed");
    const refunds = (await entriesOf(card.cardId)).filter((e) => e.kind === "principal_refund");
    expect(refunds.map((e) => [e.principalFen, e.bonusFen, e.note !== null])).toEqual([
      [-600, 0, false],
      [0, -100, true],
    ]);
    const [audit] = await auditEntries(db, { action: "stored_value.refund_principal", entityId: card.cardId });
    expect(audit!.details).toMatchObject({ refundedFen: 600, forfeitedBonusFen: 100, closed: true });
    expect((await errorOf(inTx((tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 1, bonusFen: 0 })))).code).toBe("card_not_usable");
    expect((await errorOf(inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId })))).code).toBe("card_not_usable");
  });

  it("refuses a principal refund when no principal is left", async () => {
    const card = await newCard({ principalFen: 100, bonusFen: 50 });
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 120, storeId: storeA.id, transactionId: null }));
    const error = await errorOf(inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId })));
    expect(error).toMatchObject({ code: "insufficient_balance", message: "storedValueNoPrincipal" });
  });
});

describe("returning stored value for a purchase refund", () => {
  it("after a partial spend: gives back principal and bonus in the proportion spent, never more than was spent", async () => {
    const card = await newCard({ principalFen: 500, bonusFen: 100 });
    const sale = await purchase();
    // 550 = 500 principal + 50 bonus (principal first).
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 550, storeId: storeA.id, transactionId: sale }));
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 0, bonusFen: 50, balanceFen: 50 });

    const first = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 275, storeId: storeB.id, refundTransactionId: first }))).toEqual({ returnedFen: 275 });
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 250, bonusFen: 75, balanceFen: 325 });
    expect((await entriesOf(card.cardId)).at(-1)).toMatchObject({ kind: "refund", principalFen: 250, bonusFen: 25, storeId: storeB.id, transactionId: first });

    // Asking for more than is left gives back what is left, exactly what was spent in total.
    const second = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 1_000, storeId: storeA.id, refundTransactionId: second }))).toEqual({ returnedFen: 275 });
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 500, bonusFen: 100, balanceFen: 600 });
    const third = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 1, storeId: storeA.id, refundTransactionId: third }))).toEqual({ returnedFen: 0 });
  });

  it("a purchase not paid by card returns nothing", async () => {
    const sale = await purchase();
    const refund = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 100, storeId: storeA.id, refundTransactionId: refund }))).toEqual({ returnedFen: 0 });
  });

  it("after a reissue: follows the replaced card to the card in use", async () => {
    const old = await newCard({ principalFen: 1_000 });
    const sale = await purchase();
    await inTx((tx) => spendStoredValue(tx, { cardNo: old.cardNo, amountFen: 600, storeId: storeA.id, transactionId: sale }));
    const second = await inTx((tx) => reissueCard(tx, manager.actor, { cardId: old.cardId }));
    const third = await inTx((tx) => reissueCard(tx, manager.actor, { cardId: second.cardId }));

    const partial = await refundOf(sale);
    await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 200, storeId: storeA.id, refundTransactionId: partial }));
    expect(await cardBalance(db, third.cardId)).toEqual({ principalFen: 600, bonusFen: 0, balanceFen: 600 });
    expect((await cardBalance(db, old.cardId)).balanceFen).toBe(0);
    expect((await cardBalance(db, second.cardId)).balanceFen).toBe(0);
    expect((await entriesOf(third.cardId)).at(-1)).toMatchObject({ kind: "refund", principalFen: 200, note: old.cardNo });

    // Earlier returns to the new card count against what the old card paid.
    const rest = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 999, storeId: storeA.id, refundTransactionId: rest }))).toEqual({ returnedFen: 400 });
    expect((await cardBalance(db, third.cardId)).balanceFen).toBe(1_000);
  });

  it("a purchase paid with two cards is given back card by card, in the order they were charged", async () => {
    const a = await newCard({ principalFen: 300 });
    const b = await newCard({ principalFen: 300 });
    const sale = await purchase();
    await inTx(async (tx) => {
      await spendStoredValue(tx, { cardNo: a.cardNo, amountFen: 300, storeId: storeA.id, transactionId: sale });
      await spendStoredValue(tx, { cardNo: b.cardNo, amountFen: 200, storeId: storeA.id, transactionId: sale });
    });
    const refund = await refundOf(sale);
    expect(await inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 400, storeId: storeA.id, refundTransactionId: refund }))).toEqual({ returnedFen: 400 });
    expect((await cardBalance(db, a.cardId)).balanceFen).toBe(300);
    expect((await cardBalance(db, b.cardId)).balanceFen).toBe(200);
  });

  it("with a card named, gives back only what that card paid (one call per stored-value payment)", async () => {
    const a = await newCard({ principalFen: 300 });
    const b = await newCard({ principalFen: 300 });
    const sale = await purchase();
    const spentA = await inTx((tx) => spendStoredValue(tx, { cardNo: a.cardNo, amountFen: 300, storeId: storeA.id, transactionId: sale }));
    const spentB = await inTx((tx) => spendStoredValue(tx, { cardNo: b.cardNo, amountFen: 200, storeId: storeA.id, transactionId: sale }));
    const refund = await refundOf(sale);
    const back = await inTx(async (tx) => [
      await returnStoredValue(tx, { transactionId: sale, amountFen: 150, storeId: storeA.id, refundTransactionId: refund, cardId: spentA.cardId }),
      await returnStoredValue(tx, { transactionId: sale, amountFen: 100, storeId: storeA.id, refundTransactionId: refund, cardId: spentB.cardId }),
      await returnStoredValue(tx, { transactionId: sale, amountFen: 500, storeId: storeA.id, refundTransactionId: refund, cardId: spentB.cardId }),
    ]);
    expect(back.map((r) => r.returnedFen)).toEqual([150, 100, 100]);
    expect((await cardBalance(db, a.cardId)).balanceFen).toBe(150);
    expect((await cardBalance(db, b.cardId)).balanceFen).toBe(300);
  });

  it("refuses to return value to a closed card", async () => {
    const card = await newCard({ principalFen: 1_000 });
    const sale = await purchase();
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 400, storeId: storeA.id, transactionId: sale }));
    await inTx((tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId }));
    const refund = await refundOf(sale);
    const error = await errorOf(inTx((tx) => returnStoredValue(tx, { transactionId: sale, amountFen: 400, storeId: storeA.id, refundTransactionId: refund })));
    expect(error.code).toBe("card_not_usable");
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(0);
  });
});

describe("the ledger", () => {
  it("is append-only: UPDATE and DELETE raise", async () => {
    const card = await newCard({ principalFen: 1_000 });
    const [entry] = await entriesOf(card.cardId);
    await expect(db.update(storedValueEntries).set({ principalFen: 1_000_000 }).where(eq(storedValueEntries.id, entry!.id))).rejects.toThrow();
    await expect(db.delete(storedValueEntries).where(eq(storedValueEntries.id, entry!.id))).rejects.toThrow();
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 1_000, bonusFen: 0, balanceFen: 1_000 });
  });

  it("20 simultaneous spends of 100 fen on a card holding 1,000 leave exactly 0: 10 succeed, 10 are refused", async () => {
    const card = await newCard({ principalFen: 800, bonusFen: 200 });
    // On PostgreSQL every spend gets its own connection so that they really overlap; PGlite has
    // one connection and runs them one after the other (the answer must be the same).
    let pool: DatabaseHandle | null = null;
    if (testDriver() === "postgres") {
      const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [{ name: string }];
      const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
      url.pathname = `/${name}`;
      pool = openDatabase({ url: url.toString(), poolMax: 20 });
    }
    const target = pool?.db ?? db;
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => target.transaction((tx) => spendStoredValue(tx as unknown as Db, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null }))),
      );
      const succeeded = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(succeeded).toHaveLength(10);
      expect(refused).toHaveLength(10);
      for (const r of refused) expect((r.reason as AppError).code).toBe("insufficient_balance");
      expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 0, bonusFen: 0, balanceFen: 0 });
      expect((await entriesOf(card.cardId)).filter((e) => e.kind === "spend")).toHaveLength(10);
    } finally {
      await pool?.close();
    }
  });
});

// ── Through the action wrapper: permissions and store scope ───────────────────────────────────

async function account(roles: Role[], storeIds: string[], allStores = false): Promise<StaffAccount> {
  const created = await createTestStaff(db, { roles, storeIds, allStores });
  return (await loadStaffAccount(db, created.id))!;
}

function run<TSchema extends z.ZodType, TOutput>(definition: ActionDefinition<TSchema, TOutput>, staff: StaffAccount, raw: unknown): Promise<TOutput> {
  return executeAction(definition, { staff, actor: { ip: "127.0.0.1" }, db }, raw);
}

describe("store scope", () => {
  it("lists, shows and sums only the cards of the staff member's stores", async () => {
    const member = await insertMember(db, { storeId: storeA.id, name: "王小明" });
    const own = await newCard({ memberId: member.id, principalFen: 1_000, bonusFen: 100 });
    const other = await newCard({ storeId: storeB.id, memberId: member.id, principalFen: 5_000 });
    const scopeA = { kind: "stores" as const, storeIds: [storeA.id] };

    const list = await listCards(db, scopeA, cardListParamsSchema.parse({ member: member.id }));
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ id: own.cardId, memberName: "王*明", principalFen: 1_000, bonusFen: 100, balanceFen: 1_100, store: { id: storeA.id } });
    expect((await listCards(db, { kind: "all" }, cardListParamsSchema.parse({ member: member.id }))).total).toBe(2);
    expect((await listCards(db, { kind: "stores", storeIds: [] }, cardListParamsSchema.parse({ member: member.id }))).total).toBe(0);

    expect(await getCardDetail(db, scopeA, other.cardId)).toBeNull();
    const detail = await getCardDetail(db, scopeA, own.cardId);
    expect(detail).toMatchObject({ cardNo: own.cardNo, balanceFen: 1_100, member: { id: member.id, maskedName: "王*明" } });
    expect(detail!.ledger.rows).toMatchObject([{ kind: "top_up", principalFen: 1_000, bonusFen: 100, balanceAfterFen: 1_100 }]);

    expect(await memberStoredValueSummary(db, scopeA, member.id)).toMatchObject({ totalFen: 1_100, cards: [{ id: own.cardId }] });
    expect((await memberStoredValueSummary(db, { kind: "all" }, member.id)).totalFen).toBe(6_100);

    // Acting on another store's card is "not found", and nothing changes.
    const staffA = await account(["manager"], [storeA.id]);
    expect((await errorOf(run(topUpUseCase, staffA, { cardId: other.cardId, amountFen: 100, bonusFen: 0 }))).code).toBe("not_found");
    expect((await errorOf(run(freezeCardUseCase, staffA, { cardId: other.cardId }))).code).toBe("not_found");
    expect((await errorOf(run(refundPrincipalUseCase, staffA, { cardId: other.cardId }))).code).toBe("not_found");
    expect((await errorOf(run(issueCardUseCase, staffA, { storeId: storeB.id }))).code).toBe("not_found");
    expect((await cardBalance(db, other.cardId)).balanceFen).toBe(5_000);
    expect((await cardRow(other.cardId)).status).toBe("active");
  });

  it("the ledger page shows the running balance after each entry, newest first", async () => {
    const card = await newCard({ principalFen: 1_000 });
    await inTx((tx) => spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 300, storeId: storeA.id, transactionId: null }));
    await inTx((tx) => topUp(tx, manager.actor, { cardId: card.cardId, amountFen: 500, bonusFen: 50 }));
    const detail = await getCardDetail(db, { kind: "all" }, card.cardId, { page: 1, pageSize: 2, dir: "desc" });
    expect(detail!.ledger.total).toBe(3);
    expect(detail!.ledger.rows.map((r) => [r.kind, r.balanceAfterFen])).toEqual([
      ["top_up", 1_250],
      ["spend", 700],
    ]);
  });
});

describe("permissions of every action for every role", () => {
  // manage: issue, top-up, freeze, unfreeze, reissue; refund: principal refund (managers only).
  const MANAGE: Record<Role, boolean> = { admin: true, manager: true, service: true, advisor: false, after_sales: false };
  const REFUND: Record<Role, boolean> = { admin: false, manager: true, service: false, advisor: false, after_sales: false };
  const roles = Object.keys(MANAGE) as Role[];

  it.each(roles)("%s", async (role) => {
    const staff = await account([role], [storeA.id]);
    const card = async (status: "active" | "frozen" = "active") => {
      const c = await newCard({ principalFen: 1_000 });
      if (status === "frozen") await inTx((tx) => freezeCard(tx, manager.actor, { cardId: c.cardId }));
      return c.cardId;
    };
    const attempts: [string, boolean, () => Promise<unknown>][] = [
      ["issue", MANAGE[role], () => run(issueCardUseCase, staff, { storeId: storeA.id, initialTopUpFen: 100 })],
      ["top-up", MANAGE[role], async () => run(topUpUseCase, staff, { cardId: await card(), amountFen: 100, bonusFen: 10 })],
      ["freeze", MANAGE[role], async () => run(freezeCardUseCase, staff, { cardId: await card() })],
      ["unfreeze", MANAGE[role], async () => run(unfreezeCardUseCase, staff, { cardId: await card("frozen") })],
      ["reissue", MANAGE[role], async () => run(reissueCardUseCase, staff, { cardId: await card("frozen") })],
      ["refund principal", REFUND[role], async () => run(refundPrincipalUseCase, staff, { cardId: await card(), amountFen: 100 })],
    ];
    for (const [name, allowed, attempt] of attempts) {
      const outcome = await attempt().then(
        () => "ok",
        (e: unknown) => (e instanceof AppError ? e.code : String(e)),
      );
      expect(`${name}: ${outcome}`).toBe(`${name}: ${allowed ? "ok" : "forbidden"}`);
    }
  });

  it("actions write their audit entry with the acting staff member and IP", async () => {
    const staff = await account(["manager"], [storeA.id]);
    const issued = await run(issueCardUseCase, staff, { storeId: storeA.id, cardNo: "", initialTopUpFen: 100_000, bonusFen: 10_000 });
    const [audit] = await auditEntries(db, { action: "stored_value.issue", entityId: issued.cardId });
    expect(audit).toMatchObject({ actorStaffId: staff.id, actorLabel: staff.username, ip: "127.0.0.1" });
    const invalid = await errorOf(run(topUpUseCase, staff, { cardId: issued.cardId, amountFen: 0 }));
    expect(invalid.code).toBe("validation");
    expect(Object.keys(invalid.fieldErrors ?? {})).toContain("amountFen");
  });

  it("the issue form finds members of the staff member's stores by mobile or member card number, masked", async () => {
    const staff = await account(["service"], [storeA.id]);
    const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const member = await insertMember(db, { storeId: storeA.id, name: "陈美玲", phone });
    const cardNo = `M${uniqueSuffix(8).toUpperCase()}`;
    await db.insert(memberCards).values({ cardNo, memberId: member.id });
    const stranger = await insertMember(db, { storeId: storeB.id });
    const national = phone.slice(3);
    expect(await run(findCardMemberUseCase, staff, { query: `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}` })).toEqual([
      { id: member.id, maskedName: "陈*玲", maskedPhone: `${national.slice(0, 3)}****${national.slice(-4)}`, storeCode: storeA.code },
    ]);
    expect((await run(findCardMemberUseCase, staff, { query: cardNo.toLowerCase() })).map((m) => m.id)).toEqual([member.id]);
    expect(await run(findCardMemberUseCase, staff, { query: stranger.phoneE164!.slice(3) })).toEqual([]);
    const advisor = await account(["advisor"], [storeA.id]);
    expect((await errorOf(run(findCardMemberUseCase, advisor, { query: national }))).code).toBe("forbidden");
  });

  it("issuing to a member outside the staff member's stores is not found", async () => {
    const staff = await account(["manager"], [storeA.id]);
    const stranger = await insertMember(db, { storeId: storeB.id });
    const error = await errorOf(run(issueCardUseCase, staff, { storeId: storeA.id, memberId: stranger.id }));
    expect(error.code).toBe("not_found");
  });
});

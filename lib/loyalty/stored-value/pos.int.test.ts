import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { salesTransactions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { errorOf } from "@/tests/helpers/errors";
import { storedValueFixtures } from "@/tests/helpers/loyalty";
import {
  createTestStaff,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStaff,
  type TestStore,
} from "@/tests/helpers/test-db";
import { cardBalance } from "./ledger";
import { returnStoredValue, spendStoredValue } from "./pos";
import { refundPrincipal, reissueCard } from "./service";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: TestStaff;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
});

const { newCard, entriesOf } = storedValueFixtures(() => ({ db, storeId: storeA.id, actor: manager.actor }));

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
    .values({
      storeId,
      externalId: `R-${uniqueSuffix(10)}`,
      kind: "refund",
      originalId: purchaseId,
      occurredAt: new Date(),
      netPaidFen: 0,
    })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

describe("spending (the POS ingest)", () => {
  it("spends principal first, then bonus", async () => {
    const card = await newCard({ principalFen: 1_000, bonusFen: 200 });
    const tx1 = await purchase();
    expect(
      await inTx(db, (tx) =>
        spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 700, storeId: storeB.id, transactionId: tx1 }),
      ),
    ).toEqual({ cardId: card.cardId, principalFen: 700, bonusFen: 0 });
    const tx2 = await purchase();
    expect(
      await inTx(db, (tx) =>
        spendStoredValue(tx, {
          cardNo: card.cardNo.toLowerCase(),
          amountFen: 400,
          storeId: storeA.id,
          transactionId: tx2,
        }),
      ),
    ).toEqual({ cardId: card.cardId, principalFen: 300, bonusFen: 100 });
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
    const short = await errorOf(
      inTx(db, (tx) =>
        spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 601, storeId: storeA.id, transactionId: null }),
      ),
    );
    expect(short.code).toBe("insufficient_balance");
    const unknown = await errorOf(
      inTx(db, (tx) =>
        spendStoredValue(tx, { cardNo: "SV000000000000-NOPE", amountFen: 1, storeId: storeA.id, transactionId: null }),
      ),
    );
    expect(unknown.code).toBe("card_not_usable");
    expect(unknown.message).toMatch(/unknown/i);
    expect(await entriesOf(card.cardId)).toEqual(before);
    // Exactly the balance is fine.
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 600, storeId: storeA.id, transactionId: null }),
    );
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(0);
  });
});

describe("returning stored value for a purchase refund", () => {
  it("after a partial spend: gives back principal and bonus in the proportion spent, never more than was spent", async () => {
    const card = await newCard({ principalFen: 500, bonusFen: 100 });
    const sale = await purchase();
    // 550 = 500 principal + 50 bonus (principal first).
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 550, storeId: storeA.id, transactionId: sale }),
    );
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 0, bonusFen: 50, balanceFen: 50 });

    const first = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 275, storeId: storeB.id, refundTransactionId: first }),
      ),
    ).toEqual({ returnedFen: 275 });
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 250, bonusFen: 75, balanceFen: 325 });
    expect((await entriesOf(card.cardId)).at(-1)).toMatchObject({
      kind: "refund",
      principalFen: 250,
      bonusFen: 25,
      storeId: storeB.id,
      transactionId: first,
    });

    // Asking for more than is left gives back what is left, exactly what was spent in total.
    const second = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, {
          transactionId: sale,
          amountFen: 1_000,
          storeId: storeA.id,
          refundTransactionId: second,
        }),
      ),
    ).toEqual({ returnedFen: 275 });
    expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 500, bonusFen: 100, balanceFen: 600 });
    const third = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 1, storeId: storeA.id, refundTransactionId: third }),
      ),
    ).toEqual({ returnedFen: 0 });
  });

  it("a purchase not paid by card returns nothing", async () => {
    const sale = await purchase();
    const refund = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 100, storeId: storeA.id, refundTransactionId: refund }),
      ),
    ).toEqual({ returnedFen: 0 });
  });

  it("after a reissue: follows the replaced card to the card in use", async () => {
    const old = await newCard({ principalFen: 1_000 });
    const sale = await purchase();
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: old.cardNo, amountFen: 600, storeId: storeA.id, transactionId: sale }),
    );
    const second = await inTx(db, (tx) => reissueCard(tx, manager.actor, { cardId: old.cardId }));
    const third = await inTx(db, (tx) => reissueCard(tx, manager.actor, { cardId: second.cardId }));

    const partial = await refundOf(sale);
    await inTx(db, (tx) =>
      returnStoredValue(tx, { transactionId: sale, amountFen: 200, storeId: storeA.id, refundTransactionId: partial }),
    );
    expect(await cardBalance(db, third.cardId)).toEqual({ principalFen: 600, bonusFen: 0, balanceFen: 600 });
    expect((await cardBalance(db, old.cardId)).balanceFen).toBe(0);
    expect((await cardBalance(db, second.cardId)).balanceFen).toBe(0);
    expect((await entriesOf(third.cardId)).at(-1)).toMatchObject({
      kind: "refund",
      principalFen: 200,
      note: old.cardNo,
    });

    // Earlier returns to the new card count against what the old card paid.
    const rest = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 999, storeId: storeA.id, refundTransactionId: rest }),
      ),
    ).toEqual({ returnedFen: 400 });
    expect((await cardBalance(db, third.cardId)).balanceFen).toBe(1_000);
  });

  it("a purchase paid with two cards is given back card by card, in the order they were charged", async () => {
    const a = await newCard({ principalFen: 300 });
    const b = await newCard({ principalFen: 300 });
    const sale = await purchase();
    await inTx(db, async (tx) => {
      await spendStoredValue(tx, { cardNo: a.cardNo, amountFen: 300, storeId: storeA.id, transactionId: sale });
      await spendStoredValue(tx, { cardNo: b.cardNo, amountFen: 200, storeId: storeA.id, transactionId: sale });
    });
    const refund = await refundOf(sale);
    expect(
      await inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 400, storeId: storeA.id, refundTransactionId: refund }),
      ),
    ).toEqual({ returnedFen: 400 });
    expect((await cardBalance(db, a.cardId)).balanceFen).toBe(300);
    expect((await cardBalance(db, b.cardId)).balanceFen).toBe(200);
  });

  it("with a card named, gives back only what that card paid (one call per stored-value payment)", async () => {
    const a = await newCard({ principalFen: 300 });
    const b = await newCard({ principalFen: 300 });
    const sale = await purchase();
    const spentA = await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: a.cardNo, amountFen: 300, storeId: storeA.id, transactionId: sale }),
    );
    const spentB = await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: b.cardNo, amountFen: 200, storeId: storeA.id, transactionId: sale }),
    );
    const refund = await refundOf(sale);
    const back = await inTx(db, async (tx) => [
      await returnStoredValue(tx, {
        transactionId: sale,
        amountFen: 150,
        storeId: storeA.id,
        refundTransactionId: refund,
        cardId: spentA.cardId,
      }),
      await returnStoredValue(tx, {
        transactionId: sale,
        amountFen: 100,
        storeId: storeA.id,
        refundTransactionId: refund,
        cardId: spentB.cardId,
      }),
      await returnStoredValue(tx, {
        transactionId: sale,
        amountFen: 500,
        storeId: storeA.id,
        refundTransactionId: refund,
        cardId: spentB.cardId,
      }),
    ]);
    expect(back.map((r) => r.returnedFen)).toEqual([150, 100, 100]);
    expect((await cardBalance(db, a.cardId)).balanceFen).toBe(150);
    expect((await cardBalance(db, b.cardId)).balanceFen).toBe(300);
  });

  it("refuses to return value to a closed card", async () => {
    const card = await newCard({ principalFen: 1_000 });
    const sale = await purchase();
    await inTx(db, (tx) =>
      spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 400, storeId: storeA.id, transactionId: sale }),
    );
    await inTx(db, (tx) => refundPrincipal(tx, manager.actor, { cardId: card.cardId }));
    const refund = await refundOf(sale);
    const error = await errorOf(
      inTx(db, (tx) =>
        returnStoredValue(tx, { transactionId: sale, amountFen: 400, storeId: storeA.id, refundTransactionId: refund }),
      ),
    );
    expect(error.code).toBe("card_not_usable");
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(0);
  });
});

describe("the ledger", () => {
  // A race: on PGlite (one connection) the spends would run one after another and prove nothing.
  it.runIf(testDriver() === "postgres")(
    "20 simultaneous spends of 100 fen on a card holding 1,000 leave exactly 0: 10 succeed, 10 are refused (needs real PostgreSQL)",
    async () => {
      const card = await newCard({ principalFen: 800, bonusFen: 200 });
      // Every spend gets its own connection, so that they really overlap.
      const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
        { name: string },
      ];
      const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
      url.pathname = `/${name}`;
      const pool = openDatabase({ url: url.toString(), poolMax: 20 });
      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () =>
            pool.db.transaction((tx) =>
              spendStoredValue(tx, { cardNo: card.cardNo, amountFen: 100, storeId: storeA.id, transactionId: null }),
            ),
          ),
        );
        const succeeded = outcomes.filter((o) => o.status === "fulfilled");
        const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
        expect(succeeded).toHaveLength(10);
        expect(refused).toHaveLength(10);
        for (const r of refused) expect((r.reason as AppError).code).toBe("insufficient_balance");
        expect(await cardBalance(db, card.cardId)).toEqual({ principalFen: 0, bonusFen: 0, balanceFen: 0 });
        expect((await entriesOf(card.cardId)).filter((e) => e.kind === "spend")).toHaveLength(10);
      } finally {
        await pool.close();
      }
    },
  );
});

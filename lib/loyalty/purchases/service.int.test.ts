import { addDays } from "date-fns";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { members, pointsLots, salesTransactions } from "@/db/schema";
import { insertMember } from "@/tests/helpers/members";
import { saveSetting } from "@/lib/settings/versioned";
import {
  createTestStaff,
  createTestStore,
  inTx,
  setupTestDatabase,
  uniqueSuffix,
  type TestStaff,
} from "@/tests/helpers/test-db";
import { pointsBalance } from "../points/queries";
import { creditPoints, lockMemberForPoints } from "../points/service";
import { EARN_RULES } from "../programme/rules";
import { cardBalance } from "../stored-value/ledger";
import { issueCard } from "../stored-value/service";
import type { CreateTransactionInput } from "./schemas";
import { createTransactionSchema } from "./schemas";
import { recordRefund, roundHalfUpRatio, shareRefund } from "./refunds";
import { recordPurchase, type SaleSource } from "./service";

let db: Db;
let store: { id: string; code: string };
let otherStore: { id: string; code: string };
let source: SaleSource;
let admin: TestStaff;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  source = { storeId: store.id };
  admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
});

function sale(
  overrides: Partial<CreateTransactionInput> & { phone?: string | null; amountFen?: number } = {},
): CreateTransactionInput {
  const amountFen = overrides.amountFen ?? 100_000;
  return createTransactionSchema.parse({
    externalId: `T-${uniqueSuffix(10)}`,
    storeCode: store.code,
    occurredAt: new Date().toISOString(),
    member: overrides.phone === null ? null : { phone: overrides.phone! },
    items: [{ sku: "R-001", name: "足金戒指", category: "gold", quantity: 1, unitPriceFen: amountFen }],
    payments: [{ method: "wechat", amountFen }],
    ...Object.fromEntries(Object.entries(overrides).filter(([k]) => k !== "phone" && k !== "amountFen")),
  });
}

async function giveMemberPoints(memberId: string, points: number) {
  await inTx(db, async (tx) => {
    await lockMemberForPoints(tx, memberId);
    await creditPoints(tx, { memberId, kind: "activity", points, expiresAt: addDays(new Date(), 200) });
  });
}

async function salesOf(memberId: string) {
  const [row] = await db.select({ n: count() }).from(salesTransactions).where(eq(salesTransactions.memberId, memberId));
  return row!.n;
}

describe("arithmetic helpers", () => {
  it("rounds half up exactly", () => {
    expect(roundHalfUpRatio(1000, 33_333, 100_000)).toBe(333);
    expect(roundHalfUpRatio(5, 1, 2)).toBe(3); // 2.5 → 3
    expect(roundHalfUpRatio(7, 1, 3)).toBe(2); // 2.33 → 2
  });
  it("shares a refund over payments in proportion, the last refund taking exactly what is left", () => {
    const payments = [
      { paidFen: 7000, refundedFen: 0 },
      { paidFen: 3000, refundedFen: 0 },
    ];
    expect(shareRefund(payments, 1001, false)).toEqual([701, 300]);
    expect(
      shareRefund(
        [
          { paidFen: 7000, refundedFen: 701 },
          { paidFen: 3000, refundedFen: 300 },
        ],
        8999,
        true,
      ),
    ).toEqual([6299, 2700]);
  });
});

describe("purchases", () => {
  it("earns floor(base × multiplier) on what was paid, not on the discount or points", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await giveMemberPoints(member.id, 5000);
    const result = await inTx(db, (tx) =>
      recordPurchase(
        tx,
        source,
        sale({
          phone: member.phoneE164!,
          items: [{ sku: "N-1", name: "珍珠项链", category: "pearl", quantity: 2, unitPriceFen: 61_728 }],
          discountFen: 3_456,
          payments: [
            { method: "points", points: 2000, amountFen: 2000 },
            { method: "alipay", amountFen: 118_000 },
          ],
        }),
      ),
    );
    // Base = 118,000 fen (alipay only): floor(118000 × 1.0 / 100) = 1180.
    expect(result).toMatchObject({
      pointsEarned: 1180,
      pointsBalance: 5000 - 2000 + 1180,
      tier: "normal",
      tierChanged: false,
    });
  });

  it("upgrades at once when the 12-month spend crosses a threshold, using the old multiplier for that sale", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const first = await inTx(db, (tx) =>
      recordPurchase(tx, source, sale({ phone: member.phoneE164!, amountFen: 500_099 })),
    );
    expect(first).toMatchObject({ pointsEarned: 5000, tier: "silver", tierChanged: true });
    const second = await inTx(db, (tx) =>
      recordPurchase(tx, source, sale({ phone: member.phoneE164!, amountFen: 10_099 })),
    );
    // Silver 1.2: floor(10099 × 1.2 / 100) = floor(121.188) = 121.
    expect(second).toMatchObject({ pointsEarned: 121, tier: "silver", tierChanged: false });
  });

  it("adds a campaign bonus computed and floored apart", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const today = new Date().toISOString().slice(0, 10);
    await inTx(db, (tx) =>
      saveSetting(tx, admin.actor, EARN_RULES, {
        ...EARN_RULES.defaults,
        campaigns: [
          {
            code: "DOUBLE",
            name: "双倍积分",
            startsOn: "2000-01-01",
            endsOn: "2999-12-31",
            extraMultiplier: "0.5",
            minBaseFen: 0,
            storeIds: [otherStore.id],
          },
        ],
      }),
    );
    void today;
    // The campaign runs only in the other store: no bonus here.
    const here = await inTx(db, (tx) =>
      recordPurchase(tx, source, sale({ phone: member.phoneE164!, amountFen: 10_099 })),
    );
    expect(here.pointsEarned).toBe(100);
    const there = await inTx(db, (tx) =>
      recordPurchase(
        tx,
        { storeId: otherStore.id },
        { ...sale({ phone: member.phoneE164!, amountFen: 10_099 }), storeCode: otherStore.code },
      ),
    );
    expect(there.pointsEarned).toBe(100 + 50); // floor(100.99) + floor(50.495)
    await inTx(db, (tx) => saveSetting(tx, admin.actor, EARN_RULES, EARN_RULES.defaults));
  });

  it("refuses a points payment beyond the balance and records nothing", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await giveMemberPoints(member.id, 100);
    const attempt = inTx(db, (tx) =>
      recordPurchase(
        tx,
        source,
        sale({
          phone: member.phoneE164!,
          amountFen: 1000,
          payments: [{ method: "points", points: 1000, amountFen: 1000 }],
        }),
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await salesOf(member.id)).toBe(0);
    expect(await pointsBalance(db, member.id)).toBe(100);
  });

  it("spends a stored-value card in the same transaction, refusing when short", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const card = await inTx(db, (tx) =>
      issueCard(tx, admin.actor, { storeId: store.id, memberId: member.id, cardNo: undefined, initialTopUpFen: 1000 }),
    );
    const short = inTx(db, (tx) =>
      recordPurchase(
        tx,
        source,
        sale({
          phone: member.phoneE164!,
          amountFen: 1500,
          payments: [{ method: "stored_value", cardNo: card.cardNo, amountFen: 1500 }],
        }),
      ),
    );
    await expect(short).rejects.toMatchObject({ code: "insufficient_balance" });
    expect(await salesOf(member.id)).toBe(0);
    const paid = await inTx(db, (tx) =>
      recordPurchase(
        tx,
        source,
        sale({
          phone: member.phoneE164!,
          amountFen: 1000,
          payments: [
            { method: "stored_value", cardNo: card.cardNo, amountFen: 600 },
            { method: "cash", amountFen: 400 },
          ],
        }),
      ),
    );
    expect(paid.pointsEarned).toBe(10); // stored value earns, like cash
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(400);
  });

  it("refuses an unknown member, another store's sale and a repeated externalId", async () => {
    await expect(inTx(db, (tx) => recordPurchase(tx, source, sale({ phone: "13900000000" })))).rejects.toMatchObject({
      code: "member_not_found",
    });
    await expect(
      inTx(db, (tx) => recordPurchase(tx, source, { ...sale({ phone: null }), storeCode: otherStore.code })),
    ).rejects.toMatchObject({ code: "forbidden" });
    const once = sale({ phone: null });
    const first = await inTx(db, (tx) => recordPurchase(tx, source, once));
    expect(first).toMatchObject({ pointsEarned: 0, pointsBalance: null, tier: null });
    await expect(inTx(db, (tx) => recordPurchase(tx, source, once))).rejects.toMatchObject({ code: "conflict" });
  });

  it("with its store already read (the API key's), refuses another store's code or an unknown one the same way", async () => {
    const known: SaleSource = { storeId: store.id, store: { code: store.code, timeZone: "Asia/Shanghai" } };
    for (const storeCode of [otherStore.code, `NO-${uniqueSuffix(6)}`]) {
      await expect(
        inTx(db, (tx) => recordPurchase(tx, known, { ...sale({ phone: null }), storeCode })),
      ).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(inTx(db, (tx) => recordPurchase(tx, known, sale({ phone: null })))).resolves.toMatchObject({
      pointsEarned: 0,
    });
  });
});

describe("refunds", () => {
  it("reverses round_half_up(E × R / B) and the last refund exactly what is left of E", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const purchase = sale({ phone: member.phoneE164!, amountFen: 100_000 });
    await inTx(db, (tx) => recordPurchase(tx, source, purchase));
    const part = await inTx(db, (tx) =>
      recordRefund(tx, source, purchase.externalId, { refundId: "R1", amountFen: 33_333 }),
    );
    expect(part).toMatchObject({ pointsReversed: 333, pointsBalance: 667 });
    const rest = await inTx(db, (tx) =>
      recordRefund(tx, source, purchase.externalId, { refundId: "R2", amountFen: 66_667 }),
    );
    expect(rest).toMatchObject({ pointsReversed: 667, pointsBalance: 0 });
    await expect(
      inTx(db, (tx) => recordRefund(tx, source, purchase.externalId, { refundId: "R3", amountFen: 1 })),
    ).rejects.toMatchObject({ code: "refund_exceeds_paid" });
    await expect(
      inTx(db, (tx) => recordRefund(tx, source, purchase.externalId, { refundId: "R2", amountFen: 0 + 1 })),
    ).rejects.toMatchObject({ code: "refund_exceeds_paid" });
    await expect(
      inTx(db, (tx) => recordRefund(tx, source, "NO-SUCH-SALE", { refundId: "R1", amountFen: 1 })),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("leaves a debt when the earned points were already spent, repaid by the next earning", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const first = sale({ phone: member.phoneE164!, amountFen: 100_000 });
    await inTx(db, (tx) => recordPurchase(tx, source, first)); // +1000
    await inTx(db, (tx) =>
      recordPurchase(
        tx,
        source,
        sale({
          phone: member.phoneE164!,
          amountFen: 1000,
          payments: [
            { method: "points", points: 900, amountFen: 900 },
            { method: "cash", amountFen: 100 },
          ],
        }),
      ),
    ); // −900, +1
    const refund = await inTx(db, (tx) =>
      recordRefund(tx, source, first.externalId, { refundId: "R1", amountFen: 100_000 }),
    );
    expect(refund).toMatchObject({ pointsReversed: 1000, pointsBalance: -899 });
    const next = await inTx(db, (tx) =>
      recordPurchase(tx, source, sale({ phone: member.phoneE164!, amountFen: 100_000 })),
    );
    expect(next.pointsBalance).toBe(101);
    const open = await db
      .select()
      .from(pointsLots)
      .where(and(eq(pointsLots.memberId, member.id)));
    expect(open.reduce((s, l) => s + l.remaining, 0)).toBe(101);
  });

  it("gives back points paid with as a lot expiring like the ones they came from, and stored value to the card", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await giveMemberPoints(member.id, 500);
    const card = await inTx(db, (tx) =>
      issueCard(tx, admin.actor, { storeId: store.id, memberId: member.id, cardNo: undefined, initialTopUpFen: 5000 }),
    );
    const purchase = sale({
      phone: member.phoneE164!,
      amountFen: 3000,
      payments: [
        { method: "points", points: 500, amountFen: 500 },
        { method: "stored_value", cardNo: card.cardNo, amountFen: 2000 },
        { method: "wechat", amountFen: 500 },
      ],
    });
    const bought = await inTx(db, (tx) => recordPurchase(tx, source, purchase));
    expect(bought).toMatchObject({ pointsEarned: 25, pointsBalance: 25 });
    const refund = await inTx(db, (tx) =>
      recordRefund(tx, source, purchase.externalId, { refundId: "R1", amountFen: 3000 }),
    );
    expect(refund).toMatchObject({
      pointsReversed: 25,
      pointsReturned: 500,
      storedValueReturnedFen: 2000,
      pointsBalance: 500,
    });
    expect((await cardBalance(db, card.cardId)).balanceFen).toBe(5000);
    const lots = await db.select().from(pointsLots).where(eq(pointsLots.memberId, member.id)).orderBy(pointsLots.id);
    const original = lots[0]!;
    const returned = lots.at(-1)!;
    expect(returned.points).toBe(500);
    expect(returned.expiresAt.getTime()).toBe(original.expiresAt.getTime());
  });

  it("a refund never downgrades at once", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const purchase = sale({ phone: member.phoneE164!, amountFen: 2_000_000 });
    await inTx(db, (tx) => recordPurchase(tx, source, purchase));
    await inTx(db, (tx) => recordRefund(tx, source, purchase.externalId, { refundId: "R1", amountFen: 2_000_000 }));
    const [row] = await db.select({ tier: members.tier }).from(members).where(eq(members.id, member.id));
    expect(row!.tier).toBe("gold");
  });
});

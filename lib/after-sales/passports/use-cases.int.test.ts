import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, jewelryItems, salesTransactionLines, salesTransactions } from "@/db/schema";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { itemPassport, memberItems, memberPurchases } from "./queries";
import type { RegisterItemInput } from "./schemas";
import { memberPurchasesUseCase, registerItemUseCase, updateItemUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let afterSales: TestPrincipal;
let manager: TestPrincipal;
let advisor: TestPrincipal;
let otherManager: TestPrincipal;
let admin: TestPrincipal;
let memberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "静安店" });
  otherStore = await createTestStore(db, { name: "浦东店" });
  afterSales = await createPrincipal(db, ["after_sales"], [store.id]);
  manager = await createPrincipal(db, ["manager"], [store.id]);
  advisor = await createPrincipal(db, ["advisor"], [store.id]);
  otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
  admin = await createPrincipal(db, ["admin"], []);
  memberId = (await insertMember(db, { storeId: store.id, name: "王小明" })).id;
});

async function insertPurchase(forMemberId: string, options: { quantity?: number; storeId?: string } = {}) {
  const [purchase] = await db
    .insert(salesTransactions)
    .values({
      storeId: options.storeId ?? store.id,
      memberId: forMemberId,
      externalId: `P-${uniqueSuffix(10)}`,
      kind: "purchase",
      occurredAt: new Date("2026-05-20T14:00:00+08:00"),
      netPaidFen: 1_288_000,
      totalPaidFen: 1_288_000,
    })
    .returning({ id: salesTransactions.id });
  const [line] = await db
    .insert(salesTransactionLines)
    .values({
      transactionId: purchase!.id,
      lineNo: 1,
      sku: "JADE-BR",
      name: "冰种翡翠手镯",
      category: "jade",
      quantity: options.quantity ?? 1,
      unitPriceFen: 1_288_000,
      amountFen: 1_288_000 * (options.quantity ?? 1),
    })
    .returning({ id: salesTransactionLines.id });
  return { transactionId: purchase!.id, lineId: line!.id };
}

function register(overrides: Partial<RegisterItemInput> = {}): RegisterItemInput {
  return {
    memberId,
    storeId: store.id,
    name: "冰种翡翠手镯",
    category: "bracelet",
    material: "翡翠",
    weight: "58.3",
    stoneCount: "0",
    stones: "",
    certificateNo: " ngtc-a１２３４５６７８ ",
    size: "56",
    purchaseLineId: "",
    ...overrides,
  };
}

async function itemCount() {
  const [row] = await db.select({ value: count() }).from(jewelryItems);
  return row!.value;
}

describe("registering a piece", () => {
  it("from one of the member's purchase lines: linked to the sale, weight in cg, certificate tidied, audited", async () => {
    const purchase = await insertPurchase(memberId);
    const { itemId } = await runAs(db, registerItemUseCase, afterSales, register({ purchaseLineId: purchase.lineId }));
    const [row] = await db.select().from(jewelryItems).where(eq(jewelryItems.id, itemId));
    expect(row).toMatchObject({
      memberId,
      storeId: store.id,
      category: "bracelet",
      weightCg: 5830,
      certificateNo: "NGTC-A12345678",
      size: "56",
      stones: null,
      purchaseTransactionId: purchase.transactionId,
      purchaseLineId: purchase.lineId,
      createdBy: afterSales.id,
    });
    const [audit] = await auditEntries(db, { action: "after_sales.item.register", entityId: itemId });
    expect(audit!.details).toMatchObject({ memberId, purchaseLineId: purchase.lineId, category: "bracelet" });
    expect(JSON.stringify(audit!.details)).not.toContain("王小明");
  });

  it("registers a line only as many times as it sold", async () => {
    const pair = await insertPurchase(memberId, { quantity: 2 });
    await runAs(db, registerItemUseCase, afterSales, register({ purchaseLineId: pair.lineId }));
    await runAs(db, registerItemUseCase, afterSales, register({ purchaseLineId: pair.lineId }));
    const before = await itemCount();
    const error = await expectAppError(
      runAs(db, registerItemUseCase, afterSales, register({ purchaseLineId: pair.lineId })),
      "conflict",
    );
    expect(error.fieldErrors).toEqual({ purchaseLineId: ["itemLineAlreadyRegistered"] });
    expect(await itemCount()).toBe(before);
  });

  it("without a purchase, and without a weight", async () => {
    const { itemId } = await runAs(db, registerItemUseCase, manager, register({ weight: "", certificateNo: "" }));
    const [row] = await db.select().from(jewelryItems).where(eq(jewelryItems.id, itemId));
    expect(row).toMatchObject({ weightCg: null, certificateNo: null, purchaseTransactionId: null });
  });

  it("refuses another member's purchase line, another store's member and another store, writing nothing", async () => {
    const stranger = await insertMember(db, { storeId: store.id });
    const theirs = await insertPurchase(stranger.id);
    const otherMember = await insertMember(db, { storeId: otherStore.id });
    const before = { items: await itemCount(), audits: (await db.select({ value: count() }).from(auditLog))[0]!.value };
    const line = await expectAppError(
      runAs(db, registerItemUseCase, afterSales, register({ purchaseLineId: theirs.lineId })),
      "not_found",
    );
    expect(line.fieldErrors).toEqual({ purchaseLineId: ["itemPurchaseNotFound"] });
    await expectAppError(
      runAs(db, registerItemUseCase, afterSales, register({ memberId: otherMember.id })),
      "not_found",
    );
    await expectAppError(runAs(db, registerItemUseCase, afterSales, register({ storeId: otherStore.id })), "not_found");
    await expectAppError(runAs(db, registerItemUseCase, otherManager, register()), "not_found");
    expect(await itemCount()).toBe(before.items);
    expect((await db.select({ value: count() }).from(auditLog))[0]!.value).toBe(before.audits);
  });

  it("needs aftersales.intake: an advisor is refused", async () => {
    await expectAppError(runAs(db, registerItemUseCase, advisor, register()), "forbidden");
  });

  it.each([
    ["a weight of 0", { weight: "0" }, "weight", "itemWeightPositive"],
    ["a weight with three decimals", { weight: "1.005" }, "weight", "itemWeightInvalid"],
    ["a certificate with odd characters", { certificateNo: "GIA<script>" }, "certificateNo", "itemCertificateInvalid"],
    ["a certificate of 41 characters", { certificateNo: "A".repeat(41) }, "certificateNo", "itemCertificateTooLong"],
    ["a stone count below 0", { stoneCount: "-1" }, "stoneCount", "itemStoneCountInvalid"],
    ["a stone count of 10,000", { stoneCount: 10_000 }, "stoneCount", "itemStoneCountInvalid"],
    ["an unknown category", { category: "brooch" as RegisterItemInput["category"] }, "category", "required"],
    ["a name of 61 characters", { name: "金".repeat(61) }, "name", "itemTextTooLong"],
    ["a NUL character in the stones", { stones: "钻石\u0000" }, "stones", "noNulCharacter"],
  ] as const)("refuses %s", async (_label, overrides, field, key) => {
    const before = await itemCount();
    const error = await expectAppError(
      runAs(db, registerItemUseCase, afterSales, register(overrides as Partial<RegisterItemInput>)),
      "validation",
    );
    expect(error.fieldErrors?.[field]).toContain(key);
    expect(await itemCount()).toBe(before);
  });
});

describe("editing a piece", () => {
  it("changes what describes it and audits the names of the fields changed only", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id, name: "旧名字" });
    const { changed } = await runAs(db, updateItemUseCase, afterSales, {
      itemId: item.id,
      name: "古法黄金手镯",
      category: "bracelet",
      material: "足金 999",
      weight: "23.45",
      stoneCount: "0",
      stones: "",
      certificateNo: "",
      size: "",
    });
    expect(changed).toEqual(["name"]);
    const [row] = await db.select().from(jewelryItems).where(eq(jewelryItems.id, item.id));
    expect(row!.name).toBe("古法黄金手镯");
    const [audit] = await auditEntries(db, { action: "after_sales.item.update", entityId: item.id });
    expect(audit!.details).toEqual({ changed: ["name"] });
  });

  it("does not find another store's member's piece", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id });
    await expectAppError(
      runAs(db, updateItemUseCase, otherManager, {
        itemId: item.id,
        name: "x",
        category: "ring",
        material: "x",
        weight: "",
        stoneCount: "0",
      }),
      "not_found",
    );
  });
});

describe("the member's pieces and a passport", () => {
  it("lists the member's pieces with their open tickets, for whoever sees the member only", async () => {
    const owner = await insertMember(db, { storeId: store.id });
    const ring = await insertJewelryItem(db, {
      memberId: owner.id,
      storeId: store.id,
      name: "铂金对戒",
      category: "ring",
    });
    const chain = await insertJewelryItem(db, { memberId: owner.id, storeId: store.id, name: "足金锁骨链" });
    await insertServiceTicket(db, { memberId: owner.id, storeId: store.id, itemId: ring.id, status: "in_repair" });
    await insertServiceTicket(db, { memberId: owner.id, storeId: otherStore.id, itemId: ring.id, status: "closed" });
    const items = await memberItems(db, advisor, owner.id);
    expect(items.map((item) => item.id).sort()).toEqual([ring.id, chain.id].sort());
    const listed = items.find((item) => item.id === ring.id)!;
    expect(listed.openTickets).toBe(1);
    expect(listed.lastServiceAt).toBeInstanceOf(Date);
    expect(items.find((item) => item.id === chain.id)).toMatchObject({ openTickets: 0, lastServiceAt: null });
    expect(await memberItems(db, otherManager, owner.id)).toEqual([]);
    expect(await memberItems(db, admin, owner.id)).toHaveLength(2);
    expect(await memberItems(db, advisor, "not-a-uuid")).toEqual([]);
  });

  it("shows the sale and every ticket of the piece, from any store, linking only those in scope", async () => {
    const owner = await insertMember(db, { storeId: store.id, name: "李思思" });
    const purchase = await insertPurchase(owner.id, { storeId: otherStore.id });
    const { itemId } = await runAs(
      db,
      registerItemUseCase,
      afterSales,
      register({ memberId: owner.id, purchaseLineId: purchase.lineId }),
    );
    const here = await insertServiceTicket(db, {
      memberId: owner.id,
      storeId: store.id,
      itemId,
      status: "picked_up",
      weightOutCg: 2_344,
    });
    const there = await insertServiceTicket(db, { memberId: owner.id, storeId: otherStore.id, itemId });

    const passport = (await itemPassport(db, afterSales, itemId))!;
    expect(passport.member).toEqual({ id: owner.id, name: "李*思", tier: "normal", erased: false });
    expect(passport.sale).toMatchObject({
      transactionId: purchase.transactionId,
      store: { id: otherStore.id, name: "浦东店" },
      totalPaidFen: 1_288_000,
      line: { name: "冰种翡翠手镯", amountFen: 1_288_000, quantity: 1 },
    });
    expect(passport.sale!.occurredAt.toISOString()).toBe("2026-05-20T06:00:00.000Z");
    expect(passport.tickets.map((ticket) => [ticket.id, ticket.inScope]).sort()).toEqual(
      [
        [here.id, true],
        [there.id, false],
      ].sort(),
    );
    expect(passport.tickets.find((ticket) => ticket.id === here.id)).toMatchObject({
      reference: here.reference,
      status: "picked_up",
      weightInCg: 2_345,
      weightOutCg: 2_344,
      store: { id: store.id },
    });
    expect(await itemPassport(db, otherManager, itemId)).toBeNull();
    expect(await itemPassport(db, afterSales, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("offers the member's purchases and their lines to register from, in scope only", async () => {
    const owner = await insertMember(db, { storeId: store.id });
    const purchase = await insertPurchase(owner.id);
    const purchases = await runAs(db, memberPurchasesUseCase, afterSales, { memberId: owner.id });
    expect(purchases).toEqual([
      expect.objectContaining({
        id: purchase.transactionId,
        lines: [expect.objectContaining({ id: purchase.lineId, name: "冰种翡翠手镯", registered: 0 })],
      }),
    ]);
    await expectAppError(memberPurchases(db, otherManager, owner.id), "not_found");
  });
});

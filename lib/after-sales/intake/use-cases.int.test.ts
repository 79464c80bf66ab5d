import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  auditLog,
  jewelryItems,
  members,
  salesTransactionLines,
  salesTransactions,
  serviceTicketEvents,
  serviceTickets,
  settings,
} from "@/db/schema";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { shiftDay, todayIn } from "@/lib/time";
import { AFTER_SALES_PRICE_LIST, priceListAt } from "./price-list";
import { DEFAULT_PRICE_LIST, intakeSchema, type IntakeInput } from "./schemas";
import { createServiceTicket, nextTicketReference } from "./service";
import { createServiceTicketUseCase, intakeMemberContextUseCase, savePriceListUseCase } from "./use-cases";

const ZONE = "Asia/Shanghai";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let afterSales: TestPrincipal;
let manager: TestPrincipal;
let advisor: TestPrincipal;
let admin: TestPrincipal;
let otherAfterSales: TestPrincipal;
let memberId: string;
let goldMemberId: string;
let otherMemberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "南京西路店", nameEn: "Nanjing Road West" });
  otherStore = await createTestStore(db);
  afterSales = await createPrincipal(db, ["after_sales"], [store.id]);
  manager = await createPrincipal(db, ["manager"], [store.id]);
  advisor = await createPrincipal(db, ["advisor"], [store.id]);
  admin = await createPrincipal(db, ["admin"], []);
  otherAfterSales = await createPrincipal(db, ["after_sales"], [otherStore.id]);
  memberId = (await insertMember(db, { storeId: store.id, name: "陈小红" })).id;
  goldMemberId = (await insertMember(db, { storeId: store.id, tier: "gold" })).id;
  otherMemberId = (await insertMember(db, { storeId: otherStore.id })).id;
});

/** A purchase of the member with one line, at `occurredAt`. */
async function insertPurchase(
  forMemberId: string,
  options: { storeId?: string; occurredAt?: Date; name?: string; quantity?: number } = {},
) {
  const [purchase] = await db
    .insert(salesTransactions)
    .values({
      storeId: options.storeId ?? store.id,
      memberId: forMemberId,
      externalId: `P-${uniqueSuffix(10)}`,
      kind: "purchase",
      occurredAt: options.occurredAt ?? new Date(),
      netPaidFen: 680_000,
      grossFen: 680_000,
      totalPaidFen: 680_000,
    })
    .returning({ id: salesTransactions.id });
  const [line] = await db
    .insert(salesTransactionLines)
    .values({
      transactionId: purchase!.id,
      lineNo: 1,
      sku: "DIA-RING",
      name: options.name ?? "18K 钻石戒指",
      category: "diamond",
      quantity: options.quantity ?? 1,
      unitPriceFen: 680_000,
      amountFen: 680_000,
    })
    .returning({ id: salesTransactionLines.id });
  return { transactionId: purchase!.id, lineId: line!.id };
}

const inAWeek = () => shiftDay(todayIn(ZONE), { days: 7 });

const NEW_ITEM = {
  name: "足金素圈戒指",
  category: "ring",
  material: "足金 999",
  weight: "",
  stoneCount: "0",
  stones: "",
  certificateNo: "",
  size: "12",
  purchaseLineId: "",
} satisfies IntakeInput["newItem"];

function intake(overrides: Partial<IntakeInput> = {}): IntakeInput {
  return {
    storeId: store.id,
    memberId,
    itemId: "",
    newItem: NEW_ITEM,
    serviceType: "repair",
    weightIn: "5.27",
    stoneCountIn: "0",
    conditionNotes: "戒圈轻微变形，表面有划痕",
    declaredValueFen: 350_000,
    linkedTransactionId: "",
    promisedOn: inAWeek(),
    estimatedFeeFen: 30_000,
    ...overrides,
  };
}

async function counts() {
  const [[tickets], [items], [events], [audits]] = await Promise.all([
    db.select({ value: count() }).from(serviceTickets),
    db.select({ value: count() }).from(jewelryItems),
    db.select({ value: count() }).from(serviceTicketEvents),
    db.select({ value: count() }).from(auditLog),
  ]);
  return { tickets: tickets!.value, items: items!.value, events: events!.value, audits: audits!.value };
}

async function ticketRow(ticketId: string) {
  const [row] = await db.select().from(serviceTickets).where(eq(serviceTickets.id, ticketId));
  return row!;
}

describe("intake", () => {
  it("takes in one of the member's pieces: the reference of the store's day, the price, a claim code and only the tracking token's hash", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id });
    const created = await runAs(
      db,
      createServiceTicketUseCase,
      afterSales,
      intake({ itemId: item.id, newItem: null, weightIn: "23.45", stoneCountIn: "3" }),
    );
    const compactToday = todayIn(ZONE).replaceAll("-", "");
    expect(created.reference).toMatch(new RegExp(`^SV-${compactToday}-\\d{4}$`));
    expect(created).toMatchObject({
      itemId: item.id,
      memberId,
      storeId: store.id,
      priceBasis: "list_price",
      listPriceFen: DEFAULT_PRICE_LIST.repair,
      chargeFen: DEFAULT_PRICE_LIST.repair,
    });

    const row = await ticketRow(created.ticketId);
    expect(row).toMatchObject({
      status: "received",
      storeId: store.id,
      memberId,
      itemId: item.id,
      serviceType: "repair",
      weightInCg: 2345,
      stoneCountIn: 3,
      conditionNotes: "戒圈轻微变形，表面有划痕",
      declaredValueFen: 350_000,
      estimatedFeeFen: 30_000,
      promisedOn: inAWeek(),
      linkedTransactionId: null,
      createdBy: afterSales.id,
    });
    expect(row.claimCode).toMatch(/^\d{6}$/);
    expect(row.trackingTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(created)).not.toContain(row.claimCode);

    const events = await db
      .select()
      .from(serviceTicketEvents)
      .where(eq(serviceTicketEvents.ticketId, created.ticketId));
    expect(events).toEqual([
      expect.objectContaining({ kind: "created", toStatus: "received", fromStatus: null, staffId: afterSales.id }),
    ]);

    const [audit] = await auditEntries(db, { action: "after_sales.ticket.create", entityId: created.ticketId });
    expect(audit).toMatchObject({ actorStaffId: afterSales.id, storeId: store.id });
    expect(audit!.details).toMatchObject({ reference: created.reference, priceBasis: "list_price", weightInCg: 2345 });
    const written = JSON.stringify(audit!.details);
    for (const secret of ["陈小红", row.claimCode, row.trackingTokenHash]) expect(written).not.toContain(secret);
  });

  it("registers a new piece with the ticket, at the intake store, weighed at intake", async () => {
    const created = await runAs(db, createServiceTicketUseCase, manager, intake({ weightIn: "5.27" }));
    const [item] = await db.select().from(jewelryItems).where(eq(jewelryItems.id, created.itemId));
    expect(item).toMatchObject({
      memberId,
      storeId: store.id,
      name: "足金素圈戒指",
      category: "ring",
      material: "足金 999",
      weightCg: 527,
      size: "12",
      purchaseTransactionId: null,
      createdBy: manager.id,
    });
    expect(await auditEntries(db, { action: "after_sales.item.register", entityId: created.itemId })).toHaveLength(1);
  });

  it("numbers the tickets of a day one after the other, on the store's local day", async () => {
    // 2030-01-01 16:30 UTC is already 2 January in Shanghai.
    const late = new Date("2030-01-01T16:30:00Z");
    const item = await insertJewelryItem(db, { memberId, storeId: store.id });
    const first = await inTx(db, (tx) =>
      createServiceTicket(
        tx,
        afterSales.actor,
        afterSales,
        intakeSchema.parse(intake({ itemId: item.id, newItem: null, promisedOn: "2030-01-05" })),
        late,
      ),
    );
    expect(first.reference).toBe("SV-20300102-0001");
    const second = await inTx(db, (tx) =>
      createServiceTicket(
        tx,
        afterSales.actor,
        afterSales,
        intakeSchema.parse(intake({ promisedOn: "2030-01-05" })),
        late,
      ),
    );
    expect(second.reference).toBe("SV-20300102-0002");
    expect(await inTx(db, (tx) => nextTicketReference(tx, "2030-01-01"))).toBe("SV-20300101-0001");
  });

  describe.runIf(testDriver() === "postgres")("at the same moment", () => {
    it("six intakes of one day get six different references", async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => runAs(db, createServiceTicketUseCase, afterSales, intake())),
      );
      const references = new Set(results.map((result) => result.reference));
      expect(references.size).toBe(6);
    });

    it("two intakes of one piece at once: one ticket, the other told the piece is in service", async () => {
      const item = await insertJewelryItem(db, { memberId, storeId: store.id });
      const results = await Promise.allSettled(
        [0, 1].map(() => runAs(db, createServiceTicketUseCase, afterSales, intake({ itemId: item.id, newItem: null }))),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: "conflict", messageKey: "intakeItemHasOpenTicket" });
    });
  });
});

describe("the price", () => {
  it("is free for a gold member's cleaning (tier benefit), with the list price kept on the ticket", async () => {
    const created = await runAs(
      db,
      createServiceTicketUseCase,
      afterSales,
      intake({ memberId: goldMemberId, serviceType: "cleaning", estimatedFeeFen: 0 }),
    );
    expect(await ticketRow(created.ticketId)).toMatchObject({
      priceBasis: "tier_benefit",
      listPriceFen: DEFAULT_PRICE_LIST.cleaning,
      chargeFen: 0,
    });
  });

  it("is free within 12 months of the linked purchase, through the anniversary in the store's zone", async () => {
    // Bought 2029-03-10 at 01:00 Shanghai time (09 March in UTC): covered through 2030-03-10 local.
    const purchase = await insertPurchase(memberId, { occurredAt: new Date("2029-03-09T17:00:00Z") });
    const input = (promisedOn: string) =>
      intakeSchema.parse(intake({ linkedTransactionId: purchase.transactionId, promisedOn }));
    const lastDay = await inTx(db, (tx) =>
      createServiceTicket(tx, afterSales.actor, afterSales, input("2030-03-20"), new Date("2030-03-10T15:59:00Z")),
    );
    expect(lastDay).toMatchObject({ priceBasis: "warranty", chargeFen: 0 });
    expect((await ticketRow(lastDay.ticketId)).linkedTransactionId).toBe(purchase.transactionId);
    const dayAfter = await inTx(db, (tx) =>
      createServiceTicket(tx, afterSales.actor, afterSales, input("2030-03-20"), new Date("2030-03-10T16:00:00Z")),
    );
    expect(dayAfter).toMatchObject({ priceBasis: "list_price", chargeFen: DEFAULT_PRICE_LIST.repair });
  });

  it("comes from the price list version in force, which aftersales.prices saves (audited)", async () => {
    await expectAppError(
      runAs(db, savePriceListUseCase, afterSales, { effectiveFrom: "", prices: { ...DEFAULT_PRICE_LIST } }),
      "forbidden",
    );
    const saved = await runAs(db, savePriceListUseCase, manager, {
      effectiveFrom: "",
      prices: { ...DEFAULT_PRICE_LIST, polishing: 9_900 },
    });
    expect((await priceListAt(db)).polishing).toBe(9_900);
    const [audit] = await auditEntries(db, { action: "settings.save", entityId: AFTER_SALES_PRICE_LIST.key });
    expect(audit).toMatchObject({ actorStaffId: manager.id });
    const created = await runAs(db, createServiceTicketUseCase, afterSales, intake({ serviceType: "polishing" }));
    expect(await ticketRow(created.ticketId)).toMatchObject({ listPriceFen: 9_900, chargeFen: 9_900 });
    // Put the defaults back for the other tests (a later version, like an administrator would).
    await db.delete(settings).where(eq(settings.id, saved.id));
  });

  it("refuses a negative price or a past effective time on the price list, writing nothing", async () => {
    const before = await db.select({ value: count() }).from(settings);
    const error = await expectAppError(
      runAs(db, savePriceListUseCase, admin, {
        effectiveFrom: "2001-01-01T10:00",
        prices: { ...DEFAULT_PRICE_LIST, repair: -1 },
      }),
      "validation",
    );
    // Nested fields are reported under their object (the form shows them in place itself).
    expect(error.fieldErrors?.prices).toEqual(["priceListAmountInvalid"]);
    await expectAppError(
      runAs(db, savePriceListUseCase, admin, { effectiveFrom: "2001-01-01T10:00", prices: DEFAULT_PRICE_LIST }),
      "validation",
    );
    expect(await db.select({ value: count() }).from(settings)).toEqual(before);
  });
});

describe("bad input writes nothing", () => {
  const cases: [string, Partial<IntakeInput>, string, string][] = [
    ["a NUL character in the notes", { conditionNotes: "划痕\u0000" }, "conditionNotes", "noNulCharacter"],
    ["notes of 1 MB", { conditionNotes: "划".repeat(1_000_000) }, "conditionNotes", "itemTextTooLong"],
    ["a promised date in year 0001", { promisedOn: "0001-01-01" }, "promisedOn", "dateInvalid"],
    ["a promised date that does not exist", { promisedOn: "2030-02-30" }, "promisedOn", "dateInvalid"],
    ["a weight of zero", { weightIn: "0.00" }, "weightIn", "itemWeightPositive"],
    ["a negative weight", { weightIn: "-1.5" }, "weightIn", "itemWeightInvalid"],
    ["three decimals of a gram", { weightIn: "1.234" }, "weightIn", "itemWeightInvalid"],
    ["a weight in kilograms by mistake", { weightIn: "5270" }, "weightIn", "itemWeightTooHigh"],
    ["no weight", { weightIn: "" }, "weightIn", "itemWeightRequired"],
    ["a negative declared value", { declaredValueFen: -100 }, "declaredValueFen", "intakeDeclaredValueInvalid"],
    [
      "a declared value in fractions of a fen",
      { declaredValueFen: 10.5 },
      "declaredValueFen",
      "intakeDeclaredValueInvalid",
    ],
    ["an unknown service", { serviceType: "gilding" as IntakeInput["serviceType"] }, "serviceType", "required"],
    ["neither a piece nor a new one", { itemId: "", newItem: null }, "itemId", "intakeItemRequired"],
    ["a new piece without a name", { newItem: { ...NEW_ITEM, name: " " } }, "newItem", "required"],
  ];

  it.each(cases)("%s", async (_label, overrides, field, key) => {
    const before = await counts();
    const error = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake(overrides)),
      "validation",
    );
    expect(error.fieldErrors?.[field]).toContain(key);
    expect(await counts()).toEqual(before);
  });

  it("a promised date before today or more than 180 days away (the store's today)", async () => {
    const before = await counts();
    const yesterday = shiftDay(todayIn(ZONE), { days: -1 });
    const past = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ promisedOn: yesterday })),
      "validation",
    );
    expect(past.fieldErrors).toEqual({ promisedOn: ["intakePromisedInPast"] });
    const far = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ promisedOn: shiftDay(todayIn(ZONE), { days: 181 }) })),
      "validation",
    );
    expect(far.fieldErrors).toEqual({ promisedOn: ["intakePromisedTooFar"] });
    expect(await counts()).toEqual(before);
  });
});

describe("scope and permission", () => {
  it("does not find another store's member, nor take a ticket in for another store", async () => {
    const before = await counts();
    await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ memberId: otherMemberId })),
      "not_found",
    );
    await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ storeId: otherStore.id })),
      "not_found",
    );
    await expectAppError(runAs(db, createServiceTicketUseCase, otherAfterSales, intake()), "not_found");
    expect(await counts()).toEqual(before);
  });

  it("does not link another member's purchase, nor take in another member's piece", async () => {
    const stranger = await insertMember(db, { storeId: store.id });
    const theirs = await insertPurchase(stranger.id);
    const theirPiece = await insertJewelryItem(db, { memberId: stranger.id, storeId: store.id });
    const before = await counts();
    const purchase = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ linkedTransactionId: theirs.transactionId })),
      "not_found",
    );
    expect(purchase.fieldErrors).toEqual({ linkedTransactionId: ["intakePurchaseNotFound"] });
    const line = await expectAppError(
      runAs(
        db,
        createServiceTicketUseCase,
        afterSales,
        intake({ newItem: { ...NEW_ITEM, purchaseLineId: theirs.lineId } }),
      ),
      "not_found",
    );
    expect(line.fieldErrors).toEqual({ "newItem.purchaseLineId": ["itemPurchaseNotFound"] });
    const piece = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ itemId: theirPiece.id, newItem: null })),
      "not_found",
    );
    expect(piece.fieldErrors).toEqual({ itemId: ["intakeItemNotFound"] });
    // Another store's member's purchase, made at that store.
    const elsewhere = await insertPurchase(otherMemberId, { storeId: otherStore.id });
    await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ linkedTransactionId: elsewhere.transactionId })),
      "not_found",
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses a refund as the linked purchase, and a purchase other than the piece's own", async () => {
    const own = await insertPurchase(memberId);
    const another = await insertPurchase(memberId);
    const piece = await insertJewelryItem(db, {
      memberId,
      storeId: store.id,
      purchaseTransactionId: own.transactionId,
      purchaseLineId: own.lineId,
    });
    const error = await expectAppError(
      runAs(
        db,
        createServiceTicketUseCase,
        afterSales,
        intake({ itemId: piece.id, newItem: null, linkedTransactionId: another.transactionId }),
      ),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ linkedTransactionId: ["intakePurchaseNotPiece"] });
    const [refund] = await db
      .insert(salesTransactions)
      .values({
        storeId: store.id,
        memberId,
        externalId: `R-${uniqueSuffix(8)}`,
        kind: "refund",
        originalId: own.transactionId,
        occurredAt: new Date(),
        netPaidFen: -680_000,
      })
      .returning({ id: salesTransactions.id });
    await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ linkedTransactionId: refund!.id })),
      "not_found",
    );
  });

  it("takes nothing in without aftersales.intake (an advisor), whatever the input", async () => {
    const before = await counts();
    await expectAppError(runAs(db, createServiceTicketUseCase, advisor, intake()), "forbidden");
    await expectAppError(runAs(db, createServiceTicketUseCase, advisor, { junk: true }), "forbidden");
    await expectAppError(runAs(db, intakeMemberContextUseCase, advisor, { memberId }), "forbidden");
    expect(await counts()).toEqual(before);
  });

  it("refuses a piece already in service, and an anonymised member", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id });
    await insertServiceTicket(db, { memberId, storeId: store.id, itemId: item.id, status: "in_repair" });
    const busy = await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ itemId: item.id, newItem: null })),
      "conflict",
    );
    expect(busy.messageKey).toBe("intakeItemHasOpenTicket");
    // Once the earlier ticket is picked up, the piece may come in again.
    await db.update(serviceTickets).set({ status: "picked_up" }).where(eq(serviceTickets.itemId, item.id));
    await runAs(db, createServiceTicketUseCase, afterSales, intake({ itemId: item.id, newItem: null }));

    const erased = await insertMember(db, { storeId: store.id });
    await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.id));
    await expectAppError(
      runAs(db, createServiceTicketUseCase, afterSales, intake({ memberId: erased.id })),
      "conflict",
    );
  });
});

describe("the intake form's member context", () => {
  let contextMemberId: string;
  beforeAll(async () => {
    contextMemberId = (await insertMember(db, { storeId: store.id, name: "刘德华", tier: "diamond" })).id;
  });

  it("lists the member's pieces and purchases with their lines, masked, in scope only", async () => {
    const purchase = await insertPurchase(contextMemberId, { quantity: 2 });
    await insertJewelryItem(db, {
      memberId: contextMemberId,
      storeId: store.id,
      purchaseTransactionId: purchase.transactionId,
      purchaseLineId: purchase.lineId,
    });
    const context = await runAs(db, intakeMemberContextUseCase, afterSales, { memberId: contextMemberId });
    expect(context.member).toEqual({ id: contextMemberId, name: "刘*华", tier: "diamond" });
    expect(context.items).toHaveLength(1);
    expect(context.purchases).toHaveLength(1);
    expect(context.purchases[0]!.lines).toEqual([
      expect.objectContaining({ id: purchase.lineId, quantity: 2, registered: 1, amountFen: 680_000 }),
    ]);
    await expectAppError(
      runAs(db, intakeMemberContextUseCase, otherAfterSales, { memberId: contextMemberId }),
      "not_found",
    );
  });
});

describe("references", () => {
  it("never repeat: the unique index holds even against a hand-made row", async () => {
    const [one] = await db
      .select({ value: count() })
      .from(serviceTickets)
      .where(and(like(serviceTickets.reference, "SV-%")));
    expect(one!.value).toBeGreaterThan(0);
    const [existing] = await db.select({ reference: serviceTickets.reference }).from(serviceTickets).limit(1);
    await expect(
      insertServiceTicket(db, { memberId, storeId: store.id, reference: existing!.reference }),
    ).rejects.toThrow();
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  appointmentPicks,
  appointmentPurchases,
  appointments,
  appointmentTypes,
  memberImportantDates,
  memberWishlistItems,
  rooms,
  salesTransactionLines,
  salesTransactions,
} from "@/db/schema";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { advisorInfluencedSales, loadVisitPreparation, nextOccurrence, upcomingDates } from "./queries";

let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

/** A store-local instant in Asia/Shanghai (UTC+8, no daylight saving): "2030-03-11 14:00". */
const at = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

async function createType(nameZh = "私人鉴赏", nameEn = "Private viewing") {
  const [type] = await db
    .insert(appointmentTypes)
    .values({ code: `t${uniqueSuffix(8)}`, nameZh, nameEn, durationMin: 60 })
    .returning();
  return type!;
}

type VisitOptions = {
  storeId: string;
  memberId: string;
  advisorId: string;
  typeId: string;
  roomId?: string | null;
  /** Store-local "yyyy-MM-dd HH:mm". */
  startsAt: string;
  status?: (typeof appointments.$inferInsert)["status"];
  note?: string;
};

/** Inserts a visit directly (booking is another feature); one hour long. */
async function visit(options: VisitOptions): Promise<string> {
  const startsAt = at(options.startsAt);
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  const [row] = await db
    .insert(appointments)
    .values({
      storeId: options.storeId,
      memberId: options.memberId,
      typeId: options.typeId,
      advisorId: options.advisorId,
      roomId: options.roomId ?? null,
      startsAt,
      endsAt,
      blockedUntil: endsAt,
      status: options.status ?? "confirmed",
      note: options.note ?? "",
    })
    .returning({ id: appointments.id });
  return row!.id;
}

async function purchase(
  storeId: string,
  memberId: string,
  occurredAt: string,
  totalPaidFen: number,
  lines: { sku: string; name: string; quantity?: number; amountFen: number }[] = [],
): Promise<string> {
  const [row] = await db
    .insert(salesTransactions)
    .values({
      storeId,
      memberId,
      externalId: `R-${uniqueSuffix(8)}`,
      kind: "purchase",
      occurredAt: at(occurredAt),
      netPaidFen: totalPaidFen,
      grossFen: totalPaidFen,
      totalPaidFen,
    })
    .returning({ id: salesTransactions.id });
  if (lines.length) {
    await db.insert(salesTransactionLines).values(
      lines.map((line, index) => ({
        transactionId: row!.id,
        lineNo: index + 1,
        sku: line.sku,
        name: line.name,
        category: "jewelry",
        quantity: line.quantity ?? 1,
        unitPriceFen: line.amountFen,
        amountFen: line.amountFen,
      })),
    );
  }
  return row!.id;
}

async function refund(original: string, storeId: string, memberId: string, occurredAt: string, fen: number) {
  await db.insert(salesTransactions).values({
    storeId,
    memberId,
    externalId: `RF-${uniqueSuffix(8)}`,
    kind: "refund",
    originalId: original,
    occurredAt: at(occurredAt),
    netPaidFen: -fen,
    grossFen: -fen,
    totalPaidFen: -fen,
  });
}

describe("loadVisitPreparation", () => {
  let store: TestStore;
  let otherStore: TestStore;
  let manager: TestPrincipal;
  let advisor: TestPrincipal;
  let otherManager: TestPrincipal;
  let memberId: string;
  let appointmentId: string;

  beforeAll(async () => {
    store = await createTestStore(db, { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" });
    otherStore = await createTestStore(db);
    manager = await createPrincipal(db, ["manager"], [store.id]);
    advisor = await createPrincipal(db, ["advisor"], [store.id]);
    otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
    const member = await insertMember(db, {
      storeId: store.id,
      name: "王小明",
      tier: "gold",
      advisorId: advisor.id,
      birthday: "1990-04-01",
      profile: { ringSize: "12", materials: ["platinum", "diamond"], styles: ["minimalist"] },
    });
    memberId = member.id;
    const type = await createType();
    const [room] = await db.insert(rooms).values({ storeId: store.id, name: "贵宾室一", nameEn: "VIP 1" }).returning();
    appointmentId = await visit({
      storeId: store.id,
      memberId,
      advisorId: advisor.id,
      typeId: type.id,
      roomId: room!.id,
      startsAt: "2030-03-11 14:00",
      note: "想看翡翠手镯",
    });

    // Twelve purchases: the page shows the last ten, newest first, with their lines.
    for (let day = 1; day <= 12; day++) {
      const stamp = `2029-12-${String(day).padStart(2, "0")} 12:00`;
      await purchase(store.id, memberId, stamp, day * 100_00, [
        { sku: `SKU-${day}`, name: `戒指${day}`, amountFen: day * 100_00 },
      ]);
    }
    await db.insert(memberWishlistItems).values({ memberId, description: "钻石吊坠", sku: "P-1", priceFen: 880_000 });
    await db.insert(memberImportantDates).values([
      // 20 days after the visit: shown.
      { memberId, kind: "anniversary", date: "2015-03-31" },
      // 100 days after the visit: not within 60.
      { memberId, kind: "partner_birthday", date: "1991-06-19" },
    ]);
    await db
      .insert(appointmentPicks)
      .values({ appointmentId, sku: "B-88", name: "翡翠手镯", priceFen: 1_280_000, addedBy: advisor.id });
  });

  it("gathers the visit, the member's preferences, purchases, wishlist, dates, tier, tickets and picks", async () => {
    const prep = await loadVisitPreparation(db, manager, appointmentId, at("2030-03-01 10:00"));
    expect(prep).not.toBeNull();
    const { visit: v, member } = prep!;
    expect(v).toMatchObject({
      id: appointmentId,
      status: "confirmed",
      day: "2030-03-11",
      note: "想看翡翠手镯",
      type: { nameZh: "私人鉴赏", nameEn: "Private viewing" },
      advisor: { id: advisor.id },
      room: { name: "贵宾室一", nameEn: "VIP 1" },
      store: { id: store.id, timeZone: "Asia/Shanghai" },
      trayOpen: true,
    });
    expect(v.startsAt.toISOString()).toBe("2030-03-11T06:00:00.000Z");

    // Masked for a manager, as on the 360° view.
    expect(member.contact).toMatchObject({ masked: true, name: "王*明" });
    expect(member).toMatchObject({ tier: "gold", ownClient: false, inViewerStores: true, erased: false });
    expect(member.profile).toMatchObject({
      ringSize: "12",
      materials: ["platinum", "diamond"],
      styles: ["minimalist"],
    });

    expect(prep!.recentPurchases).toHaveLength(10);
    expect(prep!.recentPurchases[0]).toMatchObject({
      totalPaidFen: 1200_00,
      items: [{ sku: "SKU-12", name: "戒指12", quantity: 1, amountFen: 1200_00 }],
    });
    expect(prep!.recentPurchases.at(-1)!.totalPaidFen).toBe(300_00);

    expect(prep!.wishlist).toEqual([expect.objectContaining({ description: "钻石吊坠", priceFen: 880_000 })]);
    expect(prep!.upcomingDates.map((d) => [d.kind, d.occursOn, d.daysAway])).toEqual([
      ["anniversary", "2030-03-31", 20],
      ["birthday", "2030-04-01", 21],
    ]);
    expect(prep!.tierProgress).toMatchObject({ tier: "gold" });
    expect(prep!.openServiceTickets).toEqual([]);
    expect(prep!.picks).toEqual([
      expect.objectContaining({ sku: "B-88", name: "翡翠手镯", priceFen: 1_280_000, note: "" }),
    ]);
    // Not checked in yet: nothing to link.
    expect(prep!.outcome).toMatchObject({ open: false, window: { from: "2030-03-11", to: "2030-03-12" } });
  });

  it("shows the advisor their own client unmasked, as the 360° view does", async () => {
    const prep = await loadVisitPreparation(db, advisor, appointmentId);
    expect(prep!.member.contact).toMatchObject({ masked: false, name: "王小明" });
    expect(prep!.member.ownClient).toBe(true);
  });

  it("does not find another store's visit, nor an id that is not one", async () => {
    expect(await loadVisitPreparation(db, otherManager, appointmentId)).toBeNull();
    expect(await loadVisitPreparation(db, manager, "not-a-uuid")).toBeNull();
    expect(await loadVisitPreparation(db, manager, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("upcoming important dates", () => {
  it("recurs each year on the month-day; 29 February on 28 February in a common year", () => {
    expect(nextOccurrence("2015-03-31", "2030-03-11")).toBe("2030-03-31");
    expect(nextOccurrence("2015-03-01", "2030-03-11")).toBe("2031-03-01");
    expect(nextOccurrence("2016-02-29", "2030-02-01")).toBe("2030-02-28");
    expect(nextOccurrence("2016-02-29", "2031-12-01")).toBe("2032-02-29");
    // Recorded for a day still ahead: first on that day.
    expect(nextOccurrence("2030-05-01", "2030-03-11")).toBe("2030-05-01");
    expect(nextOccurrence("2030-03-11", "2030-03-11")).toBe("2030-03-11");
  });

  it("keeps the next 60 days from the visit's day, soonest first", () => {
    const dates = upcomingDates(
      [
        { id: "a", kind: "other", label: "求婚纪念", date: "2020-05-10" },
        { id: "b", kind: "anniversary", label: null, date: "2020-03-11" },
        { id: "c", kind: "other", label: null, date: "2020-05-11" },
      ],
      "2030-03-11",
    );
    expect(dates.map((d) => [d.id, d.occursOn, d.daysAway])).toEqual([
      ["b", "2030-03-11", 0],
      ["a", "2030-05-10", 60],
    ]);
  });
});

describe("advisorInfluencedSales", () => {
  let store: TestStore;
  let otherStore: TestStore;
  let manager: TestPrincipal;
  let alice: TestPrincipal;
  let bob: TestPrincipal;
  let carol: TestPrincipal;

  beforeAll(async () => {
    store = await createTestStore(db);
    otherStore = await createTestStore(db);
    manager = await createPrincipal(db, ["manager"], [store.id]);
    alice = await createPrincipal(db, ["advisor"], [store.id]);
    bob = await createPrincipal(db, ["advisor"], [store.id]);
    carol = await createPrincipal(db, ["advisor"], [store.id]);
    const type = await createType();
    const m1 = (await insertMember(db, { storeId: store.id })).id;
    const m2 = (await insertMember(db, { storeId: store.id })).id;
    const base = { storeId: store.id, typeId: type.id };

    // Alice: two completed visits in March, one with two purchases (one partly refunded).
    const a1 = await visit({
      ...base,
      memberId: m1,
      advisorId: alice.id,
      startsAt: "2030-03-05 10:00",
      status: "completed",
    });
    await visit({ ...base, memberId: m2, advisorId: alice.id, startsAt: "2030-03-06 10:00", status: "completed" });
    const p1 = await purchase(store.id, m1, "2030-03-05 11:30", 500_000);
    const p2 = await purchase(store.id, m1, "2030-03-06 09:00", 120_000);
    await refund(p2, store.id, m1, "2030-03-10 12:00", 20_000);
    await db.insert(appointmentPurchases).values([
      { appointmentId: a1, transactionId: p1 },
      { appointmentId: a1, transactionId: p2 },
    ]);
    // Bob: checked in on 31 March at 23:30 local (still March), one purchase; no completed visit.
    const b1 = await visit({
      ...base,
      memberId: m2,
      advisorId: bob.id,
      startsAt: "2030-03-31 22:30",
      status: "checked_in",
    });
    const p3 = await purchase(store.id, m2, "2030-03-31 23:10", 80_000);
    await db.insert(appointmentPurchases).values({ appointmentId: b1, transactionId: p3 });
    // Carol: only a cancelled visit and a confirmed one: left out.
    await visit({ ...base, memberId: m1, advisorId: carol.id, startsAt: "2030-03-07 10:00", status: "cancelled" });
    await visit({ ...base, memberId: m2, advisorId: carol.id, startsAt: "2030-03-08 10:00", status: "confirmed" });
    // Alice again at 00:00 on 1 April local (31 March 16:00 UTC): outside March.
    const later = await visit({
      ...base,
      memberId: m1,
      advisorId: alice.id,
      startsAt: "2030-04-01 00:00",
      status: "completed",
    });
    const p4 = await purchase(store.id, m1, "2030-04-01 01:00", 999_900);
    await db.insert(appointmentPurchases).values({ appointmentId: later, transactionId: p4 });
  });

  it("totals completed visits, linked purchases and their amount net of refunds per advisor, for store-local days", async () => {
    const rows = await advisorInfluencedSales(db, manager, { storeId: store.id, from: "2030-03-01", to: "2030-03-31" });
    expect(rows).toEqual([
      { advisorId: alice.id, advisorName: "Test Staff", visitsCompleted: 2, purchasesLinked: 2, amountFen: 600_000 },
      { advisorId: bob.id, advisorName: "Test Staff", visitsCompleted: 0, purchasesLinked: 1, amountFen: 80_000 },
    ]);
    const april = await advisorInfluencedSales(db, manager, {
      storeId: store.id,
      from: "2030-04-01",
      to: "2030-04-01",
    });
    expect(april).toEqual([
      { advisorId: alice.id, advisorName: "Test Staff", visitsCompleted: 1, purchasesLinked: 1, amountFen: 999_900 },
    ]);
    expect(rows.some((row) => row.advisorId === carol.id)).toBe(false);
  });

  it("answers nothing for a period without visits", async () => {
    expect(
      await advisorInfluencedSales(db, manager, { storeId: store.id, from: "2029-01-01", to: "2029-12-31" }),
    ).toEqual([]);
  });

  it("does not find a store outside the staff member's stores, and refuses a period that does not parse", async () => {
    const elsewhere = await createPrincipal(db, ["manager"], [otherStore.id]);
    await expectAppError(
      advisorInfluencedSales(db, elsewhere, { storeId: store.id, from: "2030-03-01", to: "2030-03-31" }),
      "not_found",
    );
    const error = await expectAppError(
      advisorInfluencedSales(db, manager, { storeId: store.id, from: "2030-03-31", to: "2030-03-01" }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ to: ["endsBeforeStarts"] });
    await expectAppError(
      advisorInfluencedSales(db, manager, { storeId: store.id, from: "2030-02-30", to: "2030-03-01" }),
      "validation",
    );
  });
});

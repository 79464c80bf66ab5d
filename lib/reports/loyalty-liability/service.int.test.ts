import { addDays } from "date-fns";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { pointsEntries, pointsLots, salesTransactions, storedValueCards, storedValueEntries } from "@/db/schema";
import { EARN_RULES } from "@/lib/loyalty/programme/rules";
import { createPrincipal, insertMember } from "@/tests/helpers/members";
import { saveSetting } from "@/lib/settings/versioned";
import {
  auditEntries,
  createTestDatabase,
  createTestStore,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { loyaltyLiabilityReport, type LiabilityFigures } from "./queries";
import { exportLoyaltyLiabilityCsv } from "./service";

let handle: DatabaseHandle;
let db: Db;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());

/** 12:00 in Shanghai. */
const NOW = new Date("2025-06-15T04:00:00Z");
const inDays = (days: number) => addDays(NOW, days);

/** A ledger entry, and for a positive one its lot with what is left of it. */
async function entry(
  memberId: string,
  kind: (typeof pointsEntries.$inferInsert)["kind"],
  points: number,
  lot?: { remaining: number; expiresAt: Date },
) {
  const [row] = await db
    .insert(pointsEntries)
    .values({ memberId, kind, points, occurredAt: inDays(-30) })
    .returning({ id: pointsEntries.id });
  if (lot)
    await db.insert(pointsLots).values({
      memberId,
      entryId: row!.id,
      points,
      earnedAt: inDays(-30),
      expiresAt: lot.expiresAt,
      remaining: lot.remaining,
    });
}

async function card(
  storeId: string,
  status: (typeof storedValueCards.$inferInsert)["status"],
  movements: { kind: (typeof storedValueEntries.$inferInsert)["kind"]; principalFen: number; bonusFen?: number }[],
  memberId?: string,
) {
  const [row] = await db
    .insert(storedValueCards)
    .values({ cardNo: `SV${uniqueSuffix(10)}`, storeId, status, memberId: memberId ?? null })
    .returning({ id: storedValueCards.id });
  for (const movement of movements)
    await db.insert(storedValueEntries).values({ cardId: row!.id, ...movement, bonusFen: movement.bonusFen ?? 0 });
}

/**
 * Store A: a member with a half-spent lot expiring in 30 days (600 left), a lot expiring in 91 days
 * (500, outstanding but not expiring), an expired lot the expiry job has not yet taken (300: not
 * outstanding), a spent lot; two members in debt (250 and 50). Cards at A: an active one (800 + 80
 * left), a frozen one (500), a replaced one emptied by the reissue. Store B: a member with a lot
 * expiring at the end of the 90th day (700, expiring), and a card issued at B to A's member.
 */
async function dataset(): Promise<{ a: TestStore; b: TestStore }> {
  const a = await createTestStore(db);
  const b = await createTestStore(db);
  const rich = await insertMember(db, { storeId: a.id });
  await entry(rich.id, "earn", 1000, { remaining: 600, expiresAt: inDays(30) });
  await entry(rich.id, "earn", 500, { remaining: 500, expiresAt: inDays(91) });
  await entry(rich.id, "earn", 300, { remaining: 300, expiresAt: inDays(-1) });
  await entry(rich.id, "activity", 200, { remaining: 0, expiresAt: inDays(10) });
  await entry(rich.id, "spend", -600);
  // A purchase at B does not move the member's points to B: points count at the home store.
  await db.insert(salesTransactions).values({
    storeId: b.id,
    memberId: rich.id,
    externalId: `X-${uniqueSuffix(6)}`,
    kind: "purchase",
    occurredAt: inDays(-30),
    netPaidFen: 100_000,
  });

  const refunded = await insertMember(db, { storeId: a.id });
  await entry(refunded.id, "earn", 100, { remaining: 0, expiresAt: inDays(200) });
  await entry(refunded.id, "spend", -100);
  await entry(refunded.id, "reversal", -250);
  const adjusted = await insertMember(db, { storeId: a.id });
  await entry(adjusted.id, "adjustment", -50);

  const atB = await insertMember(db, { storeId: b.id });
  // 23:59:59.999 on the 90th local day after 15 June (13 September, Shanghai).
  await entry(atB.id, "earn", 700, { remaining: 700, expiresAt: new Date("2025-09-13T15:59:59.999Z") });
  await entry(atB.id, "earn", 40, { remaining: 40, expiresAt: new Date("2025-09-13T16:00:00.000Z") });

  await card(a.id, "active", [
    { kind: "top_up", principalFen: 100_000, bonusFen: 10_000 },
    { kind: "spend", principalFen: -20_000, bonusFen: -2_000 },
  ]);
  await card(a.id, "frozen", [{ kind: "top_up", principalFen: 50_000 }]);
  await card(a.id, "replaced", [
    { kind: "top_up", principalFen: 30_000 },
    { kind: "transfer_out", principalFen: -30_000 },
  ]);
  await card(b.id, "active", [{ kind: "top_up", principalFen: 20_000 }], rich.id);
  return { a, b };
}

const STORE_A: LiabilityFigures = {
  outstandingPoints: 1100,
  outstandingValueFen: 1100,
  expiringPoints: 600,
  expiringValueFen: 600,
  debtMembers: 2,
  debtPoints: 300,
  debtValueFen: 300,
  cards: 2,
  principalFen: 130_000,
  bonusFen: 8_000,
  balanceFen: 138_000,
  frozenCards: 1,
  frozenBalanceFen: 50_000,
};

const STORE_B: LiabilityFigures = {
  outstandingPoints: 740,
  outstandingValueFen: 740,
  expiringPoints: 700,
  expiringValueFen: 700,
  debtMembers: 0,
  debtPoints: 0,
  debtValueFen: 0,
  cards: 1,
  principalFen: 20_000,
  bonusFen: 0,
  balanceFen: 20_000,
  frozenCards: 0,
  frozenBalanceFen: 0,
};

/** The figures of a row, without its store. */
function figures(row: LiabilityFigures & { store?: unknown }): LiabilityFigures {
  return Object.fromEntries(Object.entries(row).filter(([key]) => key !== "store")) as LiabilityFigures;
}

describe("loyaltyLiabilityReport", () => {
  it("counts unexpired lots as outstanding and only those expiring within 90 local days as expiring, per home store", async () => {
    const { a, b } = await dataset();
    const manager = await createPrincipal(db, ["manager"], [a.id, b.id]);
    const report = await loyaltyLiabilityReport(db, manager, NOW);

    expect(report.pointsPerYuan).toBe(100);
    expect(report.rows.map((row) => row.store.id)).toEqual(
      [a, b].sort((x, y) => x.code.localeCompare(y.code)).map((s) => s.id),
    );
    expect(figures(report.rows.find((row) => row.store.id === a.id)!)).toEqual(STORE_A);
    expect(figures(report.rows.find((row) => row.store.id === b.id)!)).toEqual(STORE_B);
    expect(report.totals).toEqual(
      Object.fromEntries(
        Object.keys(STORE_A).map((k) => [
          k,
          STORE_A[k as keyof LiabilityFigures] + STORE_B[k as keyof LiabilityFigures],
        ]),
      ),
    );
  });

  it("shows a manager only their own stores", async () => {
    const { a } = await dataset();
    const manager = await createPrincipal(db, ["manager"], [a.id]);
    const report = await loyaltyLiabilityReport(db, manager, NOW);
    expect(report.rows.map((row) => row.store.id)).toEqual([a.id]);
    expect(report.totals).toEqual(STORE_A);
  });

  it("values points at the cash-offset rate in force", async () => {
    const store = await createTestStore(db);
    const member = await insertMember(db, { storeId: store.id });
    const later = new Date("2031-03-01T04:00:00Z");
    await entry(member.id, "earn", 250, { remaining: 250, expiresAt: new Date("2031-12-31T15:59:59.999Z") });
    const admin = await createPrincipal(db, ["admin"], [], { allStores: true });
    const rules = EARN_RULES.defaults;
    await saveSetting(
      db,
      admin.actor,
      EARN_RULES,
      { ...rules, cashOffsetPointsPerYuan: 50 },
      new Date("2031-01-01T00:00:00Z"),
    );

    const manager = await createPrincipal(db, ["manager"], [store.id]);
    const report = await loyaltyLiabilityReport(db, manager, later);
    expect(report.pointsPerYuan).toBe(50);
    expect(report.rows[0]).toMatchObject({ outstandingPoints: 250, outstandingValueFen: 500 });
  });

  it("is refused to roles without loyalty.reports", async () => {
    const { a } = await dataset();
    for (const role of ["after_sales", "advisor", "service"] as const) {
      const staff = await createPrincipal(db, [role], [a.id]);
      await expect(loyaltyLiabilityReport(db, staff, NOW)).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});

describe("exportLoyaltyLiabilityCsv", () => {
  it("writes a CSV with a BOM, yuan amounts and a totals row, and audits the export", async () => {
    const { a } = await dataset();
    const manager = await createPrincipal(db, ["manager"], [a.id]);
    const { csv, filename } = await exportLoyaltyLiabilityCsv(
      db,
      manager,
      manager.actor,
      { titles: { storeCode: "门店编码", total: "合计" } },
      NOW,
    );

    expect(filename).toBe("loyalty-liability-20250615-1200.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const records = parse(csv.slice(1)) as string[][];
    expect(records[0]![0]).toBe("门店编码");
    expect(records[0]![2]).toBe("outstandingPoints");
    expect(records[1]).toEqual([
      a.code,
      `Test store ${a.code}`,
      "1100",
      "11.00",
      "600",
      "6.00",
      "2",
      "300",
      "3.00",
      "2",
      "1300.00",
      "80.00",
      "1380.00",
      "1",
      "500.00",
    ]);
    expect(records[2]).toEqual([
      "合计",
      "",
      "1100",
      "11.00",
      "600",
      "6.00",
      "2",
      "300",
      "3.00",
      "2",
      "1300.00",
      "80.00",
      "1380.00",
      "1",
      "500.00",
    ]);

    const [audit] = await auditEntries(db, { action: "reports.liability_export", actorStaffId: manager.id });
    expect(audit!.details).toMatchObject({ stores: [a.code] });
  });

  it("is refused without loyalty.reports, and nothing is audited", async () => {
    const { a } = await dataset();
    const afterSales = await createPrincipal(db, ["after_sales"], [a.id]);
    await expect(exportLoyaltyLiabilityCsv(db, afterSales, afterSales.actor, {}, NOW)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await auditEntries(db, { action: "reports.liability_export", actorStaffId: afterSales.id })).toEqual([]);
  });
});

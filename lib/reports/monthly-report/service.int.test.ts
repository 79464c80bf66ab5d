import { and, eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, monthlyReports, stores } from "@/db/schema";
import { staffRoute, type StaffRouteDeps } from "@/lib/api/staff-route";
import { createTransactionSchema } from "@/lib/loyalty/purchases/schemas";
import { recordPurchase } from "@/lib/loyalty/purchases/service";
import { rebuildDailyRollups } from "@/lib/reports/rollups/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import {
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { loadMonthlyReportLabels } from "./labels";
import { monthlyReportPdfRoute } from "./routes";
import { monthPeriod, previousMonth } from "./schemas";
import { generateMonthlyReports } from "./job";
import { createMonthlyReportPdf, downloadKeptMonthlyReport, listKeptMonthlyReports } from "./service";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let managerA: TestPrincipal;
let advisorA: TestPrincipal;
let managerAccount: StaffAccount;

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

async function sale(store: TestStore, at: string, fen: number, phone: string | null) {
  const input = createTransactionSchema.parse({
    externalId: `M-${uniqueSuffix(8)}`,
    storeCode: store.code,
    occurredAt: at,
    member: phone ? { phone } : null,
    items: [{ sku: "R-001", name: "足金戒指", category: "gold", quantity: 1, unitPriceFen: fen }],
    payments: [{ method: "wechat", amountFen: fen }],
  });
  await inTx(db, (tx) => recordPurchase(tx, { storeId: store.id }, input));
}

/**
 * Store A: a member registered in October buys ¥800.00 in October and ¥1,234.00 in November, a
 * walk-in buys ¥500.00 in November; store B sells ¥9,999.00 in November (never in A's report).
 */
setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  managerA = await createPrincipal(db, ["manager"], [storeA.id]);
  advisorA = await createPrincipal(db, ["advisor"], [storeA.id]);
  managerAccount = await createTestAccount(db, ["manager"], [storeA.id]);
  const member = await insertMember(db, { storeId: storeA.id, registeredAt: new Date("2026-10-02T02:00:00Z") });
  await sale(storeA, "2026-10-15T04:00:00Z", 80_000, member.phoneE164!);
  await sale(storeA, "2026-11-10T04:00:00Z", 123_400, member.phoneE164!);
  await sale(storeA, "2026-11-20T04:00:00Z", 50_000, null);
  await sale(storeB, "2026-11-12T04:00:00Z", 999_900, null);
  await rebuildDailyRollups(db, { from: "2026-10-01", to: "2026-11-30" });
});

const render = (locale: "zh-CN" | "en") => ({ labels: loadMonthlyReportLabels(locale), locale });

describe(`monthly report PDF on ${testDriver()}`, () => {
  it("works out a month and the month before as calendar months", () => {
    expect(monthPeriod("2026-11")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(monthPeriod("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-03")).toBe("2026-02");
  });

  it("prints the store's month beside the month before, in Chinese, with its charts' labels, and audits the download", async () => {
    const { pdf, filename } = await createMonthlyReportPdf(
      db,
      managerA,
      managerA.actor,
      { storeId: storeA.id, month: "2026-11" },
      render("zh-CN"),
      new Date("2026-12-01T01:00:00Z"),
    );
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(filename).toBe(`monthly-report-${storeA.code.toLowerCase()}-2026-11.pdf`);
    const text = await pdfText(pdf);
    expect(text).toContain("会员月报");
    expect(text).toContain(storeA.code);
    expect(text).toContain("2026-11 全月，对比 2026-10");
    // Member sales ¥1,234.00 against ¥800.00 (+54.3 %), non-members ¥500.00 against nothing.
    expect(text).toContain("会员销售额 ¥1,234.00 ¥800.00 +54.3%");
    expect(text).toContain("非会员销售额 ¥500.00 ¥0.00 —");
    // Member share 1 234 / 1 734 = 71.2 % against 100 %: −28.8 percentage points.
    expect(text).toMatch(/会员销售占比 71\.2% 100% -28\.8 pp/);
    expect(text).toContain("会员与非会员销售额");
    expect(text).toContain("预约转化");
    expect(text).toContain("生成于 2026-12-01 09:00");
    expect(text).not.toContain("9,999");

    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "report.monthly_pdf"), eq(auditLog.entityId, storeA.id)));
    expect(entry?.actorStaffId).toBe(managerA.id);
    expect(entry?.details).toEqual({ month: "2026-11", locale: "zh-CN" });
  });

  it("prints the same report in English", async () => {
    const { pdf } = await createMonthlyReportPdf(
      db,
      managerA,
      managerA.actor,
      { storeId: storeA.id, month: "2026-11" },
      render("en"),
    );
    const text = await pdfText(pdf);
    expect(text).toContain("Monthly member report");
    expect(text).toContain("The whole of 2026-11, against 2026-10");
    expect(text).toContain("This month");
    expect(text).toContain("¥1,234.00");
  });

  it("does not find another store for a manager of one store, and forbids staff without reports.read", async () => {
    await expect(
      createMonthlyReportPdf(db, managerA, managerA.actor, { storeId: storeB.id, month: "2026-11" }, render("zh-CN")),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      createMonthlyReportPdf(db, advisorA, advisorA.actor, { storeId: storeA.id, month: "2026-11" }, render("zh-CN")),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  const as = (staff: StaffAccount | null): StaffRouteDeps => ({
    currentStaff: async () => staff,
    db: () => db,
    locale: async () => "zh-CN",
  });
  const get = (query: string) =>
    staffRoute(monthlyReportPdfRoute, as(managerAccount))(
      new Request(`http://portal.test/reports/monthly.pdf?${query}`),
      { params: Promise.resolve({}) },
    );

  it("downloads over the route, and answers a bad month, a year 0001 or a store of another scope with a 4xx", async () => {
    const ok = await get(`store=${storeA.id}&month=2026-11&lang=en`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    expect(await pdfText(new Uint8Array(await ok.arrayBuffer()))).toContain("Monthly member report");

    for (const month of ["2026-13", "0001-01", "2026-1", "2026-11\u0000", "x".repeat(100_000)]) {
      const response = await get(`store=${storeA.id}&month=${encodeURIComponent(month)}`);
      expect(response.status, month.slice(0, 20)).toBe(422);
    }
    expect((await get(`store=not-a-store&month=2026-11`)).status).toBe(422);
    expect((await get(`store=${storeB.id}&month=2026-11`)).status).toBe(404);
  });

  it("keeps each active store's report of the month just ended once per language, on the first day, and never again", async () => {
    const firstOfDecember = new Date("2026-12-01T01:00:00Z"); // 09:00 in Shanghai
    const activeStores = (await db.select({ id: stores.id }).from(stores).where(eq(stores.active, true))).length;
    expect(await generateMonthlyReports(db, firstOfDecember)).toEqual({ generated: activeStores * 2 });
    expect(await generateMonthlyReports(db, new Date("2026-12-15T01:00:00Z"))).toEqual({ generated: 0 });
    const [kept] = await db
      .select()
      .from(monthlyReports)
      .where(and(eq(monthlyReports.storeId, storeA.id), eq(monthlyReports.locale, "zh-CN")));
    expect(kept?.month).toBe("2026-11");
    expect(await pdfText(kept!.pdf)).toContain("会员销售额 ¥1,234.00 ¥800.00 +54.3%");

    // A manager of A lists and downloads A's two, and finds none of B's.
    const listed = await listKeptMonthlyReports(db, managerA);
    expect(listed.map((r) => [r.storeId, r.month, r.locale])).toEqual([
      [storeA.id, "2026-11", "en"],
      [storeA.id, "2026-11", "zh-CN"],
    ]);
    const { pdf, filename } = await downloadKeptMonthlyReport(db, managerA, managerA.actor, kept!.id);
    expect(filename).toBe(`monthly-report-${storeA.code.toLowerCase()}-2026-11.pdf`);
    expect(pdf.equals(kept!.pdf)).toBe(true);
    const [ofB] = await db
      .select({ id: monthlyReports.id })
      .from(monthlyReports)
      .where(eq(monthlyReports.storeId, storeB.id));
    await expect(downloadKeptMonthlyReport(db, managerA, managerA.actor, ofB!.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listKeptMonthlyReports(db, advisorA)).rejects.toMatchObject({ code: "forbidden" });
  });
});

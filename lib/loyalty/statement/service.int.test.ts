import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  memberCards,
  pointsEntries,
  pointsLots,
  salesTransactions,
  storedValueCards,
  storedValueEntries,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { statementLabels, type MemberStatementLabels } from "./labels";
import { loadMemberStatement } from "./queries";
import { createMemberStatement } from "./service";

let db: Db;
const labels: Record<"zh-CN" | "en", MemberStatementLabels> = {} as never;

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The real catalogs, as the route reads them through next-intl. */
function translator(locale: "zh-CN" | "en", namespace: string): Translate {
  const messages = JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8"));
  return createTranslator({ locale, messages, namespace }) as unknown as Translate;
}

function labelsFor(locale: "zh-CN" | "en"): MemberStatementLabels {
  return statementLabels(
    translator(locale, "memberStatement"),
    { zh: translator("zh-CN", "members.tiers"), en: translator("en", "members.tiers") },
    locale,
  );
}

setupTestDatabase(async (opened) => {
  db = opened;
  labels["zh-CN"] = labelsFor("zh-CN");
  labels.en = labelsFor("en");
});

/** A ledger entry, and for a positive one its lot (with what is left of it). */
async function entry(
  memberId: string,
  kind: (typeof pointsEntries.$inferInsert)["kind"],
  points: number,
  occurredAt: string,
  lot?: { remaining: number; expiresAt: string },
) {
  const [row] = await db
    .insert(pointsEntries)
    .values({ memberId, kind, points, occurredAt: new Date(occurredAt) })
    .returning({ id: pointsEntries.id });
  if (lot) {
    await db.insert(pointsLots).values({
      memberId,
      entryId: row!.id,
      points,
      earnedAt: new Date(occurredAt),
      expiresAt: new Date(lot.expiresAt),
      remaining: lot.remaining,
    });
  }
}

type Fixture = {
  store: TestStore;
  member: Awaited<ReturnType<typeof insertMember>>;
  manager: TestPrincipal;
  cardNo: string;
};

/**
 * A gold member of a Shanghai store (UTC+8) with entries on both sides of March 2025's local
 * boundaries, two transactions in March and one before, and a stored-value card.
 */
async function goldMember(): Promise<Fixture> {
  const store = await createTestStore(db, { name: "静安嘉里中心店" });
  const member = await insertMember(db, { storeId: store.id, name: "王小明", tier: "gold" });
  const manager = await createPrincipal(db, ["manager"], [store.id]);
  const cardNo = `M${uniqueSuffix(8).toUpperCase()}`;
  await db.insert(memberCards).values({ cardNo, memberId: member.id });

  // 23:59:59 on 28 February local: before the period (opening balance).
  await entry(member.id, "earn", 1000, "2025-02-28T15:59:59Z", {
    remaining: 700,
    expiresAt: "2025-12-31T15:59:59.999Z",
  });
  // 00:00 on 1 March local: the first entry of the period.
  await entry(member.id, "earn", 500, "2025-02-28T16:00:00Z", {
    remaining: 500,
    expiresAt: "2026-01-20T15:59:59.999Z",
  });
  await entry(member.id, "spend", -300, "2025-03-15T06:00:00Z");
  // 23:59:59 on 31 March local: the last entry of the period.
  await entry(member.id, "activity", 200, "2025-03-31T15:59:59Z", {
    remaining: 200,
    expiresAt: "2026-01-13T15:59:59.999Z",
  });
  // 00:00 on 1 April local: after the period.
  await entry(member.id, "earn", 999, "2025-03-31T16:00:00Z", {
    remaining: 999,
    expiresAt: "2026-01-14T15:59:59.999Z",
  });

  const [purchase] = await db
    .insert(salesTransactions)
    .values({
      storeId: store.id,
      memberId: member.id,
      externalId: `R-${uniqueSuffix(6)}`,
      kind: "purchase",
      occurredAt: new Date("2025-03-10T04:00:00Z"),
      netPaidFen: 120_000,
      totalPaidFen: 120_000,
      pointsEarned: 1800,
    })
    .returning({ id: salesTransactions.id });
  await db.insert(salesTransactions).values({
    storeId: store.id,
    memberId: member.id,
    externalId: "RF-1",
    kind: "refund",
    originalId: purchase!.id,
    occurredAt: new Date("2025-03-20T04:00:00Z"),
    netPaidFen: -20_000,
    totalPaidFen: -20_000,
    pointsEarned: -300,
  });
  await db.insert(salesTransactions).values({
    storeId: store.id,
    memberId: member.id,
    externalId: `OLD-${uniqueSuffix(6)}`,
    kind: "purchase",
    occurredAt: new Date("2025-02-20T04:00:00Z"),
    netPaidFen: 5_000,
    totalPaidFen: 5_000,
  });

  const [card] = await db
    .insert(storedValueCards)
    .values({ cardNo: `SV${uniqueSuffix(6)}1234`, memberId: member.id, storeId: store.id })
    .returning({ id: storedValueCards.id });
  await db.insert(storedValueEntries).values([
    { cardId: card!.id, kind: "top_up", principalFen: 100_000, bonusFen: 10_000 },
    { cardId: card!.id, kind: "spend", principalFen: -30_000, bonusFen: -3_000 },
  ]);
  return { store, member, manager, cardNo };
}

const MARCH = { from: "2025-03-01", to: "2025-03-31" };
const OCTOBER_15 = new Date("2025-10-15T04:00:00Z");

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

describe("loadMemberStatement", () => {
  it("opens with the balance before the first local day, runs through the period and closes at its last local moment", async () => {
    const { member, manager } = await goldMember();
    const statement = await loadMemberStatement(db, manager, member.id, MARCH, OCTOBER_15);

    expect(statement.maskedName).toBe("王*明");
    expect(statement.tier).toBe("gold");
    expect(statement.points.opening).toBe(1000);
    expect(statement.points.entries.map((e) => [e.kind, e.points, e.balance])).toEqual([
      ["earn", 500, 1500],
      ["spend", -300, 1200],
      ["activity", 200, 1400],
    ]);
    expect(statement.points.closing).toBe(1400);
    expect(statement.startsAt.toISOString()).toBe("2025-02-28T16:00:00.000Z");
    expect(statement.endsBefore.toISOString()).toBe("2025-03-31T16:00:00.000Z");
  });

  it("counts lots expiring up to the end of the 90th local day from today, not the 91st", async () => {
    const { member, manager } = await goldMember();
    const statement = await loadMemberStatement(db, manager, member.id, MARCH, OCTOBER_15);
    expect(statement.points.expiring.until).toBe("2026-01-13");
    expect(statement.points.expiring.byDate).toEqual([
      { expiresOn: "2025-12-31", points: 700 },
      { expiresOn: "2026-01-13", points: 200 },
    ]);
    expect(statement.points.expiring.total).toBe(900);
  });

  it("lists the period's purchases and refunds, and the cards with principal and bonus apart", async () => {
    const { member, manager } = await goldMember();
    const statement = await loadMemberStatement(db, manager, member.id, MARCH, OCTOBER_15);
    expect(statement.transactions.map((s) => [s.kind, s.amountFen, s.points])).toEqual([
      ["purchase", 120_000, 1800],
      ["refund", -20_000, -300],
    ]);
    expect(statement.cards).toEqual([
      { maskedCardNo: "****1234", status: "active", principalFen: 70_000, bonusFen: 7_000, balanceFen: 77_000 },
    ]);
  });

  it("a period before any activity opens and closes at zero", async () => {
    const { member, manager } = await goldMember();
    const statement = await loadMemberStatement(
      db,
      manager,
      member.id,
      { from: "2024-01-01", to: "2024-12-31" },
      OCTOBER_15,
    );
    expect(statement.points).toMatchObject({ opening: 0, closing: 0, entries: [] });
    expect(statement.transactions).toEqual([]);
  });
});

describe("createMemberStatement", () => {
  it("renders Chinese that a PDF reader extracts: the tier, the balances, the entry kinds and the masked name", async () => {
    const { member, manager, cardNo } = await goldMember();
    const { pdf, filename } = await createMemberStatement(
      db,
      manager,
      manager.actor,
      { memberId: member.id, ...MARCH },
      { labels: labels["zh-CN"], locale: "zh-CN" },
      OCTOBER_15,
    );

    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(filename).toBe("member-statement-2025-03-01-2025-03-31.pdf");
    const text = await pdfText(pdf);
    expect(text).toContain("金卡");
    expect(text).toContain("会员积分对账单");
    expect(text).toContain("期末积分余额");
    expect(text).toContain("1,400");
    expect(text).toContain("王*明");
    expect(text).toContain("积分使用");
    expect(text).toContain("静安嘉里中心店");
    expect(text).toContain(cardNo);
    expect(text).toContain("****1234");
    expect(text).toContain("¥770.00");
    expect(text).not.toContain("王小明");
    // The footer is drawn on every page (a fixed, absolutely placed block).
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*1\s*页/);
  });

  it("renders in English for English-speaking staff, the tier in both languages", async () => {
    const { member, manager } = await goldMember();
    const { pdf } = await createMemberStatement(
      db,
      manager,
      manager.actor,
      { memberId: member.id, ...MARCH },
      { labels: labels.en, locale: "en" },
      OCTOBER_15,
    );
    const text = await pdfText(pdf);
    expect(text).toContain("Closing balance");
    expect(text).toContain("Gold 金卡");
    expect(text).toContain("1,400");
  });

  it("audits the statement with its period", async () => {
    const { member, manager } = await goldMember();
    await createMemberStatement(
      db,
      manager,
      manager.actor,
      { memberId: member.id, ...MARCH },
      { labels: labels["zh-CN"], locale: "zh-CN" },
      OCTOBER_15,
    );
    const [audit] = await auditEntries(db, { action: "members.statement", entityId: member.id });
    expect(audit).toMatchObject({ actorStaffId: manager.id, entityType: "member", storeId: member.homeStoreId });
    expect(audit!.details).toMatchObject({ from: "2025-03-01", to: "2025-03-31" });
  });

  it("is refused to after-sales staff, who lack loyalty.statement", async () => {
    const { store, member } = await goldMember();
    const afterSales = await createPrincipal(db, ["after_sales"], [store.id]);
    const attempt = createMemberStatement(
      db,
      afterSales,
      afterSales.actor,
      { memberId: member.id, ...MARCH },
      { labels: labels["zh-CN"], locale: "zh-CN" },
    );
    await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
    expect(await auditEntries(db, { action: "members.statement", entityId: member.id })).toEqual([]);
  });

  it("does not find a member of another store", async () => {
    const { member } = await goldMember();
    const elsewhere = await createTestStore(db);
    const service = await createPrincipal(db, ["service"], [elsewhere.id]);
    const attempt = createMemberStatement(
      db,
      service,
      service.actor,
      { memberId: member.id, ...MARCH },
      { labels: labels["zh-CN"], locale: "zh-CN" },
    );
    await expect(attempt).rejects.toMatchObject({ code: "not_found" });
    await expect(
      createMemberStatement(
        db,
        service,
        service.actor,
        { memberId: "not-a-uuid", ...MARCH },
        { labels: labels["zh-CN"], locale: "zh-CN" },
      ),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await auditEntries(db, { action: "members.statement", entityId: member.id })).toEqual([]);
  });

  it("refuses a period that ends before it starts, lasts more than three years or is not dates", async () => {
    const { member, manager } = await goldMember();
    const render = { labels: labels["zh-CN"], locale: "zh-CN" };
    const refusal = async (period: { from?: unknown; to?: unknown }) => {
      const error = await createMemberStatement(
        db,
        manager,
        manager.actor,
        { memberId: member.id, ...period },
        render,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("validation");
      return (error as AppError).fieldErrors;
    };
    expect(await refusal({ from: "2025-03-31", to: "2025-03-01" })).toEqual({ to: ["statementPeriodOrder"] });
    expect(await refusal({ from: "2022-01-01", to: "2025-01-01" })).toEqual({ to: ["statementPeriodTooLong"] });
    expect(await refusal({ from: "2025-02-30", to: undefined })).toMatchObject({
      from: ["statementDateInvalid"],
      to: ["statementDateInvalid"],
    });
    // Days PostgreSQL and the date arithmetic cannot take: a field error, not a crash.
    expect(await refusal({ from: "0001-01-01", to: "0001-12-31" })).toEqual({
      from: ["dateOutOfRange"],
      to: ["dateOutOfRange"],
    });
    expect(await refusal({ from: "0000-01-01", to: "2025-01-01" })).toEqual({ from: ["dateOutOfRange"] });
    // Exactly three years is allowed.
    await expect(
      createMemberStatement(
        db,
        manager,
        manager.actor,
        { memberId: member.id, from: "2022-01-01", to: "2024-12-31" },
        render,
        OCTOBER_15,
      ),
    ).resolves.toBeTruthy();
  });
});

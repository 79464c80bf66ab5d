import { inflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { serviceTickets } from "@/db/schema";
import { hashTrackingToken } from "@/lib/after-sales/tracking/service";
import { staffRoute, type StaffRouteDeps } from "@/lib/api/staff-route";
import type { Locale } from "@/lib/i18n/config";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertJewelryItem, insertServiceTicket, type TestTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { loadIntakeDocumentLabels } from "./labels";
import { qrDrawing } from "./qr";
import { bagTagRoute, intakeReceiptRoute } from "./routes";
import { createBagTag, createIntakeReceipt, ticketStaffUrl } from "./service";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let afterSales: StaffAccount;
let manager: StaffAccount;
let advisor: StaffAccount;
let otherManager: StaffAccount;
let ticket: TestTicket;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" });
  otherStore = await createTestStore(db);
  afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
  manager = await createTestAccount(db, ["manager"], [store.id]);
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  const member = await insertMember(db, { storeId: store.id, name: "王小明", phone: "+8613812345678" });
  const item = await insertJewelryItem(db, {
    memberId: member.id,
    storeId: store.id,
    name: "18K 钻石对戒",
    category: "ring",
    material: "18K 白金",
    stones: "主石 0.3 克拉",
    certificateNo: "GIA 2141438167",
  });
  ticket = await insertServiceTicket(db, {
    memberId: member.id,
    storeId: store.id,
    itemId: item.id,
    reference: "SV-20261205-0007",
    serviceType: "stone_tightening",
    weightInCg: 1_234,
    stoneCountIn: 7,
    conditionNotes: "主石松动，戒臂有细划痕",
    declaredValueFen: 1_288_000,
    priceBasis: "warranty",
    listPriceFen: 10_000,
    chargeFen: 0,
    estimatedFeeFen: 0,
    promisedOn: "2026-12-20",
    claimCode: "482913",
    createdAt: new Date("2026-12-05T06:30:00Z"),
  });
});

const render = (locale: Locale) => ({ labels: loadIntakeDocumentLabels(locale), locale });
const actorOf = (staff: StaffAccount) => ({ staffId: staff.id, username: staff.username, ip: "127.0.0.1" });
const ISSUED = new Date("2026-12-05T07:00:00Z");

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

/** The filled paths ("f") of the PDF's content streams, inflated. */
function filledPaths(pdf: Buffer): number {
  const text = pdf.toString("latin1");
  let fills = 0;
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    try {
      const content = inflateSync(pdf.subarray(start, text.indexOf("endstream", start))).toString("latin1");
      fills += content.match(/\nf\n/g)?.length ?? 0;
    } catch {
      // Not a deflated stream (an embedded font's raw bytes).
    }
  }
  return fills;
}

async function storedHash(ticketId: string) {
  const [row] = await db
    .select({ hash: serviceTickets.trackingTokenHash })
    .from(serviceTickets)
    .where(eq(serviceTickets.id, ticketId));
  return row!.hash;
}

describe("the intake receipt", () => {
  it("prints in Chinese: store, reference, masked member, piece, weight to 0.01 g, service, price, dates, claim code and a working tracking link", async () => {
    const before = await storedHash(ticket.id);
    const { pdf, filename, trackingUrl } = await createIntakeReceipt(
      db,
      afterSales,
      actorOf(afterSales),
      ticket.id,
      render("zh-CN"),
      ISSUED,
    );
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(filename).toBe("service-receipt-SV-20261205-0007.pdf");
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBe(1);
    const text = await pdfText(pdf);
    for (const expected of [
      "售后服务受理单",
      "静安嘉里中心店",
      "SV-20261205-0007",
      "王*明",
      "138****5678",
      "18K 钻石对戒",
      "戒指",
      "18K 白金",
      "12.34 g",
      "7 颗（主石 0.3 克拉）",
      "GIA 2141438167",
      "主石松动，戒臂有细划痕",
      "镶石加固",
      "¥12,880.00",
      "保修期内（免费）",
      "¥0.00",
      "2026年12月20日",
      "取件码",
      "482913",
      "当面复称重量",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/2026\s*年\s*12\s*月\s*5\s*日\s*14:30/);
    expect(text).not.toContain("王小明");
    expect(text).not.toContain("13812345678");

    // Only the hash is kept: the receipt carries a new token, and the stored hash is now its hash.
    const token = /\/track\/([A-Za-z0-9_-]+)/.exec(trackingUrl)![1]!;
    expect(trackingUrl).toBe(`http://localhost:3000/track/${token}`);
    expect(token).toHaveLength(32);
    expect(text.replace(/\s+/g, "")).toContain(trackingUrl);
    expect(await storedHash(ticket.id)).toBe(hashTrackingToken(token));
    expect(await storedHash(ticket.id)).not.toBe(before);
    expect(hashTrackingToken(ticket.trackingToken)).toBe(before);

    const [audit] = await auditEntries(db, { action: "after_sales.ticket.receipt", entityId: ticket.id });
    expect(audit).toMatchObject({ actorStaffId: afterSales.id, storeId: store.id });
    expect(audit!.details).toMatchObject({ reference: "SV-20261205-0007", locale: "zh-CN" });
    const written = JSON.stringify(audit!.details);
    for (const secret of ["482913", token, "王小明"]) expect(written).not.toContain(secret);
  });

  it("prints in English, and a reprint retires the earlier link", async () => {
    const first = await createIntakeReceipt(db, manager, actorOf(manager), ticket.id, render("en"), ISSUED);
    const second = await createIntakeReceipt(db, manager, actorOf(manager), ticket.id, render("en"), ISSUED);
    expect(second.trackingUrl).not.toBe(first.trackingUrl);
    const token = (url: string) => url.slice(url.lastIndexOf("/") + 1);
    expect(await storedHash(ticket.id)).toBe(hashTrackingToken(token(second.trackingUrl)));
    expect((await getDocumentProxy(new Uint8Array(second.pdf))).numPages).toBe(1);
    const text = await pdfText(second.pdf);
    for (const expected of [
      "Service intake receipt",
      "Jing'an Kerry Centre",
      "Stone tightening",
      "Ring",
      "12.34 g",
      "7 stones (主石 0.3 克拉)",
      "Under warranty (free)",
      "Claim code",
      "482913",
      "December 20, 2026",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("is not printed while the claim is locked after wrong codes, for another store, or without aftersales.intake", async () => {
    const locked = await insertServiceTicket(db, {
      memberId: ticket.memberId,
      storeId: store.id,
      claimLockedAt: new Date(),
    });
    const hash = await storedHash(locked.id);
    const error = await expectAppError(
      createIntakeReceipt(db, manager, actorOf(manager), locked.id, render("zh-CN")),
      "conflict",
    );
    expect(error.messageKey).toBe("intakeReceiptClaimLocked");
    expect(await storedHash(locked.id)).toBe(hash);
    await expectAppError(
      createIntakeReceipt(db, otherManager, actorOf(otherManager), ticket.id, render("zh-CN")),
      "not_found",
    );
    await expectAppError(createIntakeReceipt(db, advisor, actorOf(advisor), ticket.id, render("zh-CN")), "forbidden");
    expect(await auditEntries(db, { action: "after_sales.ticket.receipt", entityId: locked.id })).toEqual([]);
  });
});

describe("the bag tag", () => {
  it("prints the reference, the piece, the weight in and the promised date, and no claim code nor customer", async () => {
    const { pdf, filename } = await createBagTag(db, afterSales, actorOf(afterSales), ticket.id, render("zh-CN"));
    expect(filename).toBe("bag-tag-SV-20261205-0007.pdf");
    const text = await pdfText(pdf);
    for (const expected of [
      "SV-20261205-0007",
      "戒指",
      "18K 钻石对戒",
      "12.34 g",
      "镶石加固",
      "2026年12月20日",
      "扫码打开服务单",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("482913");
    expect(text).not.toContain("王*明");
    expect(text).not.toContain("138");
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBe(1);
    const page = await document.getPage(1);
    const [, , width, height] = page.view;
    // 60 × 90 mm in points.
    expect(width).toBeCloseTo(170.08, 1);
    expect(height).toBeCloseTo(255.12, 1);
    // The QR code of the ticket's staff page is drawn as vector: one filled path per run of dark modules.
    const qr = qrDrawing(ticketStaffUrl(ticket.id));
    expect(qr.rects.length).toBeGreaterThan(100);
    expect(filledPaths(pdf)).toBeGreaterThanOrEqual(qr.rects.length);
    const [audit] = await auditEntries(db, { action: "after_sales.ticket.tag", entityId: ticket.id });
    expect(audit).toMatchObject({ actorStaffId: afterSales.id, storeId: store.id });
  });
});

describe("the download routes", () => {
  const deps = (staff: StaffAccount | null, locale: Locale = "zh-CN"): StaffRouteDeps => ({
    currentStaff: async () => staff,
    db: () => db,
    locale: async () => locale,
  });
  const context = (id: string) => ({ params: Promise.resolve({ id }) });
  const get = (kind: "receipt" | "tag", id: string, query = "", headers: Record<string, string> = {}) =>
    new Request(`http://portal.test/after-sales/tickets/${id}/${kind}${query}`, { headers });

  let hashBefore: string;
  beforeAll(async () => {
    hashBefore = await storedHash(ticket.id);
  });

  it("refuse a GET a browser marks cross-site before anything runs (the link is not reissued)", async () => {
    for (const [kind, definition] of [
      ["receipt", intakeReceiptRoute],
      ["tag", bagTagRoute],
    ] as const) {
      let sessions = 0;
      const route = staffRoute(definition, { ...deps(manager), currentStaff: async () => (sessions++, manager) });
      const response = await route(get(kind, ticket.id, "", { "Sec-Fetch-Site": "cross-site" }), context(ticket.id));
      expect(response.status).toBe(403);
      expect(sessions).toBe(0);
    }
    expect(await storedHash(ticket.id)).toBe(hashBefore);
  });

  it("serve the PDF in ?lang= or the staff member's language, no-store, and audit each download", async () => {
    const audits = (await auditEntries(db, { action: "after_sales.ticket.receipt", entityId: ticket.id })).length;
    const receipt = await staffRoute(intakeReceiptRoute, deps(afterSales, "zh-CN"))(
      get("receipt", ticket.id, "?lang=en", { "Sec-Fetch-Site": "same-origin" }),
      context(ticket.id),
    );
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("content-type")).toBe("application/pdf");
    expect(receipt.headers.get("cache-control")).toBe("no-store");
    expect(receipt.headers.get("content-disposition")).toBe(
      'attachment; filename="service-receipt-SV-20261205-0007.pdf"',
    );
    expect(await pdfText(new Uint8Array(await receipt.arrayBuffer()))).toContain("Service intake receipt");
    expect(await auditEntries(db, { action: "after_sales.ticket.receipt", entityId: ticket.id })).toHaveLength(
      audits + 1,
    );
    const tag = await staffRoute(bagTagRoute, deps(afterSales, "en"))(get("tag", ticket.id), context(ticket.id));
    expect(tag.status).toBe(200);
    expect(await pdfText(new Uint8Array(await tag.arrayBuffer()))).toContain("Scan to open the ticket");
  });

  it("answer 404 for another store's ticket or a malformed id, 403 without aftersales.intake, 401 without a session", async () => {
    for (const definition of [intakeReceiptRoute, bagTagRoute]) {
      expect(
        (await staffRoute(definition, deps(otherManager))(get("receipt", ticket.id), context(ticket.id))).status,
      ).toBe(404);
      expect((await staffRoute(definition, deps(manager))(get("receipt", "x"), context("x"))).status).toBe(404);
      expect((await staffRoute(definition, deps(advisor))(get("receipt", ticket.id), context(ticket.id))).status).toBe(
        403,
      );
      expect((await staffRoute(definition, deps(null))(get("receipt", ticket.id), context(ticket.id))).status).toBe(
        401,
      );
      const badLang = await staffRoute(definition, deps(manager))(
        get("receipt", ticket.id, "?lang=fr"),
        context(ticket.id),
      );
      expect(badLang.status).toBe(422);
    }
    expect(await auditEntries(db, { action: "after_sales.ticket.receipt", actorStaffId: otherManager.id })).toEqual([]);
  });
});

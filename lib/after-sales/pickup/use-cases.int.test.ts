import { asc, eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { followUpCalls, outboundMessages, serviceTicketEvents, serviceTickets } from "@/db/schema";
import { changeTicketStatusUseCase } from "@/lib/after-sales/tickets/use-cases";
import { staffRoute } from "@/lib/api/staff-route";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { createPickupReceiptPdf } from "./receipt";
import { pickupReceiptPdfRoute } from "./routes";
import { pickUpTicketUseCase, unlockClaimUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: StaffAccount;
let afterSales: StaffAccount;
let advisor: StaffAccount;
let otherManager: StaffAccount;
let memberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" });
  otherStore = await createTestStore(db);
  manager = await createTestAccount(db, ["manager"], [store.id], { displayName: "店长 李静" });
  afterSales = await createTestAccount(db, ["after_sales"], [store.id], { displayName: "售后 赵磊" });
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  memberId = (await insertMember(db, { storeId: store.id, name: "王小明" })).id;
});

/** A ticket ready for pickup: 23.45 g and 2 stones in, claim code 482913. */
const readyTicket = (extra: Partial<typeof serviceTickets.$inferInsert> = {}) =>
  insertServiceTicket(db, {
    memberId,
    storeId: store.id,
    status: "ready_for_pickup",
    weightInCg: 2345,
    stoneCountIn: 2,
    readyAt: new Date(),
    ...extra,
  });

const pickup = (ticketId: string, overrides: Record<string, unknown> = {}) => ({
  ticketId,
  claimCode: "482913",
  weightOut: "23.45",
  stoneCountOut: "2",
  weightNote: "",
  weightAcknowledged: false,
  ...overrides,
});

async function rowOf(id: string) {
  const [row] = await db.select().from(serviceTickets).where(eq(serviceTickets.id, id));
  return row!;
}

async function eventKinds(id: string) {
  const rows = await db
    .select({ kind: serviceTicketEvents.kind })
    .from(serviceTicketEvents)
    .where(eq(serviceTicketEvents.ticketId, id))
    .orderBy(asc(serviceTicketEvents.id));
  return rows.map((row) => row.kind);
}

describe(`claim code at pickup on ${testDriver()}`, () => {
  it("counts each wrong code (committed although the pickup is refused); the fifth locks; the right code is refused while locked", async () => {
    const ticket = await readyTicket();
    for (let attempt = 1; attempt <= 4; attempt++) {
      const error = await expectAppError(
        runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { claimCode: "000000" })),
        "validation",
      );
      expect(error.fieldErrors).toEqual({ claimCode: ["claimCodeWrong"] });
      expect(error.details).toEqual({ attemptsLeft: 5 - attempt });
      expect((await rowOf(ticket.id)).claimFailures).toBe(attempt);
    }
    const fifth = await expectAppError(
      runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { claimCode: "111111" })),
      "locked",
    );
    expect(fifth.messageKey).toBe("claimLocked");
    const locked = await rowOf(ticket.id);
    expect(locked).toMatchObject({ claimFailures: 5, status: "ready_for_pickup", pickedUpAt: null });
    expect(locked.claimLockedAt).not.toBeNull();
    expect(await eventKinds(ticket.id)).toEqual([...Array(5).fill("claim_failed"), "claim_locked"]);
    expect((await auditEntries(db, { entityId: ticket.id, action: "after_sales.ticket.claim_failed" })).length).toBe(5);
    expect((await auditEntries(db, { entityId: ticket.id, action: "after_sales.ticket.claim_locked" })).length).toBe(1);
    // No audit entry or event holds the code itself.
    expect(JSON.stringify(await auditEntries(db, { entityId: ticket.id }))).not.toMatch(/000000|111111|482913/);

    // Locked: even the right code is refused, and nothing more is counted.
    const right = await expectAppError(runAs(db, pickUpTicketUseCase, manager, pickup(ticket.id)), "locked");
    expect(right.messageKey).toBe("claimLocked");
    expect(await rowOf(ticket.id)).toMatchObject({ claimFailures: 5, status: "ready_for_pickup" });
  });

  it("a manager's unlock (with a note) clears the lock and the count; others may not; then the right code works", async () => {
    const ticket = await readyTicket({ claimFailures: 5, claimLockedAt: new Date() });
    // after_sales has no aftersales.unlock; another store's manager does not see the ticket.
    await expectAppError(runAs(db, unlockClaimUseCase, afterSales, { ticketId: ticket.id, note: "核实" }), "forbidden");
    await expectAppError(runAs(db, unlockClaimUseCase, advisor, { ticketId: ticket.id, note: "核实" }), "forbidden");
    await expectAppError(
      runAs(db, unlockClaimUseCase, otherManager, { ticketId: ticket.id, note: "核实" }),
      "not_found",
    );
    const blank = await expectAppError(
      runAs(db, unlockClaimUseCase, manager, { ticketId: ticket.id, note: "  " }),
      "validation",
    );
    expect(blank.fieldErrors).toEqual({ note: ["unlockNoteRequired"] });
    expect((await rowOf(ticket.id)).claimLockedAt).not.toBeNull();

    await runAs(db, unlockClaimUseCase, manager, { ticketId: ticket.id, note: "已核对身份证与收件单" });
    expect(await rowOf(ticket.id)).toMatchObject({ claimFailures: 0, claimLockedAt: null });
    const [event] = await db.select().from(serviceTicketEvents).where(eq(serviceTicketEvents.ticketId, ticket.id));
    expect(event).toMatchObject({ kind: "claim_unlocked", staffId: manager.id, note: "已核对身份证与收件单" });
    const [audit] = await auditEntries(db, { entityId: ticket.id, action: "after_sales.ticket.claim_unlock" });
    expect(audit).toMatchObject({ actorStaffId: manager.id, storeId: store.id });
    expect(audit!.details).toMatchObject({ failures: 5 });

    await expectAppError(runAs(db, unlockClaimUseCase, manager, { ticketId: ticket.id, note: "再次" }), "conflict");
    await runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id));
    expect((await rowOf(ticket.id)).status).toBe("picked_up");
  });

  it("refuses malformed codes on the field without counting them", async () => {
    const ticket = await readyTicket();
    for (const claimCode of ["48291", "4829134", "abcdef", "", "48291\u0000"]) {
      const error = await expectAppError(
        runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { claimCode })),
        "validation",
      );
      expect(Object.keys(error.fieldErrors ?? {}).some((f) => f.startsWith("claimCode"))).toBe(true);
    }
    expect((await rowOf(ticket.id)).claimFailures).toBe(0);
  });

  it("only a ticket ready for pickup can be picked up; roles and stores are checked", async () => {
    const inRepair = await insertServiceTicket(db, { memberId, storeId: store.id, status: "in_repair" });
    const wrong = await expectAppError(runAs(db, pickUpTicketUseCase, afterSales, pickup(inRepair.id)), "conflict");
    expect(wrong.messageKey).toBe("ticketWrongStatus");
    expect((await rowOf(inRepair.id)).claimFailures).toBe(0);

    const ticket = await readyTicket();
    await expectAppError(runAs(db, pickUpTicketUseCase, advisor, pickup(ticket.id)), "forbidden");
    await expectAppError(runAs(db, pickUpTicketUseCase, otherManager, pickup(ticket.id)), "not_found");
    await expectAppError(
      runAs(db, pickUpTicketUseCase, otherManager, pickup(ticket.id, { claimCode: "000000" })),
      "not_found",
    );
    expect(await rowOf(ticket.id)).toMatchObject({ status: "ready_for_pickup", claimFailures: 0 });
  });

  describe.runIf(testDriver() === "postgres")("races (PostgreSQL only)", () => {
    it("twelve simultaneous wrong codes record exactly five failures and lock the ticket", async () => {
      const ticket = await readyTicket();
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          runAs(db, pickUpTicketUseCase, i % 2 ? manager : afterSales, pickup(ticket.id, { claimCode: "000000" })),
        ),
      );
      const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "ok"));
      expect(codes.filter((c) => c === "validation")).toHaveLength(4);
      expect(codes.filter((c) => c === "locked")).toHaveLength(8);
      const row = await rowOf(ticket.id);
      expect(row.claimFailures).toBe(5);
      expect(row.claimLockedAt).not.toBeNull();
      const kinds = await eventKinds(ticket.id);
      expect(kinds.filter((k) => k === "claim_failed")).toHaveLength(5);
      expect(kinds.filter((k) => k === "claim_locked")).toHaveLength(1);
    });

    it("two simultaneous pickups with the right code hand the piece back once", async () => {
      const ticket = await readyTicket();
      const results = await Promise.allSettled([
        runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id)),
        runAs(db, pickUpTicketUseCase, manager, pickup(ticket.id, { weightOut: "23.44" })),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const kinds = await eventKinds(ticket.id);
      expect(kinds).toEqual(["status"]);
    });
  });
});

describe(`weight at pickup on ${testDriver()}`, () => {
  it("0.01 g either way passes without a note; the weight out, stones, who and when are stored", async () => {
    for (const weightOut of ["23.46", "23.44", "23.45", "23.4"]) {
      const ticket = await readyTicket({ weightInCg: weightOut === "23.4" ? 2341 : 2345 });
      const result = await runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { weightOut }));
      const row = await rowOf(ticket.id);
      expect(row).toMatchObject({
        status: "picked_up",
        weightOutCg: Math.round(Number(weightOut) * 100),
        stoneCountOut: 2,
        weightNote: null,
        weightAcknowledged: false,
        pickedUpBy: afterSales.id,
      });
      expect(row.pickedUpAt).not.toBeNull();
      expect(Math.abs(result.differenceCg)).toBeLessThanOrEqual(1);
      // The follow-up calls are on the call list from the pickup on (the job is the backstop).
      const calls = await db
        .select({ kind: followUpCalls.kind })
        .from(followUpCalls)
        .where(eq(followUpCalls.ticketId, ticket.id))
        .orderBy(asc(followUpCalls.kind));
      expect(calls.map((c) => c.kind)).toEqual(["day_3", "day_30"]);
    }
  });

  it("0.02 g needs the note and the customer's acknowledgement, each refused on its field; nothing changes until both", async () => {
    const ticket = await readyTicket();
    const none = await expectAppError(
      runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { weightOut: "23.47" })),
      "validation",
    );
    expect(none.fieldErrors).toEqual({
      weightNote: ["weightNoteRequired"],
      weightAcknowledged: ["weightAcknowledgementRequired"],
    });
    const noAck = await expectAppError(
      runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { weightOut: "23.47", weightNote: "清洗后增重" })),
      "validation",
    );
    expect(noAck.fieldErrors).toEqual({ weightAcknowledged: ["weightAcknowledgementRequired"] });
    const noNote = await expectAppError(
      runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { weightOut: "23.43", weightAcknowledged: true })),
      "validation",
    );
    expect(noNote.fieldErrors).toEqual({ weightNote: ["weightNoteRequired"] });
    expect(await rowOf(ticket.id)).toMatchObject({ status: "ready_for_pickup", claimFailures: 0, weightOutCg: null });

    await runAs(
      db,
      pickUpTicketUseCase,
      afterSales,
      pickup(ticket.id, { weightOut: "23.47", weightNote: "电镀层增重 0.02 克", weightAcknowledged: true }),
    );
    expect(await rowOf(ticket.id)).toMatchObject({
      status: "picked_up",
      weightOutCg: 2347,
      weightNote: "电镀层增重 0.02 克",
      weightAcknowledged: true,
    });
    const [audit] = await auditEntries(db, { entityId: ticket.id, action: "after_sales.ticket.pickup" });
    expect(audit!.details).toMatchObject({ weightInCg: 2345, weightOutCg: 2347, differenceCg: 2, acknowledged: true });
  });

  it("a different number of stones needs the note and the acknowledgement too", async () => {
    const ticket = await readyTicket();
    const error = await expectAppError(
      runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { stoneCountOut: "1" })),
      "validation",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["weightAcknowledged", "weightNote"]);
  });

  it("refuses bad weights and stones on their field (never a server error), and nothing changes", async () => {
    const ticket = await readyTicket();
    const cases: [Record<string, unknown>, string][] = [
      [{ weightOut: "abc" }, "weightOut"],
      [{ weightOut: "0" }, "weightOut"],
      [{ weightOut: "0.00" }, "weightOut"],
      [{ weightOut: "-1" }, "weightOut"],
      [{ weightOut: "23.456" }, "weightOut"],
      [{ weightOut: "1e3" }, "weightOut"],
      [{ weightOut: "999999" }, "weightOut"],
      [{ stoneCountOut: "" }, "stoneCountOut"],
      [{ stoneCountOut: "-1" }, "stoneCountOut"],
      [{ stoneCountOut: "2.5" }, "stoneCountOut"],
      [{ weightNote: "x".repeat(501) }, "weightNote"],
      [{ weightNote: "坏\u0000" }, "weightNote"],
      [{ weightAcknowledged: "yes" }, "weightAcknowledged"],
    ];
    for (const [overrides, field] of cases) {
      const error = await expectAppError(
        runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, overrides)),
        "validation",
      );
      expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(overrides)).toContain(field);
    }
    expect(await rowOf(ticket.id)).toMatchObject({ status: "ready_for_pickup", claimFailures: 0 });
  });

  it("ends a ready message still waiting to be sent", async () => {
    const ticket = await insertServiceTicket(db, { memberId, storeId: store.id, status: "quality_check" });
    await runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: ticket.id, to: "ready_for_pickup" });
    await runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id, { weightOut: "23.45", stoneCountOut: "0" }));
    const rows = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.dedupeKey, `service_ready:${ticket.id}`));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === "skipped")).toBe(true);
  });
});

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

describe(`the pickup receipt PDF on ${testDriver()}`, () => {
  it("prints the reference, piece, weights to 0.01 g, the difference, the note, stones, time and staff, in Chinese and English", async () => {
    const item = await insertJewelryItem(db, {
      memberId,
      storeId: store.id,
      name: "足金古法手镯",
      category: "bracelet",
      material: "足金 999",
    });
    const ticket = await readyTicket({ itemId: item.id, serviceType: "polishing" });
    await runAs(
      db,
      pickUpTicketUseCase,
      afterSales,
      pickup(ticket.id, { weightOut: "23.48", weightNote: "抛光后略有增重，已向顾客说明", weightAcknowledged: true }),
    );
    const actor = { staffId: manager.id, username: manager.username, ip: null };
    const zh = await createPickupReceiptPdf(db, manager, actor, ticket.id, "zh-CN");
    expect(zh.pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(zh.filename).toBe(`pickup-${ticket.reference.toLowerCase()}.pdf`);
    const text = await pdfText(zh.pdf);
    for (const expected of [
      "取件确认单",
      ticket.reference,
      "足金古法手镯",
      "手镯/手链",
      "足金 999",
      "抛光",
      "23.45 克",
      "23.48 克",
      "+0.03 克",
      "抛光后略有增重，已向顾客说明",
      "顾客已查看饰品、重量及宝石，并确认上述差异。",
      "售后 赵磊",
      "王*明",
      "静安嘉里中心店",
      "顾客签名",
    ]) {
      expect(text.replace(/\s+/g, ""), expected).toContain(expected.replace(/\s+/g, ""));
    }
    expect(text).not.toContain("王小明");
    expect(text).not.toContain("482913");

    const en = await pdfText((await createPickupReceiptPdf(db, manager, actor, ticket.id, "en")).pdf);
    for (const expected of [
      "Pickup receipt",
      "23.45 g",
      "23.48 g",
      "+0.03 g",
      "Bracelet",
      "Polishing",
      "Jing'an Kerry Centre",
    ]) {
      expect(en, expected).toContain(expected);
    }
    expect((await auditEntries(db, { entityId: ticket.id, action: "after_sales.ticket.pickup_receipt" })).length).toBe(
      2,
    );
  });

  it("has no receipt before pickup (conflict), none for another store's ticket (not found); the route refuses cross-site", async () => {
    const ticket = await readyTicket();
    const actor = { staffId: manager.id, username: manager.username, ip: null };
    const early = await expectAppError(createPickupReceiptPdf(db, manager, actor, ticket.id, "zh-CN"), "conflict");
    expect(early.messageKey).toBe("ticketNotPickedUp");
    await runAs(db, pickUpTicketUseCase, afterSales, pickup(ticket.id));
    await expectAppError(
      createPickupReceiptPdf(db, otherManager, { ...actor, staffId: otherManager.id }, ticket.id, "zh-CN"),
      "not_found",
    );

    const deps = (who: StaffAccount | null) => ({
      currentStaff: async () => who,
      db: () => db,
      locale: async () => "zh-CN" as const,
    });
    const get = (id: string, headers: Record<string, string> = {}, query = "") =>
      new Request(`http://localhost/after-sales/tickets/${id}/pickup-receipt${query}`, { headers });
    const context = (id: string) => ({ params: Promise.resolve({ id }) });

    const crossSite = await staffRoute(pickupReceiptPdfRoute, deps(manager))(
      get(ticket.id, { "Sec-Fetch-Site": "cross-site" }),
      context(ticket.id),
    );
    expect(crossSite.status).toBe(403);
    expect((await staffRoute(pickupReceiptPdfRoute, deps(null))(get(ticket.id), context(ticket.id))).status).toBe(401);
    expect(
      (await staffRoute(pickupReceiptPdfRoute, deps(otherManager))(get(ticket.id), context(ticket.id))).status,
    ).toBe(404);
    expect((await staffRoute(pickupReceiptPdfRoute, deps(manager))(get("junk"), context("junk"))).status).toBe(404);
    expect(
      (await staffRoute(pickupReceiptPdfRoute, deps(manager))(get(ticket.id, {}, "?lang=xx"), context(ticket.id)))
        .status,
    ).toBe(422);
    const ok = await staffRoute(pickupReceiptPdfRoute, deps(advisor))(
      get(ticket.id, { "Sec-Fetch-Site": "same-origin" }, "?lang=en"),
      context(ticket.id),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Type")).toBe("application/pdf");
    expect(ok.headers.get("Cache-Control")).toBe("no-store");
    expect(await pdfText(new Uint8Array(await ok.arrayBuffer()))).toContain("Pickup receipt");
  });
});

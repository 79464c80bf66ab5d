import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appointmentEvents, appointments, appointmentTypes, rooms } from "@/db/schema";
import { staffRoute, type StaffRouteDeps } from "@/lib/api/staff-route";
import type { Locale } from "@/lib/i18n/config";
import type { StaffAccount } from "@/lib/staff/principal";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { visitEventUid } from "./ics";
import { loadConfirmationLabels } from "./labels";
import { visitConfirmationIcsRoute, visitConfirmationPdfRoute } from "./routes";
import { createVisitConfirmationIcs, createVisitConfirmationPdf } from "./service";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisor: StaffAccount;
let manager: StaffAccount;
let otherManager: StaffAccount;
let typeId: string;
let roomId: string;
let memberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" });
  otherStore = await createTestStore(db);
  advisor = await createTestAccount(db, ["advisor"], [store.id], { displayName: "李顾问" });
  manager = await createTestAccount(db, ["manager"], [store.id]);
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  const [type] = await db
    .insert(appointmentTypes)
    .values({ code: `t${uniqueSuffix(8)}`, nameZh: "私人鉴赏", nameEn: "Private viewing", durationMin: 60 })
    .returning();
  typeId = type!.id;
  const [room] = await db
    .insert(rooms)
    .values({ storeId: store.id, name: "贵宾室一", nameEn: "VIP Room 1" })
    .returning();
  roomId = room!.id;
  memberId = (await insertMember(db, { storeId: store.id, name: "王小明", advisorId: advisor.id })).id;
});

const render = (locale: Locale) => ({ labels: loadConfirmationLabels(locale), locale });
const ISSUED = new Date("2030-03-01T02:00:00Z");

let visits = 0;
/** A visit of the advisor, 14:00–15:00 local (06:00–07:00 UTC) on a day of its own in March 2030. */
async function visit(status: (typeof appointments.$inferInsert)["status"] = "confirmed") {
  const day = 11 + visits++;
  const startsAt = new Date(`2030-03-${String(day).padStart(2, "0")}T06:00:00Z`);
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  const [row] = await db
    .insert(appointments)
    .values({
      storeId: store.id,
      memberId,
      typeId,
      advisorId: advisor.id,
      roomId,
      startsAt,
      endsAt,
      blockedUntil: endsAt,
      status,
      note: "想看翡翠手镯",
    })
    .returning({ id: appointments.id });
  return row!.id;
}

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

/** The calendar's content lines, folded lines joined again (RFC 5545 §3.1). */
function icsLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("the confirmation PDF", () => {
  let appointmentId: string;
  beforeAll(async () => {
    appointmentId = await visit();
  });

  it("renders in Chinese: the type, store, date and time in the store's zone, advisor, room, note and policy", async () => {
    const { pdf, filename } = await createVisitConfirmationPdf(
      db,
      manager,
      { staffId: manager.id, username: manager.username, ip: "127.0.0.1" },
      appointmentId,
      render("zh-CN"),
      ISSUED,
    );
    expect(pdf.length).toBeGreaterThan(1000);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(filename).toBe(`appointment-20300311-${appointmentId.slice(0, 8)}.pdf`);
    const text = await pdfText(pdf);
    expect(text).toContain("预约确认函");
    expect(text).toContain("尊敬的会员");
    expect(text).toContain("王*明");
    expect(text).not.toContain("王小明");
    expect(text).toContain("私人鉴赏");
    expect(text).toContain("静安嘉里中心店");
    expect(text).toMatch(/2030\s*年\s*3\s*月\s*11\s*日/);
    expect(text).toMatch(/14:00\s*–\s*15:00/);
    expect(text).toContain("李顾问");
    expect(text).toContain("贵宾室一");
    expect(text).toContain("想看翡翠手镯");
    expect(text).toContain("如需改期或取消，请致电门店");
  });

  it("renders in English when asked", async () => {
    const { pdf } = await createVisitConfirmationPdf(
      db,
      manager,
      { staffId: manager.id, username: manager.username, ip: null },
      appointmentId,
      render("en"),
      ISSUED,
    );
    const text = await pdfText(pdf);
    expect(text).toContain("Appointment confirmation");
    expect(text).toContain("Dear member 王*明");
    expect(text).toContain("Private viewing");
    expect(text).toContain("Jing'an Kerry Centre");
    expect(text).toContain("VIP Room 1");
    expect(text).toContain("To reschedule or cancel, please call the store.");
  });

  it("does not find another store's appointment, and is not made without appointments.read", async () => {
    const actor = { staffId: otherManager.id, username: otherManager.username, ip: null };
    await expectAppError(
      createVisitConfirmationPdf(db, otherManager, actor, appointmentId, render("zh-CN")),
      "not_found",
    );
    const afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
    await expectAppError(
      createVisitConfirmationPdf(db, afterSales, { ...actor, staffId: afterSales.id }, appointmentId, render("zh-CN")),
      "forbidden",
    );
    expect(await auditEntries(db, { action: "appointment.confirmation_pdf", actorStaffId: otherManager.id })).toEqual(
      [],
    );
  });
});

describe("the calendar file", () => {
  const actor = () => ({ staffId: advisor.id, username: advisor.username, ip: null });

  it("is one VEVENT with a stable UID, UTC times, the type and store, and SEQUENCE 0 before any reschedule", async () => {
    const appointmentId = await visit();
    const { ics, filename } = await createVisitConfirmationIcs(
      db,
      advisor,
      actor(),
      appointmentId,
      render("zh-CN"),
      ISSUED,
    );
    expect(filename).toMatch(/^appointment-2030031\d-[0-9a-f]{8}\.ics$/);
    const lines = icsLines(ics);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toContain("END:VEVENT");
    expect(lines).toContain(`UID:${visitEventUid(appointmentId)}`);
    expect(lines.find((line) => line.startsWith("DTSTART"))).toMatch(/^DTSTART:2030031\dT060000Z$/);
    expect(lines.find((line) => line.startsWith("DTEND"))).toMatch(/^DTEND:2030031\dT070000Z$/);
    expect(lines).toContain("DTSTAMP:20300301T020000Z");
    expect(lines).toContain("SEQUENCE:0");
    expect(lines).toContain("STATUS:CONFIRMED");
    expect(lines).toContain("SUMMARY:私人鉴赏 · 静安嘉里中心店");
    expect(lines).toContain("LOCATION:静安嘉里中心店");
    const description = lines.find((line) => line.startsWith("DESCRIPTION:"))!;
    expect(description).toContain("李顾问");
    expect(description).toContain("想看翡翠手镯");
    expect(description).toContain("\\n");
    expect(ics).not.toContain("王小明");

    const again = await createVisitConfirmationIcs(db, advisor, actor(), appointmentId, render("en"), ISSUED);
    const englishLines = icsLines(again.ics);
    expect(englishLines).toContain(`UID:${visitEventUid(appointmentId)}`);
    expect(englishLines).toContain("SUMMARY:Private viewing · Jing'an Kerry Centre");
  });

  it("counts reschedules in SEQUENCE, and a cancelled visit is STATUS:CANCELLED with one more", async () => {
    const appointmentId = await visit();
    await db.insert(appointmentEvents).values([
      { appointmentId, kind: "booked" },
      { appointmentId, kind: "rescheduled" },
      { appointmentId, kind: "rescheduled" },
    ]);
    const moved = await createVisitConfirmationIcs(db, advisor, actor(), appointmentId, render("zh-CN"), ISSUED);
    expect(icsLines(moved.ics)).toContain("SEQUENCE:2");

    await db.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, appointmentId));
    await db.insert(appointmentEvents).values({ appointmentId, kind: "cancelled" });
    const cancelled = await createVisitConfirmationIcs(db, advisor, actor(), appointmentId, render("zh-CN"), ISSUED);
    const lines = icsLines(cancelled.ics);
    expect(lines).toContain("STATUS:CANCELLED");
    expect(lines).toContain("SEQUENCE:3");
    expect(lines).toContain(`UID:${visitEventUid(appointmentId)}`);
  });
});

describe("the download routes", () => {
  let appointmentId: string;
  beforeAll(async () => {
    appointmentId = await visit();
  });

  const deps = (staff: StaffAccount | null, locale: Locale = "zh-CN"): StaffRouteDeps => ({
    currentStaff: async () => staff,
    db: () => db,
    locale: async () => locale,
  });
  const context = (id: string) => ({ params: Promise.resolve({ id }) });
  const get = (kind: "pdf" | "ics", id: string, query = "", headers: Record<string, string> = {}) =>
    new Request(`http://portal.test/appointments/${id}/confirmation.${kind}${query}`, { headers });

  it("refuse a GET a browser marks cross-site before anything runs, and audit nothing", async () => {
    for (const [kind, definition] of [
      ["pdf", visitConfirmationPdfRoute],
      ["ics", visitConfirmationIcsRoute],
    ] as const) {
      let sessions = 0;
      const route = staffRoute(definition, { ...deps(manager), currentStaff: async () => (sessions++, manager) });
      const response = await route(
        get(kind, appointmentId, "", { "Sec-Fetch-Site": "cross-site" }),
        context(appointmentId),
      );
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      expect(sessions).toBe(0);
    }
    expect(await auditEntries(db, { action: "appointment.confirmation_pdf", entityId: appointmentId })).toEqual([]);
    expect(await auditEntries(db, { action: "appointment.confirmation_ics", entityId: appointmentId })).toEqual([]);
  });

  it("serve a same-origin download, in ?lang= or the staff member's language, and audit it", async () => {
    const pdfRoute = staffRoute(visitConfirmationPdfRoute, deps(manager, "zh-CN"));
    const pdf = await pdfRoute(
      get("pdf", appointmentId, "?lang=en", { "Sec-Fetch-Site": "same-origin", "x-forwarded-for": "203.0.113.9" }),
      context(appointmentId),
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("no-store");
    expect(pdf.headers.get("content-disposition")).toMatch(
      /^attachment; filename="appointment-\d{8}-[0-9a-f]{8}\.pdf"$/,
    );
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    expect(await pdfText(bytes)).toContain("Appointment confirmation");
    const [audit] = await auditEntries(db, { action: "appointment.confirmation_pdf", entityId: appointmentId });
    expect(audit).toMatchObject({
      actorStaffId: manager.id,
      entityType: "appointment",
      storeId: store.id,
      ip: "203.0.113.9",
      details: { locale: "en", status: "confirmed", sequence: 0 },
    });

    const icsRoute = staffRoute(visitConfirmationIcsRoute, deps(manager, "zh-CN"));
    const ics = await icsRoute(get("ics", appointmentId), context(appointmentId));
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(icsLines(await ics.text())).toContain("SUMMARY:私人鉴赏 · 静安嘉里中心店");
    expect(await auditEntries(db, { action: "appointment.confirmation_ics", entityId: appointmentId })).toHaveLength(1);
  });

  it("answer 404 for another store's appointment or an id that is not one, 403 without appointments.read, 401 signed out", async () => {
    const route = (staff: StaffAccount | null) => staffRoute(visitConfirmationPdfRoute, deps(staff));
    expect((await route(otherManager)(get("pdf", appointmentId), context(appointmentId))).status).toBe(404);
    expect((await route(manager)(get("pdf", "nope"), context("nope"))).status).toBe(404);
    const afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
    expect((await route(afterSales)(get("pdf", appointmentId), context(appointmentId))).status).toBe(403);
    expect((await route(null)(get("pdf", appointmentId), context(appointmentId))).status).toBe(401);
    expect((await route(manager)(get("pdf", appointmentId, "?lang=fr"), context(appointmentId))).status).toBe(422);
    expect(await auditEntries(db, { action: "appointment.confirmation_pdf", actorStaffId: otherManager.id })).toEqual(
      [],
    );
  });
});

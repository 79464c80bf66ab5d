import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, memberConsents, outboundMessages, serviceTicketEvents, serviceTickets } from "@/db/schema";
import { loadTrackedTicket } from "@/lib/after-sales/tracking/queries";
import { hashTrackingToken } from "@/lib/after-sales/tracking/service";
import { renderTemplate } from "@/lib/messaging/templates";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { errorOf, expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { openServiceTicketsForMember } from "@/lib/appointments/preparation/queries";
import { getComplaintDetail } from "@/lib/complaints/cases/queries";
import { logComplaintUseCase } from "@/lib/complaints/cases/use-cases";
import {
  getTicketDetail,
  listTickets,
  openTicketsForMember,
  ticketListParamsSchema,
  ticketQueueCounts,
} from "./queries";
import { notifyTicketReady } from "./service";
import { SERVICE_TICKET_STATUSES, transitionAllowed, type ServiceTicketStatus } from "./transitions";
import { addTicketNoteUseCase, changeTicketStatusUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: StaffAccount;
let afterSales: StaffAccount;
let advisor: StaffAccount;
let service: StaffAccount;
let admin: StaffAccount;
let otherManager: StaffAccount;
let memberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createTestAccount(db, ["manager"], [store.id], { displayName: "店长 李静" });
  afterSales = await createTestAccount(db, ["after_sales"], [store.id], { displayName: "售后 赵磊" });
  advisor = await createTestAccount(db, ["advisor"], [store.id]);
  service = await createTestAccount(db, ["service"], [store.id]);
  admin = await createTestAccount(db, ["admin"], [], { allStores: true });
  otherManager = await createTestAccount(db, ["manager"], [otherStore.id]);
  memberId = (await insertMember(db, { storeId: store.id, name: "王小明", phone: "+8613800001234" })).id;
});

const ticket = (status: ServiceTicketStatus = "received", extra: Partial<typeof serviceTickets.$inferInsert> = {}) =>
  insertServiceTicket(db, { memberId, storeId: store.id, status, ...extra });

async function rowOf(id: string) {
  const [row] = await db.select().from(serviceTickets).where(eq(serviceTickets.id, id));
  return row!;
}

async function eventsOf(id: string) {
  return db
    .select()
    .from(serviceTicketEvents)
    .where(eq(serviceTicketEvents.ticketId, id))
    .orderBy(asc(serviceTicketEvents.id));
}

describe(`service ticket workflow on ${testDriver()}`, () => {
  const pairs = SERVICE_TICKET_STATUSES.flatMap((from) => SERVICE_TICKET_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)(
    "%s → %s: allowed by the table, refused otherwise (pickup only through the pickup)",
    async (from, to) => {
      const created = await ticket(from);
      const input = { ticketId: created.id, to, reason: "顾客要求取消" };
      // A minute back, so that the transition's stamp is later even within the same millisecond.
      await db
        .update(serviceTickets)
        .set({ updatedAt: new Date(Date.now() - 60_000) })
        .where(eq(serviceTickets.id, created.id));
      const before = await rowOf(created.id);
      if (!transitionAllowed(from, to)) {
        const error = await expectAppError(runAs(db, changeTicketStatusUseCase, afterSales, input), "conflict");
        expect(error.messageKey).toBe("ticketWrongStatus");
        expect(error.details).toEqual({ status: from });
        expect(await rowOf(created.id)).toEqual(before);
        expect(await eventsOf(created.id)).toEqual([]);
        return;
      }
      if (to === "picked_up") {
        const error = await expectAppError(runAs(db, changeTicketStatusUseCase, afterSales, input), "conflict");
        expect(error.messageKey).toBe("ticketPickupOnly");
        expect((await rowOf(created.id)).status).toBe(from);
        return;
      }
      const result = await runAs(db, changeTicketStatusUseCase, afterSales, input);
      expect(result).toMatchObject({ ticketId: created.id, storeId: store.id, status: to });
      const row = await rowOf(created.id);
      expect(row.status).toBe(to);
      expect(row.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
      expect(row.readyAt !== null).toBe(to === "ready_for_pickup");
      expect(row.closedAt !== null).toBe(to === "closed");
      expect(row.cancelledAt !== null).toBe(to === "cancelled");
      expect(row.cancelReason).toBe(to === "cancelled" ? "顾客要求取消" : null);
      const events = await eventsOf(created.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: "status", fromStatus: from, toStatus: to, staffId: afterSales.id });
      const audits = await auditEntries(db, { entityId: created.id });
      expect(audits.map((a) => [a.action, a.details, a.storeId])).toEqual([
        [to === "cancelled" ? "after_sales.ticket.cancel" : "after_sales.ticket.status", { from, to }, store.id],
      ]);
    },
  );

  it("a cancellation needs a reason: empty, blank, too long or with a NUL is refused on the field, nothing changes", async () => {
    const created = await ticket("in_repair");
    for (const reason of [undefined, "", "   ", "x".repeat(501), "坏\u0000了"]) {
      const error = await expectAppError(
        runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "cancelled", reason }),
        "validation",
      );
      expect(error.fieldErrors?.reason?.length, JSON.stringify(reason)).toBeGreaterThan(0);
    }
    expect((await rowOf(created.id)).status).toBe("in_repair");
    await runAs(db, changeTicketStatusUseCase, afterSales, {
      ticketId: created.id,
      to: "cancelled",
      reason: "  顾客改到品牌专柜维修  ",
    });
    const row = await rowOf(created.id);
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "顾客改到品牌专柜维修" });
    expect((await eventsOf(created.id)).at(-1)).toMatchObject({ note: "顾客改到品牌专柜维修" });
    // A final state: nothing moves it any more.
    const again = await expectAppError(
      runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "cancelled", reason: "再次" }),
      "conflict",
    );
    expect(again.messageKey).toBe("ticketWrongStatus");
  });

  it("refuses unknown statuses, malformed ids and self-granted fields as input", async () => {
    const created = await ticket("received");
    await expectAppError(
      runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "shipped" }),
      "validation",
    );
    await expectAppError(
      runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: "not-a-uuid", to: "at_workshop" }),
      "validation",
    );
    // Extra keys are dropped by the schema: a client cannot set the store, the status or the claim code.
    await runAs(db, changeTicketStatusUseCase, afterSales, {
      ticketId: created.id,
      to: "at_workshop",
      storeId: otherStore.id,
      claimCode: "000000",
      status: "closed",
    });
    expect(await rowOf(created.id)).toMatchObject({ status: "at_workshop", storeId: store.id, claimCode: "482913" });
  });

  it("two simultaneous clicks run one after the other: the second finds the new status", async () => {
    const created = await ticket("received");
    const results = await Promise.allSettled([
      runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "at_workshop" }),
      runAs(db, changeTicketStatusUseCase, manager, { ticketId: created.id, to: "at_workshop" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "conflict", messageKey: "ticketWrongStatus" });
    expect((await rowOf(created.id)).status).toBe("at_workshop");
    expect(await eventsOf(created.id)).toHaveLength(1);
  });

  it("two different steps at the same moment (back to repair, ready for pickup): exactly one applies", async () => {
    const created = await ticket("quality_check");
    const results = await Promise.allSettled([
      runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "in_repair", note: "抛光不足" }),
      runAs(db, changeTicketStatusUseCase, manager, { ticketId: created.id, to: "ready_for_pickup" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await rowOf(created.id);
    expect(["in_repair", "ready_for_pickup"]).toContain(row.status);
    const events = await eventsOf(created.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.toStatus).toBe(row.status);
  });

  it("adds internal notes to the custody trail (any status), with staff and time; a blank note is refused", async () => {
    const created = await ticket("closed");
    await runAs(db, addTicketNoteUseCase, afterSales, { ticketId: created.id, body: "  顾客来电询问发票  " });
    const [event] = await eventsOf(created.id);
    expect(event).toMatchObject({ kind: "note", note: "顾客来电询问发票", staffId: afterSales.id });
    const [audit] = await auditEntries(db, { entityId: created.id, action: "after_sales.ticket.note" });
    expect(audit!.details).toEqual({ length: 8 });
    expect(JSON.stringify(audit)).not.toContain("发票");
    const error = await expectAppError(
      runAs(db, addTicketNoteUseCase, afterSales, { ticketId: created.id, body: " " }),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ body: ["ticketNoteRequired"] });
    await expectAppError(
      runAs(db, addTicketNoteUseCase, afterSales, { ticketId: created.id, body: "x".repeat(2001) }),
      "validation",
    );
  });
});

describe(`the "ready for pickup" message on ${testDriver()}`, () => {
  it("is enqueued once, with a new working tracking link and no claim code; the intake link stops working", async () => {
    await db.insert(memberConsents).values({ memberId, channel: "sms", granted: true, source: "test" });
    const created = await ticket("quality_check");
    const result = await runAs(db, changeTicketStatusUseCase, afterSales, {
      ticketId: created.id,
      to: "ready_for_pickup",
    });
    expect(result.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await rowOf(created.id);
    expect(row.readyNotifiedAt).not.toBeNull();
    expect(row.trackingTokenHash).toBe(hashTrackingToken(result.trackingToken!));
    expect(row.trackingTokenHash).not.toBe(created.trackingTokenHash);

    const messages = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.dedupeKey, `service_ready:${created.id}`));
    expect(messages.map((m) => m.channel).sort()).toEqual(["email", "sms", "wechat"]);
    const sms = messages.find((m) => m.channel === "sms")!;
    expect(sms).toMatchObject({ status: "pending", templateCode: "service_ready", memberId, storeId: store.id });
    expect(JSON.stringify(messages)).not.toContain(created.claimCode);

    // The link in the message is the one that works.
    const url = new URL(String(sms.params.trackingUrl));
    const token = url.pathname.replace(/^\/track\//, "");
    expect(token).toBe(result.trackingToken);
    expect(await loadTrackedTicket(db, token)).toMatchObject({ stage: "ready", ready: true });
    expect(await loadTrackedTicket(db, created.trackingToken)).toBeNull();

    const text = renderTemplate("service_ready", "sms", sms.params, {
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      memberName: "王小明",
      store: { name: "静安店", nameEn: null },
    }).text;
    expect(text).toContain(url.toString());
    expect(text).toContain(created.reference);
    expect(text).not.toContain(created.claimCode);

    // Asked again (a retried job, a second path), nothing more is sent and the link stays the same.
    expect(await db.transaction((tx) => notifyTicketReady(tx, row))).toBeNull();
    expect((await rowOf(created.id)).trackingTokenHash).toBe(row.trackingTokenHash);
    const after = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.dedupeKey, `service_ready:${created.id}`));
    expect(after).toHaveLength(3);
  });

  it("a cancelled ticket's pending ready message is ended", async () => {
    const created = await ticket("quality_check");
    await runAs(db, changeTicketStatusUseCase, afterSales, { ticketId: created.id, to: "ready_for_pickup" });
    await runAs(db, changeTicketStatusUseCase, afterSales, {
      ticketId: created.id,
      to: "cancelled",
      reason: "顾客放弃取件",
    });
    const [sms] = await db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.dedupeKey, `service_ready:${created.id}`), eq(outboundMessages.channel, "sms")));
    expect(sms).toMatchObject({ status: "skipped", skipReason: "ticket_cancelled" });
  });
});

describe(`who may work a ticket on ${testDriver()}`, () => {
  it("refuses roles without aftersales.work, before anything runs", async () => {
    const created = await ticket("received");
    for (const who of [advisor, service, admin]) {
      await expectAppError(
        runAs(db, changeTicketStatusUseCase, who, { ticketId: created.id, to: "at_workshop" }),
        "forbidden",
      );
      await expectAppError(runAs(db, addTicketNoteUseCase, who, { ticketId: created.id, body: "看看" }), "forbidden");
    }
    expect((await rowOf(created.id)).status).toBe("received");
  });

  it("another store's ticket is not found (not forbidden), and stays as it was", async () => {
    const created = await ticket("received");
    await expectAppError(
      runAs(db, changeTicketStatusUseCase, otherManager, { ticketId: created.id, to: "at_workshop" }),
      "not_found",
    );
    await expectAppError(
      runAs(db, addTicketNoteUseCase, otherManager, { ticketId: created.id, body: "看看" }),
      "not_found",
    );
    expect(await getTicketDetail(db, otherManager, created.id)).toBeNull();
    expect((await rowOf(created.id)).status).toBe("received");
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, created.id))).toEqual([]);
  });

  it("an unknown ticket is not found", async () => {
    const error = await errorOf(
      runAs(db, changeTicketStatusUseCase, manager, { ticketId: crypto.randomUUID(), to: "at_workshop" }),
    );
    expect(error.code).toBe("not_found");
  });
});

describe(`ticket reads on ${testDriver()}`, () => {
  it("the queue: tabs with counts, overdue by the store's own date, search, scope", async () => {
    const shanghai = await createTestStore(db, { timeZone: "Asia/Shanghai" });
    const newYork = await createTestStore(db, { timeZone: "America/New_York" });
    const reader = await createTestAccount(db, ["after_sales"], [shanghai.id, newYork.id]);
    const shMember = await insertMember(db, { storeId: shanghai.id, name: "陈美玲", phone: "+8613911112222" });
    const nyMember = await insertMember(db, { storeId: newYork.id, name: "林志强" });
    // 17:00 UTC on 4 December: already 5 December in Shanghai, still 4 December in New York.
    const now = new Date("2026-12-04T17:00:00Z");
    const promisedOn = "2026-12-04";
    const sh = await insertServiceTicket(db, {
      memberId: shMember.id,
      storeId: shanghai.id,
      status: "in_repair",
      promisedOn,
    });
    const ny = await insertServiceTicket(db, {
      memberId: nyMember.id,
      storeId: newYork.id,
      status: "in_repair",
      promisedOn,
    });
    const ready = await insertServiceTicket(db, {
      memberId: shMember.id,
      storeId: shanghai.id,
      status: "ready_for_pickup",
      promisedOn: "2026-12-01",
    });
    const done = await insertServiceTicket(db, {
      memberId: shMember.id,
      storeId: shanghai.id,
      status: "picked_up",
      promisedOn: "2026-11-01",
    });
    // Not the reader's store.
    await insertServiceTicket(db, { memberId, storeId: store.id, status: "in_repair", promisedOn: "2026-01-01" });

    const params = (query: Record<string, string> = {}) => ticketListParamsSchema.parse(query);
    const ids = async (query: Record<string, string>) =>
      (await listTickets(db, reader, params(query), now)).rows.map((r) => r.id).sort();

    expect(await ids({})).toEqual([sh.id, ny.id, ready.id].sort());
    expect(await ids({ status: "overdue" })).toEqual([sh.id, ready.id].sort());
    expect(await ids({ status: "picked_up" })).toEqual([done.id]);
    expect(await ids({ status: "all" })).toEqual([sh.id, ny.id, ready.id, done.id].sort());
    expect(await ids({ store: newYork.id })).toEqual([ny.id]);
    expect(await ids({ store: store.id, status: "all" })).toEqual([]);
    expect(await ids({ q: "sv-test-", status: "all" })).toEqual([sh.id, ny.id, ready.id, done.id].sort());
    expect(await ids({ q: ny.reference })).toEqual([ny.id]);
    expect(await ids({ q: "13911112222", status: "all" })).toEqual([sh.id, ready.id, done.id].sort());
    expect(await ids({ q: "陈美玲" })).toEqual([sh.id, ready.id].sort());
    expect(await ids({ q: "2222", status: "open" })).toEqual([sh.id, ready.id].sort());
    // Junk in the URL falls back to defaults instead of failing the page.
    expect(params({ status: "nonsense", pageSize: "7", sort: "x", q: "a\u0000b" })).toMatchObject({
      status: "open",
      pageSize: 25,
      sort: "promised",
      q: undefined,
    });

    const counts = await ticketQueueCounts(db, reader, params(), now);
    expect(counts).toMatchObject({ open: 3, overdue: 2, in_repair: 2, ready_for_pickup: 1, picked_up: 1, all: 4 });

    const { rows } = await listTickets(db, reader, params({ sort: "promised", dir: "asc" }), now);
    // Promised soonest first; the same day in the order received.
    expect(rows.map((r) => r.id)).toEqual([ready.id, sh.id, ny.id]);
    const shRow = rows.find((r) => r.id === sh.id)!;
    expect(shRow).toMatchObject({ overdue: true, memberName: "陈*玲", itemName: "足金手镯", category: "bracelet" });
    expect(rows.find((r) => r.id === ny.id)!.overdue).toBe(false);
    expect(JSON.stringify(rows)).not.toContain("482913");
    expect(JSON.stringify(rows)).not.toContain("13911112222");
  });

  it("the ticket page: piece, masked member, photos, the trail with staff names; never the claim code or the token hash", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id, name: "铂金项链", category: "necklace" });
    const created = await ticket("received", { itemId: item.id });
    await runAs(db, changeTicketStatusUseCase, afterSales, {
      ticketId: created.id,
      to: "at_workshop",
      note: "送总部工坊",
    });
    const detail = await getTicketDetail(db, advisor, created.id);
    expect(detail).not.toBeNull();
    expect(detail!.item).toMatchObject({ id: item.id, name: "铂金项链", category: "necklace" });
    expect(detail!.member).toMatchObject({ maskedName: "王*明", maskedPhone: "138****1234", inScope: true });
    expect(detail!.events).toEqual([
      expect.objectContaining({ kind: "status", toStatus: "at_workshop", note: "送总部工坊", staffName: "售后 赵磊" }),
    ]);
    expect(detail!.photos).toEqual([]);
    expect(detail!.ticket).not.toHaveProperty("claimCode");
    expect(detail!.ticket).not.toHaveProperty("trackingTokenHash");
    const text = JSON.stringify(detail);
    expect(text).not.toContain("482913");
    expect(text).not.toContain(created.trackingTokenHash);
    expect(text).not.toContain("王小明");
    expect(await getTicketDetail(db, advisor, "not-a-uuid")).toBeNull();
  });

  it("a member's open tickets for the visit preparation and the complaint page, in the viewer's stores only", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const open = await insertServiceTicket(db, { memberId: member.id, storeId: store.id, status: "in_repair" });
    await insertServiceTicket(db, { memberId: member.id, storeId: store.id, status: "closed" });
    const elsewhere = await insertServiceTicket(db, {
      memberId: member.id,
      storeId: otherStore.id,
      status: "received",
    });
    expect((await openTicketsForMember(db, advisor, member.id)).map((t) => t.id)).toEqual([open.id]);
    expect((await openTicketsForMember(db, admin, member.id)).map((t) => t.id).sort()).toEqual(
      [open.id, elsewhere.id].sort(),
    );
    expect(await openTicketsForMember(db, advisor, "junk")).toEqual([]);
  });

  it("the visit preparation and the complaint's 360° summary show the member's open tickets", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const open = await insertServiceTicket(db, { memberId: member.id, storeId: store.id, status: "ready_for_pickup" });
    await insertServiceTicket(db, { memberId: member.id, storeId: store.id, status: "picked_up" });
    expect((await openServiceTicketsForMember(db, advisor, member.id)).map((t) => t.id)).toEqual([open.id]);
    expect(await openServiceTicketsForMember(db, otherManager, member.id)).toEqual([]);
    const logged = await runAs(db, logComplaintUseCase, manager, {
      storeId: store.id,
      channel: "in_store",
      category: "after_sales",
      severity: "medium",
      memberId: member.id,
      description: "维修太慢",
    });
    const complaint = await getComplaintDetail(db, manager, logged.complaintId);
    expect(complaint!.openServiceTickets.map((t) => [t.id, t.status])).toEqual([[open.id, "ready_for_pickup"]]);
  });
});

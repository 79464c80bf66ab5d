import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  appointments,
  appointmentTypes,
  complaintEvents,
  complaintPauses,
  complaints,
  salesTransactions,
} from "@/db/schema";
import { insertServiceTicket } from "@/tests/helpers/after-sales";
import { expectAppError } from "@/tests/helpers/errors";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  inTx,
  setupTestDatabase,
  testDriver,
  type TestStore,
} from "@/tests/helpers/test-db";
import { complaintListParamsSchema, getComplaintDetail, listComplaints } from "./queries";
import type { LogComplaintInput } from "./schemas";
import { logComplaintSchema } from "./schemas";
import { logComplaint } from "./service";
import {
  acknowledgeComplaint,
  pauseComplaint,
  reopenComplaint,
  resolveComplaint,
  resumeComplaint,
  startInvestigation,
} from "./transitions";
import {
  addComplaintNoteUseCase,
  assignComplaintUseCase,
  changeComplaintStatusUseCase,
  logComplaintUseCase,
  logContactAttemptUseCase,
  pauseComplaintUseCase,
  reopenComplaintUseCase,
  resolveComplaintUseCase,
  resumeComplaintUseCase,
} from "./use-cases";

// The test store is open 10:00–22:00 every day in Asia/Shanghai (createTestStore's hours), and the
// SLA policy is the default one: medium = first response 240, resolution 1800 business minutes.
// 2026-11-23 is a Monday, before the clock of these tests ("now" is later).
const RECEIVED = "2026-11-23T09:00:00+08:00";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: TestPrincipal;
let service: TestPrincipal;
let afterSales: TestPrincipal;
let otherManager: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [store.id]);
  service = await createPrincipal(db, ["service"], [store.id]);
  afterSales = await createPrincipal(db, ["after_sales"], [store.id]);
  otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
});

function intake(overrides: Partial<LogComplaintInput> = {}): LogComplaintInput {
  return {
    storeId: store.id,
    channel: "hotline",
    category: "product_quality",
    severity: "medium",
    customerName: "王女士",
    customerContact: "13800001234",
    description: "项链扣头松动",
    receivedAt: RECEIVED,
    ...overrides,
  };
}

async function complaintRow(id: string) {
  const [row] = await db.select().from(complaints).where(eq(complaints.id, id));
  return row!;
}

async function eventsOf(id: string) {
  return db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, id)).orderBy(asc(complaintEvents.id));
}

/** A complaint logged at a chosen "now" through the service (the use cases run at the real clock). */
async function loggedAt(now: string, overrides: Partial<LogComplaintInput> = {}, by: TestPrincipal = manager) {
  return inTx(db, (tx) =>
    logComplaint(
      tx,
      by.actor,
      by,
      logComplaintSchema.parse(intake({ receivedAt: RECEIVED, ...overrides })),
      new Date(now),
    ),
  );
}

describe(`complaint intake on ${testDriver()}`, () => {
  it("logs a complaint: reference, SLA targets and due times on the store's hours, a 'created' event, an audit entry", async () => {
    const logged = await runAs(db, logComplaintUseCase, service, intake());
    expect(logged.reference).toMatch(/^TS-20261123-\d{4}$/);
    const row = await complaintRow(logged.complaintId);
    expect(row).toMatchObject({
      status: "new",
      storeId: store.id,
      memberId: null,
      customerName: "王女士",
      firstResponseTargetMin: 240,
      resolutionTargetMin: 1800,
      regulatorReferral: false,
      createdBy: service.id,
      assigneeId: null,
    });
    // Received before opening: the clock starts at 10:00; 240 minutes → 14:00. 1800 minutes = 12 h
    // Monday + 12 h Tuesday + 6 h Wednesday → Wednesday 16:00.
    expect(row.firstResponseDueAt.toISOString()).toBe(new Date("2026-11-23T14:00:00+08:00").toISOString());
    expect(row.resolutionDueAt.toISOString()).toBe(new Date("2026-11-25T16:00:00+08:00").toISOString());
    expect(await eventsOf(row.id)).toMatchObject([{ kind: "created", toStatus: "new", actorStaffId: service.id }]);
    const audit = await auditEntries(db, { action: "complaint.create", entityId: row.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain("王女士");
  });

  it("critical complaints get the critical targets", async () => {
    const logged = await runAs(db, logComplaintUseCase, manager, intake({ severity: "critical" }));
    const row = await complaintRow(logged.complaintId);
    expect(row.firstResponseTargetMin).toBe(60);
    expect(row.firstResponseDueAt.toISOString()).toBe(new Date("2026-11-23T11:00:00+08:00").toISOString());
    expect(row.resolutionDueAt.toISOString()).toBe(new Date("2026-11-23T20:00:00+08:00").toISOString());
  });

  it("numbers a day's complaints one after the other, TS-YYYYMMDD-NNNN in the store's local date", async () => {
    const day = "2026-10-05T23:30:00+08:00"; // 15:30 UTC: the store-local date is the 5th
    const first = await runAs(db, logComplaintUseCase, manager, intake({ receivedAt: day }));
    const second = await runAs(db, logComplaintUseCase, manager, intake({ receivedAt: day }));
    const third = await runAs(
      db,
      logComplaintUseCase,
      otherManager,
      intake({ storeId: otherStore.id, receivedAt: day }),
    );
    expect([first.reference, second.reference, third.reference]).toEqual([
      "TS-20261005-0001",
      "TS-20261005-0002",
      "TS-20261005-0003",
    ]);
  });

  it("needs a member or an unidentified customer's name and contact", async () => {
    const error = await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ customerName: "", customerContact: undefined })),
      "validation",
    );
    expect(error.fieldErrors).toMatchObject({
      customerName: ["customerRequired"],
      customerContact: ["customerRequired"],
    });
    const member = await insertMember(db, { storeId: store.id });
    const logged = await runAs(
      db,
      logComplaintUseCase,
      manager,
      intake({ memberId: member.id, customerName: "", customerContact: "" }),
    );
    expect(await complaintRow(logged.complaintId)).toMatchObject({ memberId: member.id, customerContact: null });
  });

  it("refuses a received time in the future, a description too long, a 12315 referral without the deadline", async () => {
    const future = await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ receivedAt: "2099-01-01T10:00:00+08:00" })),
      "validation",
    );
    expect(future.fieldErrors).toEqual({ receivedAt: ["receivedAtFuture"] });
    await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ description: "x".repeat(4001) })),
      "validation",
    );
    const regulator = await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ channel: "regulator_12315" })),
      "validation",
    );
    expect(regulator.fieldErrors).toEqual({ regulatorDeadline: ["regulatorDeadlineRequired"] });
    const referred = await runAs(
      db,
      logComplaintUseCase,
      manager,
      intake({ channel: "regulator_12315", regulatorDeadline: "2026-12-20" }),
    );
    expect(await complaintRow(referred.complaintId)).toMatchObject({
      regulatorReferral: true,
      regulatorDeadline: "2026-12-20",
    });
  });

  it("refuses another store (not found) and staff who do not handle complaints (forbidden)", async () => {
    await expectAppError(runAs(db, logComplaintUseCase, manager, intake({ storeId: otherStore.id })), "not_found");
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    await expectAppError(runAs(db, logComplaintUseCase, advisor, intake()), "forbidden");
  });

  it("relates only the member's own purchase, visit and service ticket", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const stranger = await insertMember(db, { storeId: store.id });
    const [purchase] = await db
      .insert(salesTransactions)
      .values({
        storeId: store.id,
        memberId: stranger.id,
        externalId: `P-${stranger.id}`,
        kind: "purchase",
        occurredAt: new Date("2026-11-20T12:00:00+08:00"),
        netPaidFen: 100_000,
      })
      .returning();
    const error = await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ memberId: member.id, relatedTransactionId: purchase!.id })),
      "validation",
    );
    expect(error.fieldErrors).toEqual({ relatedTransactionId: ["relatedNotMembers"] });
    const own = await runAs(
      db,
      logComplaintUseCase,
      manager,
      intake({ memberId: stranger.id, relatedTransactionId: purchase!.id, relatedTicketRef: "AS-0042" }),
    );
    expect(await complaintRow(own.complaintId)).toMatchObject({
      relatedTransactionId: purchase!.id,
      relatedTicketRef: "AS-0042",
    });

    // A service ticket: the member's own only.
    const strangersTicket = await insertServiceTicket(db, { memberId: stranger.id, storeId: store.id });
    const refused = await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ memberId: member.id, relatedTicketId: strangersTicket.id })),
      "validation",
    );
    expect(refused.fieldErrors).toEqual({ relatedTicketId: ["relatedNotMembers"] });
    const aboutTicket = await runAs(
      db,
      logComplaintUseCase,
      manager,
      intake({ memberId: stranger.id, relatedTicketId: strangersTicket.id }),
    );
    expect(await complaintRow(aboutTicket.complaintId)).toMatchObject({ relatedTicketId: strangersTicket.id });

    const [type] = await db
      .insert(appointmentTypes)
      .values({ code: `T${stranger.id.slice(0, 6)}`, nameZh: "鉴赏", nameEn: "Viewing", durationMin: 60 })
      .returning();
    const [visit] = await db
      .insert(appointments)
      .values({
        storeId: store.id,
        memberId: stranger.id,
        typeId: type!.id,
        advisorId: manager.id,
        startsAt: new Date("2026-11-21T11:00:00+08:00"),
        endsAt: new Date("2026-11-21T12:00:00+08:00"),
        blockedUntil: new Date("2026-11-21T12:00:00+08:00"),
      })
      .returning();
    await expectAppError(
      runAs(db, logComplaintUseCase, manager, intake({ memberId: member.id, relatedAppointmentId: visit!.id })),
      "validation",
    );
  });
});

describe(`working a complaint on ${testDriver()}`, () => {
  it("goes new → acknowledged → investigating → resolved → closed; the acknowledgement is the first response", async () => {
    const { complaintId } = await runAs(db, logComplaintUseCase, service, intake());
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "acknowledge" });
    const acknowledged = await complaintRow(complaintId);
    expect(acknowledged.status).toBe("acknowledged");
    expect(acknowledged.firstRespondedAt).not.toBeNull();
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "investigate" });
    const missing = await expectAppError(
      runAs(db, resolveComplaintUseCase, service, { complaintId, rootCause: "", actionTaken: "换新" }),
      "validation",
    );
    expect(missing.fieldErrors).toEqual({ rootCause: ["rootCauseRequired"] });
    await runAs(db, resolveComplaintUseCase, service, {
      complaintId,
      rootCause: "扣头焊点虚焊",
      actionTaken: "免费换扣",
    });
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "close" });
    const row = await complaintRow(complaintId);
    expect(row).toMatchObject({ status: "closed", rootCause: "扣头焊点虚焊", actionTaken: "免费换扣" });
    expect(row.resolvedAt).not.toBeNull();
    expect(row.closedAt).not.toBeNull();
    expect((await eventsOf(complaintId)).map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ["created", null, "new"],
      ["status", "new", "acknowledged"],
      ["status", "acknowledged", "investigating"],
      ["status", "investigating", "resolved"],
      ["status", "resolved", "closed"],
    ]);
    expect(await auditEntries(db, { action: "complaint.resolve", entityId: complaintId })).toHaveLength(1);
  });

  it("refuses illegal transitions as conflicts", async () => {
    const { complaintId } = await runAs(db, logComplaintUseCase, service, intake());
    await expectAppError(
      runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "close" }),
      "conflict",
    );
    await expectAppError(
      runAs(db, resolveComplaintUseCase, service, { complaintId, rootCause: "a", actionTaken: "b" }),
      "conflict",
    );
    await expectAppError(runAs(db, pauseComplaintUseCase, service, { complaintId, reason: "等顾客" }), "conflict");
    await expectAppError(runAs(db, resumeComplaintUseCase, service, { complaintId }), "conflict");
    await expectAppError(runAs(db, reopenComplaintUseCase, service, { complaintId, reason: "x" }), "conflict");
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "acknowledge" });
    await expectAppError(
      runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "acknowledge" }),
      "conflict",
    );
    expect((await complaintRow(complaintId)).status).toBe("acknowledged");
  });

  it("stamps the first response at the first contact attempt, once", async () => {
    const { complaintId } = await runAs(db, logComplaintUseCase, service, intake());
    const first = await runAs(db, logContactAttemptUseCase, service, {
      complaintId,
      channel: "phone",
      outcome: "no_answer",
    });
    expect(first.firstResponse).toBe(true);
    const stamped = (await complaintRow(complaintId)).firstRespondedAt;
    expect(stamped).not.toBeNull();
    const second = await runAs(db, logContactAttemptUseCase, service, {
      complaintId,
      channel: "wechat",
      outcome: "reached",
      note: "约周六到店",
    });
    expect(second.firstResponse).toBe(false);
    await runAs(db, changeComplaintStatusUseCase, service, { complaintId, transition: "acknowledge" });
    expect((await complaintRow(complaintId)).firstRespondedAt?.toISOString()).toBe(stamped!.toISOString());
    await runAs(db, addComplaintNoteUseCase, service, { complaintId, body: "内部：供应商批次问题" });
    const kinds = (await eventsOf(complaintId)).map((e) => [e.kind, e.channel, e.outcome]);
    expect(kinds).toEqual([
      ["created", null, null],
      ["contact", "phone", "no_answer"],
      ["contact", "wechat", "reached"],
      ["status", null, null],
      ["note", null, null],
    ]);
  });

  it("waiting on the customer pauses the clock: resuming moves the resolution due time by the paused business time", async () => {
    const logged = await loggedAt("2026-11-23T09:30:00+08:00");
    const id = logged.complaintId;
    expect(logged.resolutionDueAt.toISOString()).toBe(new Date("2026-11-25T16:00:00+08:00").toISOString());
    await inTx(db, (tx) => acknowledgeComplaint(tx, manager.actor, manager, id, new Date("2026-11-23T10:30:00+08:00")));
    await inTx(db, (tx) => startInvestigation(tx, manager.actor, manager, id, new Date("2026-11-23T11:00:00+08:00")));
    await inTx(db, (tx) =>
      pauseComplaint(
        tx,
        manager.actor,
        manager,
        { complaintId: id, reason: "等顾客寄回项链" },
        new Date("2026-11-23T21:00:00+08:00"),
      ),
    );
    expect((await complaintRow(id)).status).toBe("waiting_on_customer");
    // Paused 21:00 Monday → 11:00 Tuesday: 60 business minutes Monday night, 60 Tuesday morning.
    await inTx(db, (tx) =>
      resumeComplaint(tx, manager.actor, manager, { complaintId: id }, new Date("2026-11-24T11:00:00+08:00")),
    );
    const row = await complaintRow(id);
    expect(row.status).toBe("investigating");
    expect(row.resolutionDueAt.toISOString()).toBe(new Date("2026-11-25T18:00:00+08:00").toISOString());
    const pauses = await db.select().from(complaintPauses).where(eq(complaintPauses.complaintId, id));
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.endedAt?.toISOString()).toBe(new Date("2026-11-24T11:00:00+08:00").toISOString());
    // A second pause counts on top of the first.
    await inTx(db, (tx) =>
      pauseComplaint(
        tx,
        manager.actor,
        manager,
        { complaintId: id, reason: "再等" },
        new Date("2026-11-24T12:00:00+08:00"),
      ),
    );
    await inTx(db, (tx) =>
      resumeComplaint(
        tx,
        manager.actor,
        manager,
        { complaintId: id, note: "顾客回电" },
        new Date("2026-11-24T12:30:00+08:00"),
      ),
    );
    expect((await complaintRow(id)).resolutionDueAt.toISOString()).toBe(
      new Date("2026-11-25T18:30:00+08:00").toISOString(),
    );
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual([
      "created",
      "status",
      "status",
      "paused",
      "resumed",
      "paused",
      "resumed",
    ]);
  });

  it("reopens a resolved or closed complaint with a reason; the time it stood resolved does not count", async () => {
    const { complaintId: id } = await loggedAt("2026-11-23T09:30:00+08:00");
    await inTx(db, (tx) => acknowledgeComplaint(tx, manager.actor, manager, id, new Date("2026-11-23T10:30:00+08:00")));
    await inTx(db, (tx) => startInvestigation(tx, manager.actor, manager, id, new Date("2026-11-23T11:00:00+08:00")));
    await inTx(db, (tx) =>
      resolveComplaint(
        tx,
        manager.actor,
        manager,
        { complaintId: id, rootCause: "a", actionTaken: "b" },
        new Date("2026-11-24T12:00:00+08:00"),
      ),
    );
    await inTx(db, (tx) =>
      reopenComplaint(
        tx,
        manager.actor,
        manager,
        { complaintId: id, reason: "顾客说仍松动" },
        new Date("2026-11-24T14:00:00+08:00"),
      ),
    );
    const row = await complaintRow(id);
    expect(row).toMatchObject({ status: "investigating", resolvedAt: null, closedAt: null });
    expect(row.resolutionDueAt.toISOString()).toBe(new Date("2026-11-25T18:00:00+08:00").toISOString());
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      kind: "reopened",
      body: "顾客说仍松动",
      toStatus: "investigating",
    });
    await expectAppError(runAs(db, reopenComplaintUseCase, manager, { complaintId: id, reason: "again" }), "conflict");
  });

  it("assigns to handlers of the store only; a manager or the current assignee reassigns", async () => {
    const { complaintId } = await runAs(db, logComplaintUseCase, service, intake());
    // An unassigned complaint: a handler may take it, not give it to someone else.
    await expectAppError(
      runAs(db, assignComplaintUseCase, service, { complaintId, assigneeId: afterSales.id }),
      "forbidden",
    );
    await runAs(db, assignComplaintUseCase, service, { complaintId, assigneeId: service.id });
    expect((await complaintRow(complaintId)).assigneeId).toBe(service.id);
    // Not the assignee, not a manager.
    await expectAppError(
      runAs(db, assignComplaintUseCase, afterSales, { complaintId, assigneeId: afterSales.id }),
      "forbidden",
    );
    // The assignee hands it on.
    await runAs(db, assignComplaintUseCase, service, { complaintId, assigneeId: afterSales.id });
    // Not a handler of the store: an advisor, another store's manager.
    const advisor = await createPrincipal(db, ["advisor"], [store.id]);
    for (const assigneeId of [advisor.id, otherManager.id]) {
      const error = await expectAppError(
        runAs(db, assignComplaintUseCase, manager, { complaintId, assigneeId }),
        "validation",
      );
      expect(error.fieldErrors).toEqual({ assigneeId: ["assigneeNotHandler"] });
    }
    await runAs(db, assignComplaintUseCase, manager, { complaintId, assigneeId: manager.id });
    expect((await complaintRow(complaintId)).assigneeId).toBe(manager.id);
    expect((await eventsOf(complaintId)).filter((e) => e.kind === "assigned")).toHaveLength(3);
    expect(await auditEntries(db, { action: "complaint.assign", entityId: complaintId })).toHaveLength(3);
  });

  it("keeps another store's complaint out of reach (not found) and advisors out of work (forbidden)", async () => {
    const { complaintId } = await runAs(db, logComplaintUseCase, service, intake());
    await expectAppError(runAs(db, addComplaintNoteUseCase, otherManager, { complaintId, body: "x" }), "not_found");
    await expectAppError(
      runAs(db, changeComplaintStatusUseCase, otherManager, { complaintId, transition: "acknowledge" }),
      "not_found",
    );
    expect(await getComplaintDetail(db, otherManager, complaintId)).toBeNull();
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    await expectAppError(runAs(db, addComplaintNoteUseCase, advisor, { complaintId, body: "x" }), "forbidden");
    const detail = await getComplaintDetail(db, manager, complaintId);
    expect(detail?.complaint.reference).toMatch(/^TS-/);
    expect(detail?.customer).toMatchObject({ kind: "unidentified" });
    expect(detail?.customer.maskedName).not.toBe("王女士");
  });
});

describe(`the complaint queues on ${testDriver()}`, () => {
  let queueStore: TestStore;
  let handler: TestPrincipal;
  beforeAll(async () => {
    queueStore = await createTestStore(db);
    handler = await createPrincipal(db, ["service"], [queueStore.id]);
  });

  it("lists my queue, the team's, breached and all, in the staff member's stores", async () => {
    const mine = await runAs(db, logComplaintUseCase, handler, intake({ storeId: queueStore.id }));
    await runAs(db, assignComplaintUseCase, handler, { complaintId: mine.complaintId, assigneeId: handler.id });
    const fresh = await runAs(
      db,
      logComplaintUseCase,
      handler,
      intake({ storeId: queueStore.id, receivedAt: new Date().toISOString(), severity: "high" }),
    );
    const list = (raw: Record<string, string>) => listComplaints(db, handler, complaintListParamsSchema.parse(raw));
    expect((await list({ tab: "mine" })).rows.map((r) => r.id)).toEqual([mine.complaintId]);
    const team = await list({ tab: "team" });
    expect(team.total).toBe(2);
    expect(team.rows.every((r) => r.customerName !== "王女士")).toBe(true);
    // Received on 23 November: long past both due times.
    const breached = await list({ tab: "breached" });
    expect(breached.rows.map((r) => r.id)).toEqual([mine.complaintId]);
    expect(breached.rows[0]!.sla).toMatchObject({ breached: true, clock: "response" });
    expect((await list({ tab: "all", severity: "high" })).rows.map((r) => r.id)).toEqual([fresh.complaintId]);
    expect((await list({ tab: "all", from: "2026-11-23", to: "2026-11-23" })).rows.map((r) => r.id)).toEqual([
      mine.complaintId,
    ]);
    expect((await list({ tab: "all", assignee: "none" })).rows.map((r) => r.id)).toEqual([fresh.complaintId]);
    // Another store's staff sees none of them.
    const outsider = await listComplaints(
      db,
      otherManager,
      complaintListParamsSchema.parse({ tab: "all", store: queueStore.id }),
    );
    expect(outsider.total).toBe(0);
  });

  it("falls back to defaults on hostile parameters", async () => {
    const params = complaintListParamsSchema.parse({
      tab: "'; drop table complaints; --",
      store: "not-a-uuid",
      status: "gone",
      severity: ["high", "low"],
      from: "2026-02-30",
      to: "9999-12-31",
      sort: "password",
      dir: "sideways",
      page: "-3",
      pageSize: "100000",
      assignee: "everyone",
      q: "x".repeat(500),
    });
    expect(params).toMatchObject({ tab: "mine", sort: "due", dir: "asc", page: 1, pageSize: 25 });
    expect(
      params.store ?? params.status ?? params.severity ?? params.from ?? params.to ?? params.assignee,
    ).toBeUndefined();
    expect(params.q).toBeUndefined();
    await expect(listComplaints(db, handler, params)).resolves.toMatchObject({ total: expect.any(Number) });
  });
});

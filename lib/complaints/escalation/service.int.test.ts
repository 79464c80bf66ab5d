import { and, asc, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { complaintEvents, complaints, outboundMessages, staff, staffNotifications } from "@/db/schema";
import { logComplaintSchema } from "@/lib/complaints/cases/schemas";
import { logComplaint } from "@/lib/complaints/cases/service";
import { logContactAttempt } from "@/lib/complaints/cases/transitions";
import { runJob } from "@/lib/jobs/run-job";
import { createDevAdapters } from "@/lib/messaging/adapters/dev";
import { deliverDueMessages } from "@/lib/messaging/service";
import { createPrincipal, type TestPrincipal } from "@/tests/helpers/members";
import { createTestStore, inTx, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { listMyNotifications, unreadNotificationCount } from "./queries";
import { markNotificationsRead, runComplaintSlaJob } from "./service";

// Open 10:00–22:00 daily (Asia/Shanghai); medium: first response 240, resolution 1800 business minutes.
// Received Monday 2026-11-23 09:00: the response is due 14:00 (warning at 192 minutes: 13:12), the
// resolution Wednesday 16:00.
const RECEIVED = "2026-11-23T09:00:00+08:00";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let managers: TestPrincipal[];
let handler: TestPrincipal;
let otherManager: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  managers = [await createPrincipal(db, ["manager"], [store.id]), await createPrincipal(db, ["manager"], [store.id])];
  const inactive = await createPrincipal(db, ["manager"], [store.id]);
  await db.update(staff).set({ active: false }).where(eq(staff.id, inactive.id));
  handler = await createPrincipal(db, ["service"], [store.id]);
  otherManager = await createPrincipal(db, ["manager"], [otherStore.id]);
});

async function logged() {
  const input = logComplaintSchema.parse({
    storeId: store.id,
    channel: "in_store",
    category: "service_attitude",
    severity: "medium",
    customerName: "李先生",
    customerContact: "13900001111",
    description: "店员态度",
    receivedAt: RECEIVED,
  });
  return inTx(db, (tx) => logComplaint(tx, handler.actor, handler, input, new Date(RECEIVED)));
}

const run = (at: string) => inTx(db, (tx) => runComplaintSlaJob(tx, { now: new Date(at) }));

async function row(id: string) {
  const [found] = await db.select().from(complaints).where(eq(complaints.id, id));
  return found!;
}

async function slaEvents(id: string) {
  const events = await db
    .select({ kind: complaintEvents.kind, body: complaintEvents.body, actorLabel: complaintEvents.actorLabel })
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, id))
    .orderBy(asc(complaintEvents.id));
  return events.filter((e) => e.kind === "warned" || e.kind === "escalated");
}

async function notificationsOf(id: string) {
  return db
    .select()
    .from(staffNotifications)
    .where(like(staffNotifications.dedupeKey, `complaint_breach:${id}:%`))
    .orderBy(asc(staffNotifications.dedupeKey), asc(staffNotifications.staffId));
}

describe(`the complaint-sla job on ${testDriver()}`, () => {
  it("warns once at 80 %, escalates once at 100 % and tells the store's active managers once, however often it runs", async () => {
    const { complaintId: id } = await logged();
    await run("2026-11-23T13:00:00+08:00"); // 180 of 240 minutes: 75 %
    expect((await row(id)).responseWarnedAt).toBeNull();

    await run("2026-11-23T13:15:00+08:00"); // 195: 81 %
    await run("2026-11-23T13:20:00+08:00");
    const warned = await row(id);
    expect(warned.responseWarnedAt?.toISOString()).toBe(new Date("2026-11-23T13:15:00+08:00").toISOString());
    expect(warned.responseEscalatedAt).toBeNull();
    expect(await slaEvents(id)).toEqual([{ kind: "warned", body: "response", actorLabel: "system" }]);

    await run("2026-11-23T14:00:00+08:00");
    await run("2026-11-23T14:05:00+08:00");
    await run("2026-11-23T15:00:00+08:00");
    const escalated = await row(id);
    expect(escalated.responseEscalatedAt?.toISOString()).toBe(new Date("2026-11-23T14:00:00+08:00").toISOString());
    expect(escalated.resolutionWarnedAt).toBeNull();
    expect(await slaEvents(id)).toEqual([
      { kind: "warned", body: "response", actorLabel: "system" },
      { kind: "escalated", body: "response", actorLabel: "system" },
    ]);
    const notes = await notificationsOf(id);
    expect(notes.map((n) => n.staffId).sort()).toEqual(managers.map((m) => m.id).sort());
    expect(notes[0]).toMatchObject({
      kind: "complaint_breach",
      messageKey: "complaints.notifications.breached.response",
      dedupeKey: `complaint_breach:${id}:response`,
      href: `/complaints/${id}`,
      params: { reference: escalated.reference, store: store.name },
    });
    expect(notes.some((n) => n.staffId === otherManager.id || n.staffId === handler.id)).toBe(false);
  });

  it("stops the response clock at the first response and escalates the resolution on its own key", async () => {
    const { complaintId: id } = await logged();
    await inTx(db, (tx) =>
      logContactAttempt(
        tx,
        handler.actor,
        handler,
        { complaintId: id, channel: "phone", outcome: "reached" },
        new Date("2026-11-23T11:00:00+08:00"),
      ),
    );
    await run("2026-11-23T15:00:00+08:00");
    expect((await row(id)).responseWarnedAt).toBeNull();
    // Resolution: 1800 minutes; 80 % = 1440 → Tuesday 22:00 (Wednesday 10:00 is 1440 too).
    await run("2026-11-25T11:00:00+08:00");
    expect((await row(id)).resolutionWarnedAt).not.toBeNull();
    expect((await row(id)).resolutionEscalatedAt).toBeNull();
    await run("2026-11-25T16:00:00+08:00");
    await run("2026-11-26T10:00:00+08:00");
    expect(await slaEvents(id)).toEqual([
      { kind: "warned", body: "resolution", actorLabel: "system" },
      { kind: "escalated", body: "resolution", actorLabel: "system" },
    ]);
    const notes = await notificationsOf(id);
    expect(notes).toHaveLength(2);
    expect(new Set(notes.map((n) => n.dedupeKey))).toEqual(new Set([`complaint_breach:${id}:resolution`]));
  });

  it("messages each of the store's managers once per breach, on the channels their staff record has", async () => {
    const [reachable, unreachable] = managers as [TestPrincipal, TestPrincipal];
    await db
      .update(staff)
      .set({ email: "manager@example.com", mobileE164: "+8613800138000", locale: "en" })
      .where(eq(staff.id, reachable.id));
    const { complaintId: id } = await logged();
    await run("2026-11-23T14:00:00+08:00");
    await run("2026-11-23T14:30:00+08:00");

    const queued = await db
      .select()
      .from(outboundMessages)
      .where(like(outboundMessages.dedupeKey, `complaint_breach:${id}:%`))
      .orderBy(asc(outboundMessages.dedupeKey), asc(outboundMessages.channel));
    const summary = queued.map((m) => [m.staffId, m.channel, m.status, m.skipReason]);
    expect(summary).toHaveLength(4);
    expect(summary).toEqual(
      expect.arrayContaining([
        [reachable.id, "sms", "pending", null],
        [reachable.id, "email", "pending", null],
        [unreachable.id, "sms", "skipped", "no_address"],
        [unreachable.id, "email", "skipped", "no_address"],
      ]),
    );
    expect(queued.every((m) => m.memberId === null && m.storeId === store.id)).toBe(true);

    const dev = createDevAdapters({ log: () => {} });
    const sent = await inTx(db, (tx) =>
      deliverDueMessages(tx, { now: new Date("2026-11-23T15:00:00+08:00"), adapters: dev, limit: 10 }),
    );
    expect(sent.sent).toBe(2);
    const sms = dev.sent.find((m) => m.channel === "sms")!;
    expect(sms.to).toBe("+8613800138000");
    expect(sms.locale).toBe("en");
    expect(sms.content).toMatchObject({ text: expect.stringContaining("past its first-response target") });
    expect(sms.content).toMatchObject({ text: expect.stringContaining(`/complaints/${id}`) });
    expect(dev.sent.find((m) => m.channel === "email")!.to).toBe("manager@example.com");

    // A manager deactivated before delivery gets nothing.
    const { complaintId: second } = await logged();
    await run("2026-11-23T14:00:00+08:00");
    await db.update(staff).set({ active: false }).where(eq(staff.id, reachable.id));
    await inTx(db, (tx) =>
      deliverDueMessages(tx, { now: new Date("2026-11-23T15:00:00+08:00"), adapters: dev, limit: 10 }),
    );
    const later = await db
      .select({ status: outboundMessages.status, skipReason: outboundMessages.skipReason })
      .from(outboundMessages)
      .where(
        and(
          like(outboundMessages.dedupeKey, `complaint_breach:${second}:%`),
          eq(outboundMessages.staffId, reachable.id),
        ),
      );
    expect(later).toEqual([
      { status: "skipped", skipReason: "inactive" },
      { status: "skipped", skipReason: "inactive" },
    ]);
    await db.update(staff).set({ active: true }).where(eq(staff.id, reachable.id));
  });

  it("lets a manager read and mark their own notifications", async () => {
    const manager = managers[0]!;
    const before = await unreadNotificationCount(db, manager.id);
    expect(before).toBeGreaterThan(0);
    const mine = await listMyNotifications(db, manager.id);
    expect(mine.every((n) => n.kind === "complaint_breach")).toBe(true);
    expect(await markNotificationsRead(db, otherManager.id, mine[0]!.id)).toEqual({ marked: 0 });
    expect(await markNotificationsRead(db, manager.id, mine[0]!.id)).toEqual({ marked: 1 });
    expect(await unreadNotificationCount(db, manager.id)).toBe(before - 1);
    await markNotificationsRead(db, manager.id, undefined);
    expect(await unreadNotificationCount(db, manager.id)).toBe(0);
    expect(await unreadNotificationCount(db, managers[1]!.id)).toBe(before);
  });

  it("runs as the complaint-sla job under its advisory lock", async () => {
    const outcome = await runJob(db, "complaint-sla");
    expect(outcome).toMatchObject({ status: "done", result: { checked: expect.any(Number) } });
    const escalatedTwice = await db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.kind, "escalated")));
    // The real clock is long past 23 November: nothing escalated a second time.
    const perComplaint = new Map<string, number>();
    for (const event of escalatedTwice) {
      const key = `${event.complaintId}:${event.body}`;
      perComplaint.set(key, (perComplaint.get(key) ?? 0) + 1);
    }
    expect([...perComplaint.values()].every((n) => n === 1)).toBe(true);
  });
});

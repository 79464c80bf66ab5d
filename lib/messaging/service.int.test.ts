import { addMinutes, addSeconds } from "date-fns";
import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, memberConsents, members, outboundMessages } from "@/db/schema";
import { runJob } from "@/lib/jobs/run-job";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { createDevAdapters } from "./adapters/dev";
import { DeliveryError, type Channel, type ChannelAdapter, type ChannelAdapters } from "./adapters/types";
import {
  deliverDueMessages,
  deliveryChangedSomething,
  enqueueMessage,
  retryDelayMinutes,
  type EnqueueMessageInput,
} from "./service";

/** 10:00 on Wednesday 14 May 2031 in Shanghai: inside the day, and far from the real clock. */
const NOW = new Date("2031-05-14T10:00:00+08:00");
const STARTS_AT = "2031-05-16T06:30:00.000Z"; // 14:30 on the 16th in Shanghai

let db: Db;
let store: TestStore;
setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" });
});

// Each test delivers what it queued: park whatever earlier tests left due.
beforeEach(async () => {
  await db
    .update(outboundMessages)
    .set({ status: "skipped", skipReason: "test_parked", lockedUntil: null })
    .where(inArray(outboundMessages.status, ["pending", "sending"]));
});

async function consent(memberId: string, channel: Channel, granted: boolean, recordedAt = addMinutes(NOW, -60)) {
  await db.insert(memberConsents).values({ memberId, channel, granted, recordedAt, source: "test" });
}

/** A member with a phone, an email and an openid who consented to the given channels. */
async function member(options: { consents?: Channel[]; email?: string | null; openId?: string | null } = {}) {
  const row = await insertMember(db, {
    storeId: store.id,
    name: "张晓华",
    email: options.email === undefined ? `m-${uniqueSuffix()}@example.com` : options.email,
  });
  const openId = options.openId === undefined ? `o${uniqueSuffix(27)}` : options.openId;
  if (openId) await db.update(members).set({ wechatOpenId: openId }).where(eq(members.id, row.id));
  for (const channel of options.consents ?? ["sms", "wechat", "email"]) await consent(row.id, channel, true);
  return { ...row, wechatOpenId: openId };
}

function confirmation(
  memberId: string,
  overrides: Partial<EnqueueMessageInput<"appointment_confirmed">> = {},
): EnqueueMessageInput<"appointment_confirmed"> {
  return {
    memberId,
    storeId: store.id,
    templateCode: "appointment_confirmed",
    params: { startsAt: STARTS_AT, typeNameZh: "珠宝鉴赏", typeNameEn: "Jewelry viewing", advisorName: "王芳" },
    dedupeKey: `appointment:${uniqueSuffix()}:confirmed`,
    now: NOW,
    ...overrides,
  };
}

async function rowsOf(dedupeKey: string) {
  const rows = await db.select().from(outboundMessages).where(eq(outboundMessages.dedupeKey, dedupeKey));
  return Object.fromEntries(rows.map((row) => [row.channel, row])) as Partial<
    Record<Channel, typeof outboundMessages.$inferSelect>
  >;
}

/** Adapters that answer from a script: one outcome per call ("ok", a temporary or a permanent error). */
function scriptedAdapters(script: ("ok" | "temporary" | "permanent")[]) {
  const calls: { channel: Channel; id: string }[] = [];
  const adapter = <C extends Channel>(channel: C): ChannelAdapter<C> => ({
    channel,
    name: "scripted",
    async send(message) {
      calls.push({ channel, id: message.id });
      const outcome = script[calls.length - 1] ?? script.at(-1);
      if (outcome === "temporary") throw new DeliveryError("HTTP 503: busy", false);
      if (outcome === "permanent") throw new DeliveryError("HTTP 400: invalid number", true);
      return { providerMessageId: `p-${calls.length}` };
    },
  });
  const adapters: ChannelAdapters = { sms: adapter("sms"), wechat: adapter("wechat"), email: adapter("email") };
  return { adapters, calls };
}

describe("enqueueMessage", () => {
  it("queues one pending message per consented channel, due now", async () => {
    const m = await member();
    const input = confirmation(m.id);
    const queued = await enqueueMessage(db, input);
    expect(queued.map((q) => [q.channel, q.status]).sort()).toEqual([
      ["email", "pending"],
      ["sms", "pending"],
      ["wechat", "pending"],
    ]);
    const rows = await rowsOf(input.dedupeKey);
    expect(rows.sms).toMatchObject({
      memberId: m.id,
      storeId: store.id,
      templateCode: "appointment_confirmed",
      locale: "zh-CN",
      attempts: 0,
      maxAttempts: 5,
      skipReason: null,
    });
    expect(rows.sms!.sendAfter.toISOString()).toBe(NOW.toISOString());
    expect(rows.sms!.params).toEqual(input.params);
  });

  it("records a channel without consent as skipped (no_consent); the latest consent record decides", async () => {
    const m = await member({ consents: [] });
    await consent(m.id, "sms", false, addMinutes(NOW, -120));
    await consent(m.id, "sms", true, addMinutes(NOW, -60)); // granted again later
    await consent(m.id, "email", true, addMinutes(NOW, -120));
    await consent(m.id, "email", false, addMinutes(NOW, -60)); // withdrawn later
    // wechat: never asked
    const input = confirmation(m.id);
    await enqueueMessage(db, input);
    const rows = await rowsOf(input.dedupeKey);
    expect(rows.sms).toMatchObject({ status: "pending", skipReason: null });
    expect(rows.email).toMatchObject({ status: "skipped", skipReason: "no_consent" });
    expect(rows.wechat).toMatchObject({ status: "skipped", skipReason: "no_consent" });
  });

  it("records a channel without an address as skipped (no_address)", async () => {
    const m = await member({ email: null, openId: null });
    const input = confirmation(m.id);
    await enqueueMessage(db, input);
    const rows = await rowsOf(input.dedupeKey);
    expect(rows.sms).toMatchObject({ status: "pending" });
    expect(rows.email).toMatchObject({ status: "skipped", skipReason: "no_address" });
    expect(rows.wechat).toMatchObject({ status: "skipped", skipReason: "no_address" });
  });

  it("queues only the channels asked for", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["wechat"] });
    const queued = await enqueueMessage(db, input);
    expect(queued.map((q) => q.channel)).toEqual(["wechat"]);
    expect(Object.keys(await rowsOf(input.dedupeKey))).toEqual(["wechat"]);
  });

  it("enqueueing the same dedupe key twice adds nothing (one row per channel)", async () => {
    const m = await member();
    const input = confirmation(m.id);
    expect(await enqueueMessage(db, input)).toHaveLength(3);
    expect(await enqueueMessage(db, { ...input, now: addMinutes(NOW, 5) })).toEqual([]);
    const rows = await db.select().from(outboundMessages).where(eq(outboundMessages.dedupeKey, input.dedupeKey));
    expect(rows).toHaveLength(3);
  });

  it("moves a message due in quiet hours to the next 09:00, store time", async () => {
    const m = await member();
    const late = confirmation(m.id, { now: new Date("2031-05-14T22:30:00+08:00") });
    const [lateRow] = await enqueueMessage(db, late);
    expect(lateRow!.sendAfter.toISOString()).toBe(new Date("2031-05-15T09:00:00+08:00").toISOString());

    const early = confirmation(m.id, { now: new Date("2031-05-14T08:59:00+08:00") });
    const [earlyRow] = await enqueueMessage(db, early);
    expect(earlyRow!.sendAfter.toISOString()).toBe(new Date("2031-05-14T09:00:00+08:00").toISOString());

    // A reminder asked for at 23:15 (24 h before a 23:15 visit) also waits for 09:00.
    const reminder = await enqueueMessage(db, {
      ...confirmation(m.id),
      templateCode: "appointment_reminder",
      sendAfter: new Date("2031-05-15T23:15:00+08:00"),
    });
    expect(reminder[0]!.sendAfter.toISOString()).toBe(new Date("2031-05-16T09:00:00+08:00").toISOString());
  });

  it("skips every channel of an erased member", async () => {
    const m = await member();
    await db.update(members).set({ erasedAt: NOW }).where(eq(members.id, m.id));
    const queued = await enqueueMessage(db, confirmation(m.id));
    expect(queued.map((q) => q.skipReason)).toEqual(["erased", "erased", "erased"]);
  });

  it("skips a message that would only go out after its visit began (expired)", async () => {
    const m = await member();
    // Booked at 21:10 for 21:30: quiet hours hold the confirmation until 09:00, after the visit.
    const queued = await enqueueMessage(
      db,
      confirmation(m.id, {
        now: new Date("2031-05-14T21:10:00+08:00"),
        params: { startsAt: "2031-05-14T13:30:00Z", typeNameZh: "珠宝鉴赏", typeNameEn: "Jewelry viewing" },
      }),
    );
    expect(queued.map((q) => q.skipReason)).toEqual(["expired", "expired", "expired"]);
  });

  it("refuses parameters the template does not accept, and unknown members", async () => {
    const m = await member();
    await expect(
      enqueueMessage(db, confirmation(m.id, { params: { startsAt: "soon", typeNameZh: "x", typeNameEn: "x" } })),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(enqueueMessage(db, confirmation("00000000-0000-4000-8000-000000000000"))).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("stores only the parameters the template knows, not personal data a caller passed along", async () => {
    const m = await member();
    const input = confirmation(m.id, {
      params: {
        startsAt: STARTS_AT,
        typeNameZh: "珠宝鉴赏",
        typeNameEn: "Jewelry viewing",
        memberName: "张晓华",
      } as EnqueueMessageInput<"appointment_confirmed">["params"],
    });
    await enqueueMessage(db, input);
    expect(Object.keys((await rowsOf(input.dedupeKey)).sms!.params).sort()).toEqual([
      "startsAt",
      "typeNameEn",
      "typeNameZh",
    ]);
  });
});

describe("deliverDueMessages", () => {
  it("sends every due message once with the development adapter, rendered in the member's language", async () => {
    const m = await member();
    const zh = confirmation(m.id);
    const en = confirmation(m.id, { locale: "en", channels: ["email"] });
    await enqueueMessage(db, zh);
    await enqueueMessage(db, en);
    const dev = createDevAdapters({ log: () => {} });

    expect(await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 10 })).toEqual({
      sent: 4,
      retried: 0,
      failed: 0,
      skipped: 0,
      deferred: 0,
    });
    const rows = await rowsOf(zh.dedupeKey);
    const sms = dev.sent.find((s) => s.id === rows.sms!.id)!;
    expect(sms.to).toBe(m.phoneE164);
    expect(sms.content).toEqual({
      text: "【Atrium】张晓华您好，您的珠宝鉴赏预约已确认：2031年5月16日（周五）14:30，静安嘉里中心店，顾问王芳。如需改期请联系门店。",
    });
    const englishEmail = dev.sent.find((s) => s.locale === "en")!;
    expect(englishEmail.content).toMatchObject({
      subject: "Appointment confirmed: Jewelry viewing, Fri 16 May 2031, 14:30",
    });

    expect(rows.sms).toMatchObject({
      status: "sent",
      attempts: 1,
      sentTo: m.phoneE164,
      providerMessageId: sms.providerMessageId,
      lockedUntil: null,
      lastError: null,
    });
    expect(rows.sms!.sentAt!.toISOString()).toBe(NOW.toISOString());
    expect(rows.wechat).toMatchObject({ status: "sent", sentTo: m.wechatOpenId });
    expect(rows.email).toMatchObject({ status: "sent", sentTo: m.email });

    // Nothing is sent twice.
    expect((await deliverDueMessages(db, { now: addMinutes(NOW, 1), adapters: dev, limit: 10 })).sent).toBe(0);
    expect(dev.sent).toHaveLength(4);
  });

  it("leaves a message alone until it is due", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms"], sendAfter: addMinutes(NOW, 30) });
    await enqueueMessage(db, input);
    const dev = createDevAdapters({ log: () => {} });
    expect((await deliverDueMessages(db, { now: addMinutes(NOW, 29), adapters: dev, limit: 10 })).sent).toBe(0);
    expect((await deliverDueMessages(db, { now: addMinutes(NOW, 30), adapters: dev, limit: 10 })).sent).toBe(1);
  });

  it("retries a temporary failure after 1, then 5 minutes, then sends", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms"] });
    await enqueueMessage(db, input);
    const { adapters, calls } = scriptedAdapters(["temporary", "temporary", "ok"]);

    expect((await deliverDueMessages(db, { now: NOW, adapters, limit: 10 })).retried).toBe(1);
    let row = (await rowsOf(input.dedupeKey)).sms!;
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 503: busy", lockedUntil: null });
    expect(row.sendAfter.toISOString()).toBe(addMinutes(NOW, 1).toISOString());

    // Not before the backoff has passed.
    expect((await deliverDueMessages(db, { now: addSeconds(NOW, 59), adapters, limit: 10 })).retried).toBe(0);
    expect(calls).toHaveLength(1);

    const second = addMinutes(NOW, 1);
    expect((await deliverDueMessages(db, { now: second, adapters, limit: 10 })).retried).toBe(1);
    row = (await rowsOf(input.dedupeKey)).sms!;
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row.sendAfter.toISOString()).toBe(addMinutes(second, 5).toISOString());

    const third = addMinutes(second, 5);
    expect((await deliverDueMessages(db, { now: third, adapters, limit: 10 })).sent).toBe(1);
    row = (await rowsOf(input.dedupeKey)).sms!;
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null, providerMessageId: "p-3" });
    expect(calls.map((c) => c.id)).toEqual([row.id, row.id, row.id]);
  });

  it("gives up after the last attempt (backoff 1, 5, 25, 125 minutes) and keeps the last error", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms"] });
    await enqueueMessage(db, input);
    const { adapters, calls } = scriptedAdapters(["temporary"]);

    let at = NOW;
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await deliverDueMessages(db, { now: at, adapters, limit: 10 })).retried).toBe(1);
      const row = (await rowsOf(input.dedupeKey)).sms!;
      expect(row.attempts).toBe(attempt);
      expect(row.sendAfter.toISOString()).toBe(addMinutes(at, retryDelayMinutes(attempt)).toISOString());
      at = row.sendAfter;
    }
    expect([1, 2, 3, 4].map(retryDelayMinutes)).toEqual([1, 5, 25, 125]);
    expect((await deliverDueMessages(db, { now: at, adapters, limit: 10 })).failed).toBe(1);
    expect((await rowsOf(input.dedupeKey)).sms).toMatchObject({
      status: "failed",
      attempts: 5,
      lastError: "HTTP 503: busy",
      lockedUntil: null,
    });
    expect(calls).toHaveLength(5);
    expect((await deliverDueMessages(db, { now: addMinutes(at, 1000), adapters, limit: 10 })).failed).toBe(0);
  });

  it("a permanent refusal fails at once", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms"] });
    await enqueueMessage(db, input);
    const { adapters, calls } = scriptedAdapters(["permanent"]);
    expect((await deliverDueMessages(db, { now: NOW, adapters, limit: 10 })).failed).toBe(1);
    expect((await rowsOf(input.dedupeKey)).sms).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "HTTP 400: invalid number",
    });
    expect(calls).toHaveLength(1);
  });

  it("a retry that would fall in quiet hours waits for 09:00", async () => {
    const m = await member();
    const evening = new Date("2031-05-14T20:59:30+08:00");
    const input = confirmation(m.id, { channels: ["sms"], now: evening });
    await enqueueMessage(db, input);
    const { adapters } = scriptedAdapters(["temporary"]);
    await deliverDueMessages(db, { now: evening, adapters, limit: 10 });
    expect((await rowsOf(input.dedupeKey)).sms!.sendAfter.toISOString()).toBe(
      new Date("2031-05-15T09:00:00+08:00").toISOString(),
    );
  });

  it("re-checks quiet hours at send time: a message found due at 21:10 waits for 09:00, without using an attempt", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["email"], now: new Date("2031-05-14T20:50:00+08:00") });
    await enqueueMessage(db, input);
    const dev = createDevAdapters({ log: () => {} });
    const counts = await deliverDueMessages(db, {
      now: new Date("2031-05-14T21:10:00+08:00"),
      adapters: dev,
      limit: 10,
    });
    expect(counts).toMatchObject({ sent: 0, deferred: 1 });
    const row = (await rowsOf(input.dedupeKey)).email!;
    expect(row).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
    expect(row.sendAfter.toISOString()).toBe(new Date("2031-05-15T09:00:00+08:00").toISOString());
    expect(dev.sent).toHaveLength(0);
  });

  it("skips a message whose consent was withdrawn after it was queued", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms", "email"] });
    await enqueueMessage(db, input);
    await consent(m.id, "sms", false, addMinutes(NOW, -1));
    const dev = createDevAdapters({ log: () => {} });
    expect(await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 10 })).toMatchObject({ sent: 1, skipped: 1 });
    const rows = await rowsOf(input.dedupeKey);
    expect(rows.sms).toMatchObject({ status: "skipped", skipReason: "no_consent", attempts: 0, sentTo: null });
    expect(rows.email).toMatchObject({ status: "sent" });
    expect(dev.sent.map((s) => s.channel)).toEqual(["email"]);
  });

  it("skips the messages of a member erased after they were queued", async () => {
    const m = await member();
    const input = confirmation(m.id);
    await enqueueMessage(db, input);
    await db
      .update(members)
      .set({ erasedAt: NOW, phoneE164: null, email: null, wechatOpenId: null })
      .where(eq(members.id, m.id));
    const dev = createDevAdapters({ log: () => {} });
    expect(await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 10 })).toMatchObject({ sent: 0, skipped: 3 });
    const rows = await rowsOf(input.dedupeKey);
    expect(Object.values(rows).map((r) => r.skipReason)).toEqual(["erased", "erased", "erased"]);
    expect(dev.sent).toHaveLength(0);
  });

  it("sends to the address the member has at send time", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["email"] });
    await enqueueMessage(db, input);
    await db.update(members).set({ email: "new-address@example.com" }).where(eq(members.id, m.id));
    const dev = createDevAdapters({ log: () => {} });
    await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 10 });
    expect(dev.sent[0]!.to).toBe("new-address@example.com");
    expect((await rowsOf(input.dedupeKey)).email!.sentTo).toBe("new-address@example.com");
  });

  it("skips a reminder whose visit has already begun", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms"] });
    await enqueueMessage(db, input);
    const dev = createDevAdapters({ log: () => {} });
    const afterStart = addMinutes(new Date(STARTS_AT), 60); // 15:30 in Shanghai, not quiet
    expect(await deliverDueMessages(db, { now: afterStart, adapters: dev, limit: 10 })).toMatchObject({ skipped: 1 });
    expect((await rowsOf(input.dedupeKey)).sms).toMatchObject({ status: "skipped", skipReason: "expired" });
  });

  it("takes over a message whose sender died mid-send once its claim has expired; on the last attempt it fails", async () => {
    const m = await member();
    const input = confirmation(m.id, { channels: ["sms", "email"] });
    await enqueueMessage(db, input);
    const before = await rowsOf(input.dedupeKey);
    // As a sender that crashed leaves them: claimed (one attempt each), claim running until NOW.
    await db
      .update(outboundMessages)
      .set({ status: "sending", attempts: 1, lockedUntil: NOW })
      .where(eq(outboundMessages.id, before.sms!.id));
    await db
      .update(outboundMessages)
      .set({ status: "sending", attempts: 5, lockedUntil: NOW })
      .where(eq(outboundMessages.id, before.email!.id));
    const dev = createDevAdapters({ log: () => {} });

    expect(
      (await deliverDueMessages(db, { now: addSeconds(NOW, -1), adapters: dev, limit: 10 })).sent,
      "still claimed",
    ).toBe(0);
    expect(await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 10 })).toMatchObject({ sent: 1, failed: 1 });
    const rows = await rowsOf(input.dedupeKey);
    expect(rows.sms).toMatchObject({ status: "sent", attempts: 2 });
    expect(rows.email).toMatchObject({ status: "failed", attempts: 5 });
    expect(rows.email!.lastError).toMatch(/claim expired/);
  });

  it("stops at the limit", async () => {
    const m = await member();
    for (let i = 0; i < 3; i++) await enqueueMessage(db, confirmation(m.id, { channels: ["sms"] }));
    const dev = createDevAdapters({ log: () => {} });
    expect((await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 2 })).sent).toBe(2);
    expect((await deliverDueMessages(db, { now: NOW, adapters: dev, limit: 2 })).sent).toBe(1);
  });
});

describe("the message-delivery job", () => {
  it("runs under the job lock; an empty run is audited only when asked to be", async () => {
    const quiet = await runJob(db, "message-delivery", { auditIf: deliveryChangedSomething });
    expect(quiet).toEqual({
      status: "done",
      result: { sent: 0, retried: 0, failed: 0, skipped: 0, deferred: 0 },
    });
    const audited = () =>
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "job.run"), eq(auditLog.entityId, "message-delivery")));
    expect(await audited()).toHaveLength(0);

    await runJob(db, "message-delivery");
    expect(await audited()).toHaveLength(1);
    expect(deliveryChangedSomething({ sent: 1, failed: 0 })).toBe(true);
    expect(deliveryChangedSomething({ sent: 0, retried: 3, deferred: 2 })).toBe(false);
  });
});

// PGlite has one connection: concurrent runs take turns there, so this could not fail.
describe.runIf(testDriver() === "postgres")("concurrent delivery (PostgreSQL only)", () => {
  it("two runs at the same time never send a message twice", async () => {
    const m = await member();
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      const queued = await enqueueMessage(db, confirmation(m.id));
      ids.push(...queued.map((q) => q.id));
    }
    const sent: string[] = [];
    const slow = <C extends Channel>(channel: C): ChannelAdapter<C> => ({
      channel,
      name: "slow",
      async send(message) {
        sent.push(message.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { providerMessageId: `p-${message.id}` };
      },
    });
    const adapters: ChannelAdapters = { sms: slow("sms"), wechat: slow("wechat"), email: slow("email") };

    const runs = await Promise.all([
      deliverDueMessages(db, { now: NOW, adapters, limit: 100 }),
      deliverDueMessages(db, { now: NOW, adapters, limit: 100 }),
      deliverDueMessages(db, { now: NOW, adapters, limit: 100 }),
    ]);
    expect(runs.reduce((total, run) => total + run.sent, 0)).toBe(45);
    expect(runs.filter((run) => run.sent > 0).length, "the work was shared").toBeGreaterThan(1);
    expect(sent).toHaveLength(45);
    expect(new Set(sent).size).toBe(45);
    expect(new Set(sent)).toEqual(new Set(ids));
    const rows = await db.select().from(outboundMessages).where(inArray(outboundMessages.id, ids));
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});

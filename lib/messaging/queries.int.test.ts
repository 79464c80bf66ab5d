import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberConsents, members, outboundMessages } from "@/db/schema";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { createDevAdapters } from "./adapters/dev";
import { listMessages } from "./queries";
import { messageListParamsSchema } from "./schemas";
import { deliverDueMessages, enqueueMessage } from "./service";

const NOW = new Date("2031-05-14T10:00:00+08:00");
const STARTS_AT = "2031-05-16T06:30:00.000Z";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let memberA: { id: string; phoneE164: string | null };

/** Store A: one member, three channels, sent (sms, wechat) and skipped (email: no consent); store B: one pending SMS. */
setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  const a = await insertMember(db, { storeId: storeA.id, name: "张晓华", email: "zhang@example.com" });
  await db.update(members).set({ wechatOpenId: "oAbCdEfGhIjKlMnOpQrStUvW" }).where(eq(members.id, a.id));
  const b = await insertMember(db, { storeId: storeB.id, name: "李四" });
  for (const [memberId, channel] of [
    [a.id, "sms"],
    [a.id, "wechat"],
    [b.id, "sms"],
  ] as const) {
    await db.insert(memberConsents).values({ memberId, channel, granted: true, source: "test", recordedAt: NOW });
  }
  const params = { startsAt: STARTS_AT, typeNameZh: "珠宝鉴赏", typeNameEn: "Jewelry viewing" };
  await enqueueMessage(db, {
    memberId: a.id,
    storeId: storeA.id,
    templateCode: "appointment_confirmed",
    params,
    dedupeKey: `a-${uniqueSuffix()}`,
    now: NOW,
  });
  await deliverDueMessages(db, { now: NOW, adapters: createDevAdapters({ log: () => {} }), limit: 10 });
  await enqueueMessage(db, {
    memberId: b.id,
    storeId: storeB.id,
    templateCode: "appointment_reminder",
    channels: ["sms"],
    params,
    dedupeKey: `b-${uniqueSuffix()}`,
    sendAfter: new Date("2031-05-15T14:30:00+08:00"),
    now: new Date("2031-05-15T10:00:00+08:00"),
  });
  memberA = a;
});

const params = (query: Record<string, string> = {}) => messageListParamsSchema.parse(query);

describe("listMessages", () => {
  it("shows a store-scoped reader the messages of their stores only, all-stores readers every one", async () => {
    const scoped = await listMessages(db, { kind: "stores", storeIds: [storeA.id] }, params());
    expect(scoped.total).toBe(3);
    expect(new Set(scoped.rows.map((r) => r.store?.id))).toEqual(new Set([storeA.id]));
    expect((await listMessages(db, { kind: "stores", storeIds: [] }, params())).total).toBe(0);
    expect((await listMessages(db, { kind: "all" }, params())).total).toBe(4);
  });

  it("masks names and addresses", async () => {
    const { rows } = await listMessages(db, { kind: "stores", storeIds: [storeA.id] }, params({ channel: "sms" }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      memberId: memberA.id,
      memberName: "张*华",
      status: "sent",
      timeZone: "Asia/Shanghai",
    });
    expect(rows[0]!.recipient).toBe(`${memberA.phoneE164!.slice(3, 6)}****${memberA.phoneE164!.slice(-4)}`);
    const wechat = await listMessages(db, { kind: "all" }, params({ channel: "wechat" }));
    expect(wechat.rows[0]!.recipient).toBe("oAbC****tUvW");
    const json = JSON.stringify(await listMessages(db, { kind: "all" }, params()));
    expect(json).not.toContain(memberA.phoneE164!);
    expect(json).not.toContain("zhang@example.com");
    expect(json).not.toContain("张晓华");
  });

  it("filters by status, channel, template, store and the day queued", async () => {
    const all = { kind: "all" } as const;
    expect((await listMessages(db, all, params({ status: "skipped" }))).rows.map((r) => r.skipReason)).toEqual([
      "no_consent",
    ]);
    expect((await listMessages(db, all, params({ template: "appointment_reminder" }))).total).toBe(1);
    expect((await listMessages(db, all, params({ store: storeB.id }))).total).toBe(1);
    expect((await listMessages(db, all, params({ from: "2031-05-15" }))).total).toBe(1);
    expect((await listMessages(db, all, params({ to: "2031-05-14" }))).total).toBe(3);
    expect(
      (await listMessages(db, all, params({ from: "2031-05-14", to: "2031-05-14", channel: "email" }))).total,
    ).toBe(1);
    // Bad values fall back to no filter.
    expect((await listMessages(db, all, params({ status: "lost", from: "2031-02-30" }))).total).toBe(4);
  });

  it("sorts and pages", async () => {
    const all = { kind: "all" } as const;
    const byDue = await listMessages(db, all, params({ sort: "sendAfter", dir: "desc" }));
    expect(byDue.rows[0]!.templateCode).toBe("appointment_reminder");
    const bySent = await listMessages(db, all, params({ sort: "sentAt", dir: "desc" }));
    // Unsent messages come last.
    expect(bySent.rows.map((r) => r.sentAt === null)).toEqual([false, false, true, true]);
    const first = await listMessages(db, all, params({ pageSize: "10", page: "1" }));
    expect(first.rows).toHaveLength(4);
    const beyond = await listMessages(db, all, params({ pageSize: "10", page: "2" }));
    expect(beyond).toMatchObject({ rows: [], total: 4 });
  });

  it("the outbox rows exist as the fixtures say", async () => {
    expect(await db.select().from(outboundMessages)).toHaveLength(4);
  });
});

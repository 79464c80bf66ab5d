import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { publicRateWindows } from "@/db/schema";
import { insertJewelryItem, insertServiceTicket } from "@/tests/helpers/after-sales";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { loadTrackedTicket, loadTrackingPage } from "./queries";
import { TRACKING_REQUESTS_PER_MINUTE } from "./schemas";
import { takeTrackingAllowance, trackingBucket } from "./service";

let db: Db;
let store: TestStore;
let memberId: string;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db, { name: "浦东国金中心店", nameEn: "Pudong IFC" });
  memberId = (await insertMember(db, { storeId: store.id, name: "陈美玲", phone: "+8613911112222" })).id;
});

describe(`the customer's tracking page on ${testDriver()}`, () => {
  it("shows the category, service, stage, promised date and store — no name, phone, claim code, price or reference", async () => {
    const item = await insertJewelryItem(db, { memberId, storeId: store.id, name: "钻石项链", category: "necklace" });
    const ticket = await insertServiceTicket(db, {
      memberId,
      storeId: store.id,
      itemId: item.id,
      status: "in_repair",
      serviceType: "stone_tightening",
      promisedOn: "2026-12-20",
      listPriceFen: 18_000,
      chargeFen: 18_000,
      declaredValueFen: 1_234_500,
    });
    const tracked = await loadTrackedTicket(db, ticket.trackingToken);
    expect(tracked).toEqual({
      category: "necklace",
      serviceType: "stone_tightening",
      stage: "in_service",
      promisedOn: "2026-12-20",
      ready: false,
      readyAt: null,
      store: { name: "浦东国金中心店", nameEn: "Pudong IFC", timeZone: "Asia/Shanghai" },
    });
    const text = JSON.stringify(tracked);
    for (const secret of [
      "陈美玲",
      "陈",
      "13911112222",
      "2222",
      ticket.claimCode,
      ticket.reference,
      "18000",
      "1234500",
      "钻石项链",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it("says when a piece is ready, and that it was collected, in the customer's words", async () => {
    const readyAt = new Date("2026-12-05T06:30:00Z");
    const ready = await insertServiceTicket(db, { memberId, storeId: store.id, status: "ready_for_pickup", readyAt });
    expect(await loadTrackedTicket(db, ready.trackingToken)).toMatchObject({ stage: "ready", ready: true, readyAt });
    for (const [status, stage] of [
      ["received", "received"],
      ["at_workshop", "in_service"],
      ["quality_check", "quality_check"],
      ["picked_up", "collected"],
      ["closed", "collected"],
      ["cancelled", "cancelled"],
    ] as const) {
      const ticket = await insertServiceTicket(db, { memberId, storeId: store.id, status, readyAt });
      expect(await loadTrackedTicket(db, ticket.trackingToken)).toMatchObject({ stage, ready: false, readyAt: null });
    }
  });

  it("an unknown, malformed or hostile token is simply not found", async () => {
    for (const token of [
      "A".repeat(43),
      "short",
      "../../etc/passwd",
      "x".repeat(5000),
      "abc\u0000defghijklmnopqrstuvwxyz",
      "' or 1=1 --aaaaaaaaaaaaaaaaaaa",
      "",
    ]) {
      expect(await loadTrackedTicket(db, token), token.slice(0, 20)).toBeNull();
    }
  });

  it(`allows ${TRACKING_REQUESTS_PER_MINUTE} requests a minute per address (unknown tokens count too), then answers "too many"`, async () => {
    const ticket = await insertServiceTicket(db, { memberId, storeId: store.id, status: "received" });
    const minute = new Date("2026-12-05T08:00:10Z");
    const address = "203.0.113.7";
    for (let i = 0; i < TRACKING_REQUESTS_PER_MINUTE; i++) {
      const token = i % 2 ? ticket.trackingToken : `guess-${String(i).padStart(30, "0")}`;
      const page = await loadTrackingPage(db, { token, address }, minute);
      expect(page.kind).toBe(i % 2 ? "ticket" : "not_found");
    }
    const limited = await loadTrackingPage(db, { token: ticket.trackingToken, address }, minute);
    expect(limited).toEqual({ kind: "rate_limited", retryAfterSeconds: 50 });
    // Another address is not affected; the next minute starts afresh.
    expect((await loadTrackingPage(db, { token: ticket.trackingToken, address: "198.51.100.2" }, minute)).kind).toBe(
      "ticket",
    );
    const nextMinute = new Date("2026-12-05T08:01:00Z");
    expect((await loadTrackingPage(db, { token: ticket.trackingToken, address }, nextMinute)).kind).toBe("ticket");
    const [counted] = await db
      .select()
      .from(publicRateWindows)
      .where(eq(publicRateWindows.bucket, trackingBucket(address)));
    expect(counted).toBeDefined();
  });

  it("deletes windows older than the previous minute, and bounds a hostile address", async () => {
    const early = new Date("2026-12-05T09:00:00Z");
    await takeTrackingAllowance(db, "192.0.2.1", 30, early);
    await takeTrackingAllowance(db, "192.0.2.2", 30, early);
    const later = new Date("2026-12-05T09:05:00Z");
    await takeTrackingAllowance(db, "192.0.2.3", 30, later);
    const old = await db.select().from(publicRateWindows).where(eq(publicRateWindows.windowStart, early));
    expect(old).toEqual([]);

    const hostile = `${"9".repeat(500)}\u0000`;
    expect(await takeTrackingAllowance(db, hostile, 30, later)).toEqual({ allowed: true });
    const [row] = await db
      .select()
      .from(publicRateWindows)
      .where(eq(publicRateWindows.bucket, trackingBucket("9".repeat(64))));
    expect(row!.count).toBe(1);
    expect(await takeTrackingAllowance(db, "", 30, later)).toEqual({ allowed: true });
  });
});

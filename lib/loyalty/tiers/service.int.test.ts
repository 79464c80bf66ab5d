import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { members, memberTierEvents, salesTransactions } from "@/db/schema";
import { saveSetting, settingAt } from "@/lib/settings/versioned";
import { errorOf } from "@/tests/helpers/errors";
import { tierFixtures, YUAN } from "@/tests/helpers/loyalty";
import { createPrincipal } from "@/tests/helpers/members";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { TIER_PROGRAMME, type TierProgramme } from "../programme/rules";
import { tierProgress } from "./queries";
import { rollingSpendFen } from "./rolling-spend";
import { grantTier, upgradeTierAfterPurchase } from "./service";

let db: Db;
let store: TestStore;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
});

const { newMember, purchase, refund, memberRow, eventsOf } = tierFixtures(() => ({ db, storeId: store.id }));

/** A purchase as the POS ingest records it: member locked, row inserted, then the upgrade, in one transaction. */
async function ingest(memberId: string, occurredAt: string, yuan: number) {
  return db.transaction(async (tx) => {
    await tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for("update");
    const transactionId = await (async () => {
      const [row] = await tx
        .insert(salesTransactions)
        .values({
          storeId: store.id,
          memberId,
          externalId: `P-${uniqueSuffix(10)}`,
          kind: "purchase",
          occurredAt: new Date(occurredAt),
          netPaidFen: yuan * YUAN,
        })
        .returning({ id: salesTransactions.id });
      return row!.id;
    })();
    return {
      transactionId,
      ...(await upgradeTierAfterPurchase(tx, { memberId, at: new Date(occurredAt), transactionId })),
    };
  });
}

describe("upgrade after a purchase", () => {
  it("upgrades at once across one threshold, with the spend on the event and tier_since = the purchase time", async () => {
    const id = await newMember();
    await purchase(id, "2025-01-05T12:00:00+08:00", 3000);
    const result = await ingest(id, "2025-03-01T15:00:00+08:00", 2500);
    expect(result).toMatchObject({ tier: "silver", changed: true });
    const row = await memberRow(id);
    expect(row.tier).toBe("silver");
    expect(row.tierSince.toISOString()).toBe(new Date("2025-03-01T15:00:00+08:00").toISOString());
    const events = await eventsOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "upgrade",
      fromTier: "normal",
      toTier: "silver",
      spendFen: 5500 * YUAN,
      transactionId: result.transactionId,
      effectiveOn: "2025-03-01",
    });
  });

  it("jumps two thresholds in one purchase straight to the tier reached", async () => {
    const id = await newMember();
    const result = await ingest(id, "2025-03-01T15:00:00+08:00", 25_000);
    expect(result).toMatchObject({ tier: "gold", changed: true });
    const events = await eventsOf(id);
    expect(events.map((e) => [e.kind, e.fromTier, e.toTier])).toEqual([["upgrade", "normal", "gold"]]);
  });

  it("stays when the spend reaches no higher tier, and never downgrades (a refund takes nothing away at once)", async () => {
    const id = await newMember({ tier: "gold", tierSince: "2025-01-01T10:00:00+08:00" });
    const bought = await purchase(id, "2025-01-01T10:00:00+08:00", 21_000);
    expect(await ingest(id, "2025-02-01T10:00:00+08:00", 100)).toMatchObject({ tier: "gold", changed: false });
    await refund(id, bought, "2025-02-02T10:00:00+08:00", 21_000);
    expect(await rollingSpendFen(db, id, new Date("2025-02-03T10:00:00+08:00"))).toBe(100 * YUAN);
    expect(await ingest(id, "2025-02-03T10:00:00+08:00", 50)).toMatchObject({ tier: "gold", changed: false });
    expect((await memberRow(id)).tier).toBe("gold");
    expect(await eventsOf(id)).toHaveLength(0);
  });

  it("keeps a granted tier that is higher, and ends a grant that the spend overtakes", async () => {
    const held = await newMember({ tier: "diamond", grantedUntil: "2025-12-31" });
    expect(await ingest(held, "2025-03-01T10:00:00+08:00", 25_000)).toMatchObject({ tier: "diamond", changed: false });
    expect((await memberRow(held)).tierGrantedUntil).toBe("2025-12-31");

    const overtaken = await newMember({ tier: "silver", grantedUntil: "2025-12-31" });
    expect(await ingest(overtaken, "2025-03-01T10:00:00+08:00", 25_000)).toMatchObject({ tier: "gold", changed: true });
    const row = await memberRow(overtaken);
    expect(row.tierGrantedUntil).toBeNull();
    expect((await eventsOf(overtaken)).map((e) => [e.kind, e.fromTier, e.toTier])).toEqual([
      ["grant_end", "silver", "silver"],
      ["upgrade", "silver", "gold"],
    ]);
  });

  it("uses the programme in force at the purchase: a version with a future effective date does not apply yet", async () => {
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const lower: TierProgramme = {
      tiers: TIER_PROGRAMME.defaults.tiers.map((tier) =>
        tier.code === "silver" ? { ...tier, thresholdFen: 100_000 } : tier,
      ),
    };
    await saveSetting(db, admin.actor, TIER_PROGRAMME, lower, new Date("2031-07-01T00:00:00+08:00"));
    const id = await newMember();
    expect(await ingest(id, "2031-06-30T23:59:00+08:00", 1500)).toMatchObject({ tier: "normal", changed: false });
    expect(await ingest(id, "2031-07-01T00:00:00+08:00", 1)).toMatchObject({ tier: "silver", changed: true });
    expect((await settingAt(db, TIER_PROGRAMME, new Date("2031-06-30T23:59:00+08:00"))).tiers[1]!.thresholdFen).toBe(
      500_000,
    );
  });
});

describe("manual grant", () => {
  it("sets the tier and end date, writes the grant event and the audit entry", async () => {
    const manager = await createPrincipal(db, ["manager"], [store.id]);
    const id = await newMember({ tier: "silver" });
    const now = new Date("2025-04-01T10:00:00+08:00");
    await grantTier(
      db,
      manager,
      manager.actor,
      { memberId: id, tier: "gold", until: "2025-12-31", reason: "Compensation for a lost order" },
      now,
    );
    const row = await memberRow(id);
    expect(row).toMatchObject({ tier: "gold", tierGrantedUntil: "2025-12-31" });
    expect(row.tierSince.toISOString()).toBe(now.toISOString());
    expect(
      (await eventsOf(id)).map((e) => [e.kind, e.fromTier, e.toTier, e.effectiveOn, e.reason, e.createdBy]),
    ).toEqual([["grant", "silver", "gold", "2025-12-31", "Compensation for a lost order", manager.id]]);
    const audit = await auditEntries(db, { action: "loyalty.tier_grant", entityId: id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorStaffId: manager.id,
      storeId: store.id,
      details: { fromTier: "silver", toTier: "gold", until: "2025-12-31" },
    });
  });

  it("refuses a member outside the manager's stores as not found, a lower tier and a past end date", async () => {
    const other = await createTestStore(db);
    const manager = await createPrincipal(db, ["manager"], [other.id]);
    const id = await newMember({ tier: "gold" });
    const now = new Date("2025-04-01T10:00:00+08:00");
    expect(
      (
        await errorOf(
          grantTier(
            db,
            manager,
            manager.actor,
            { memberId: id, tier: "diamond", until: "2025-12-31", reason: "Try it" },
            now,
          ),
        )
      ).code,
    ).toBe("not_found");

    const own = await createPrincipal(db, ["manager"], [store.id]);
    const lower = await errorOf(
      grantTier(db, own, own.actor, { memberId: id, tier: "silver", until: "2025-12-31", reason: "Lower it" }, now),
    );
    expect(lower.fieldErrors).toEqual({ tier: ["grantBelowCurrent"] });
    const past = await errorOf(
      grantTier(db, own, own.actor, { memberId: id, tier: "diamond", until: "2025-03-31", reason: "Too late" }, now),
    );
    expect(past.fieldErrors).toEqual({ until: ["grantUntilPast"] });
    expect((await memberRow(id)).tier).toBe("gold");
    expect(await eventsOf(id)).toHaveLength(0);
  });
});

describe("progress for the 360° view", () => {
  it("says how much more reaches the next tier and how much more by the anniversary keeps this one", async () => {
    const id = await newMember({ tier: "silver", tierSince: "2024-11-20T10:00:00+08:00" });
    await purchase(id, "2024-09-01T10:00:00+08:00", 4000); // in the window now, out of it by 20 Nov 2025
    await purchase(id, "2025-02-01T10:00:00+08:00", 3000);
    const progress = await tierProgress(db, id, new Date("2025-06-15T10:00:00+08:00"));
    expect(progress).toMatchObject({
      tier: "silver",
      spendFen: 7000 * YUAN,
      next: { tier: "gold", moreFen: 13_000 * YUAN },
      // Only the 3,000 of February will still count on 20 November: 2,000 more keeps silver.
      keep: { tier: "silver", moreFen: 2000 * YUAN, byDate: "2025-11-20" },
      grantedUntil: null,
      timeZone: "Asia/Shanghai",
    });
  });

  it("has no keep target on the base tier and no next tier at the top", async () => {
    const normal = await newMember();
    expect(await tierProgress(db, normal, new Date("2025-06-15T10:00:00+08:00"))).toMatchObject({
      keep: null,
      next: { tier: "silver", moreFen: 5000 * YUAN },
    });
    const diamond = await newMember({
      tier: "diamond",
      tierSince: "2025-01-01T10:00:00+08:00",
      grantedUntil: "2025-08-31",
    });
    expect(await tierProgress(db, diamond, new Date("2025-06-15T10:00:00+08:00"))).toMatchObject({
      next: null,
      grantedUntil: "2025-08-31",
      keep: { tier: "diamond", moreFen: 50_000 * YUAN, byDate: "2025-09-01" },
    });
  });
});

describe("events stay append-only", () => {
  it("a tier event cannot be rewritten", async () => {
    const id = await newMember();
    await ingest(id, "2025-03-01T15:00:00+08:00", 6000);
    const [event] = await eventsOf(id);
    await expect(
      db.update(memberTierEvents).set({ toTier: "diamond" }).where(eq(memberTierEvents.id, event!.id)),
    ).rejects.toThrow();
  });
});

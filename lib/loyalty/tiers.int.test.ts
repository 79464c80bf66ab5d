import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { members, memberTierEvents, salesTransactions } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { Role } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { createPrincipal, insertMember } from "@/lib/members/privacy-test-fixtures";
import { saveSetting, settingAt } from "@/lib/settings/versioned";
import { loadStaffAccount } from "@/lib/staff/principal";
import { auditEntries, createTestDatabase, createTestStaff, createTestStore, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { TIER_PROGRAMME, type TierProgramme } from "./rules";
import { programmeToForm, toDateTimeLocal, type TierProgrammeFormInput } from "./tier-admin";
import {
  evaluateTiers,
  grantTier,
  grantTierUseCase,
  listTierProgrammeVersions,
  previewTierProgrammeUseCase,
  rollingSpendFen,
  rollingSpendsFen,
  saveTierProgrammeUseCase,
  tierEvaluationJob,
  tierProgress,
  tierWhatIf,
  upgradeTierAfterPurchase,
} from "./tiers";

let handle: DatabaseHandle;
let db: Db;
let store: TestStore;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  store = await createTestStore(db);
});
afterAll(async () => handle?.close());

const YUAN = 100;

type MemberOptions = { tier?: string; tierSince?: string; grantedUntil?: string | null; storeId?: string };

async function newMember(options: MemberOptions = {}) {
  const row = await insertMember(db, { storeId: options.storeId ?? store.id, tier: options.tier ?? "normal" });
  await db
    .update(members)
    .set({ tierSince: new Date(options.tierSince ?? "2020-01-01T00:00:00+08:00"), tierGrantedUntil: options.grantedUntil ?? null })
    .where(eq(members.id, row.id));
  return row.id;
}

async function purchase(memberId: string, occurredAt: string, yuan: number, storeId = store.id) {
  const [row] = await db
    .insert(salesTransactions)
    .values({ storeId, memberId, externalId: `P-${uniqueSuffix(10)}`, kind: "purchase", occurredAt: new Date(occurredAt), netPaidFen: yuan * YUAN })
    .returning({ id: salesTransactions.id });
  return row!.id;
}

async function refund(memberId: string, originalId: string, occurredAt: string, yuan: number) {
  await db.insert(salesTransactions).values({
    storeId: store.id,
    memberId,
    externalId: `R-${uniqueSuffix(10)}`,
    kind: "refund",
    originalId,
    occurredAt: new Date(occurredAt),
    netPaidFen: -yuan * YUAN,
  });
}

/** A purchase as the POS ingest records it: member locked, row inserted, then the upgrade, in one transaction. */
async function ingest(memberId: string, occurredAt: string, yuan: number) {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await txDb.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for("update");
    const transactionId = await (async () => {
      const [row] = await txDb
        .insert(salesTransactions)
        .values({ storeId: store.id, memberId, externalId: `P-${uniqueSuffix(10)}`, kind: "purchase", occurredAt: new Date(occurredAt), netPaidFen: yuan * YUAN })
        .returning({ id: salesTransactions.id });
      return row!.id;
    })();
    return { transactionId, ...(await upgradeTierAfterPurchase(txDb, { memberId, at: new Date(occurredAt), transactionId })) };
  });
}

async function memberRow(id: string) {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row!;
}

async function eventsOf(memberId: string) {
  return db.select().from(memberTierEvents).where(eq(memberTierEvents.memberId, memberId)).orderBy(asc(memberTierEvents.id));
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("rolling 12-month net spend", () => {
  it("counts from 00:00 local on the same date 12 months earlier up to the moment, purchases minus refunds", async () => {
    const id = await newMember();
    await purchase(id, "2024-06-14T10:00:00+08:00", 1000); // 12 months + 1 day ago: out
    await purchase(id, "2024-06-14T23:30:00+08:00", 2000); // late on the day before the window: out
    await purchase(id, "2024-06-15T00:00:00+08:00", 300); // the window's first instant: in
    const refunded = await purchase(id, "2025-01-10T12:00:00+08:00", 800);
    await refund(id, refunded, "2025-02-01T12:00:00+08:00", 500);
    await purchase(id, "2025-06-15T10:00:00+08:00", 40); // exactly `at`: in
    await purchase(id, "2025-06-15T10:00:01+08:00", 9000); // after `at`: out
    expect(await rollingSpendFen(db, id, new Date("2025-06-15T10:00:00+08:00"))).toBe((300 + 800 - 500 + 40) * YUAN);
  });

  it("takes the boundary date in the store's time zone: 23:30 Shanghai on the day before is out, 00:30 (still the day before in UTC) is in", async () => {
    const id = await newMember();
    // `at` is 00:30 on 16 June 2025 in Shanghai, still 15 June in UTC: the window starts 16 June 2024, Shanghai.
    await purchase(id, "2024-06-15T23:30:00+08:00", 1000); // 15:30 UTC on 15 June: a UTC-date window would count it
    await purchase(id, "2024-06-16T00:30:00+08:00", 200); // 16:30 UTC on 15 June: in
    expect(await rollingSpendFen(db, id, new Date("2025-06-16T00:30:00+08:00"))).toBe(200 * YUAN);
  });

  it("uses the home store's own time zone", async () => {
    const newYork = await createTestStore(db, { timeZone: "America/New_York" });
    const id = await newMember({ storeId: newYork.id });
    // 15 June 2025 08:00 in New York; the window starts 15 June 2024 00:00 New York = 04:00 UTC.
    await purchase(id, "2024-06-15T03:59:00Z", 100, newYork.id);
    await purchase(id, "2024-06-15T04:00:00Z", 70, newYork.id);
    expect(await rollingSpendFen(db, id, new Date("2025-06-15T12:00:00Z"))).toBe(70 * YUAN);
  });

  it("gives the same numbers set-based for many members at once", async () => {
    const a = await newMember();
    const b = await newMember();
    const c = await newMember();
    await purchase(a, "2024-06-15T00:00:00+08:00", 300);
    await purchase(a, "2024-06-14T23:59:59+08:00", 5);
    await purchase(b, "2025-03-01T12:00:00+08:00", 1234);
    const at = new Date("2025-06-15T10:00:00+08:00");
    const spends = await rollingSpendsFen(db, [a, b, c], at);
    expect(Object.fromEntries(spends)).toEqual({ [a]: 300 * YUAN, [b]: 1234 * YUAN, [c]: 0 });
    for (const id of [a, b, c]) expect(spends.get(id)).toBe(await rollingSpendFen(db, id, at));
  });
});

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
    expect(events[0]).toMatchObject({ kind: "upgrade", fromTier: "normal", toTier: "silver", spendFen: 5500 * YUAN, transactionId: result.transactionId, effectiveOn: "2025-03-01" });
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
      tiers: TIER_PROGRAMME.defaults.tiers.map((tier) => (tier.code === "silver" ? { ...tier, thresholdFen: 100_000 } : tier)),
    };
    await saveSetting(db, admin.actor, TIER_PROGRAMME, lower, new Date("2031-07-01T00:00:00+08:00"));
    const id = await newMember();
    expect(await ingest(id, "2031-06-30T23:59:00+08:00", 1500)).toMatchObject({ tier: "normal", changed: false });
    expect(await ingest(id, "2031-07-01T00:00:00+08:00", 1)).toMatchObject({ tier: "silver", changed: true });
    expect((await settingAt(db, TIER_PROGRAMME, new Date("2031-06-30T23:59:00+08:00"))).tiers[1]!.thresholdFen).toBe(500_000);
  });
});

describe("yearly evaluation job", () => {
  it("goes down one tier at most on the anniversary: a diamond with no spend becomes gold, not normal", async () => {
    const id = await newMember({ tier: "diamond", tierSince: "2024-03-10T15:00:00+08:00" });
    await evaluateTiers(db, new Date("2025-03-09T23:00:00+08:00")); // the day before: not due (a notice, though)
    expect((await memberRow(id)).tier).toBe("diamond");

    const counts = await evaluateTiers(db, new Date("2025-03-10T02:00:00+08:00"));
    expect(counts.downgraded).toBeGreaterThanOrEqual(1);
    const row = await memberRow(id);
    expect(row.tier).toBe("gold");
    expect(row.tierSince.toISOString()).toBe(new Date("2025-03-10T00:00:00+08:00").toISOString());
    expect((await eventsOf(id)).map((e) => [e.kind, e.fromTier, e.toTier, e.effectiveOn, e.spendFen])).toEqual([
      ["downgrade_notice", "diamond", "gold", "2025-03-10", 0],
      ["downgrade", "diamond", "gold", "2025-03-10", 0],
    ]);
  });

  it("is idempotent: a second run the same day (and the next day) changes nothing", async () => {
    const down = await newMember({ tier: "gold", tierSince: "2024-04-02T09:00:00+08:00" });
    const keep = await newMember({ tier: "silver", tierSince: "2024-04-02T09:00:00+08:00" });
    await purchase(keep, "2025-01-15T12:00:00+08:00", 6000);
    const now = new Date("2025-04-02T03:00:00+08:00");
    await evaluateTiers(db, now);
    expect((await memberRow(down)).tier).toBe("silver");
    expect((await memberRow(keep)).tier).toBe("silver");
    expect((await eventsOf(keep)).map((e) => [e.kind, e.effectiveOn, e.spendFen])).toEqual([["kept", "2025-04-02", 6000 * YUAN]]);

    const before = { down: await eventsOf(down), keep: await eventsOf(keep), downRow: await memberRow(down) };
    expect(await tierEvaluationJob(db, new Date("2025-04-02T23:00:00+08:00"))).toEqual({ evaluated: 0, downgraded: 0, kept: 0, grantsEnded: 0, notices: 0 });
    await evaluateTiers(db, new Date("2025-04-03T03:00:00+08:00"));
    expect(await eventsOf(down)).toEqual(before.down);
    expect(await eventsOf(keep)).toEqual(before.keep);
    expect(await memberRow(down)).toEqual(before.downRow);
  });

  it("evaluates an anniversary missed by the scheduler at the next run, dated with the anniversary", async () => {
    const id = await newMember({ tier: "gold", tierSince: "2024-05-20T10:00:00+08:00" });
    await evaluateTiers(db, new Date("2025-05-23T03:00:00+08:00"));
    const row = await memberRow(id);
    expect(row.tier).toBe("silver");
    expect(row.tierSince.toISOString()).toBe(new Date("2025-05-20T00:00:00+08:00").toISOString());
  });

  it("evaluates a kept tier again a year later", async () => {
    const id = await newMember({ tier: "gold", tierSince: "2023-07-01T10:00:00+08:00" });
    await purchase(id, "2024-03-01T10:00:00+08:00", 20_000);
    await evaluateTiers(db, new Date("2024-07-01T03:00:00+08:00"));
    expect((await memberRow(id)).tier).toBe("gold");
    await evaluateTiers(db, new Date("2025-07-01T03:00:00+08:00"));
    expect((await memberRow(id)).tier).toBe("silver");
    expect((await eventsOf(id)).map((e) => [e.kind, e.effectiveOn])).toEqual([
      ["kept", "2024-07-01"],
      ["downgrade", "2025-07-01"],
    ]);
  });

  it("writes one downgrade notice 30 days before an anniversary where the member would drop", async () => {
    const dropping = await newMember({ tier: "gold", tierSince: "2024-09-30T10:00:00+08:00" });
    const safe = await newMember({ tier: "gold", tierSince: "2024-09-30T10:00:00+08:00" });
    await purchase(safe, "2025-02-01T10:00:00+08:00", 20_000);

    await evaluateTiers(db, new Date("2025-08-30T09:00:00+08:00")); // 31 days before
    expect(await eventsOf(dropping)).toHaveLength(0);

    const first = await evaluateTiers(db, new Date("2025-08-31T09:00:00+08:00")); // 30 days before
    expect(first.notices).toBeGreaterThanOrEqual(1);
    await evaluateTiers(db, new Date("2025-08-31T21:00:00+08:00"));
    await evaluateTiers(db, new Date("2025-09-10T09:00:00+08:00"));
    const notices = (await eventsOf(dropping)).filter((e) => e.kind === "downgrade_notice");
    expect(notices.map((e) => [e.fromTier, e.toTier, e.effectiveOn])).toEqual([["gold", "silver", "2025-09-30"]]);
    expect(await eventsOf(safe)).toHaveLength(0);
  });

  it("skips a member whose grant is in force, then ends the grant and evaluates once (one tier down)", async () => {
    const manager = await createPrincipal(db, ["manager"], [store.id]);
    const id = await newMember({ tier: "normal", tierSince: "2024-05-15T10:00:00+08:00" });
    await grantTier(db, manager, manager.actor, { memberId: id, tier: "diamond", until: "2025-05-31", reason: "Brand ambassador" }, new Date("2025-05-01T10:00:00+08:00"));

    // A gold member without spend whose grant (an extension of gold) covers the anniversary: no evaluation, no notice.
    const extended = await newMember({ tier: "gold", tierSince: "2024-05-20T10:00:00+08:00" });
    await grantTier(db, manager, manager.actor, { memberId: extended, tier: "gold", until: "2025-05-31", reason: "Extended after complaint" }, new Date("2025-04-01T10:00:00+08:00"));
    await evaluateTiers(db, new Date("2025-04-25T12:00:00+08:00"));
    await evaluateTiers(db, new Date("2025-05-20T12:00:00+08:00"));
    await evaluateTiers(db, new Date("2025-05-31T12:00:00+08:00"));
    expect(await memberRow(extended)).toMatchObject({ tier: "gold", tierGrantedUntil: "2025-05-31" });
    expect((await eventsOf(extended)).map((e) => e.kind)).toEqual(["grant"]);
    expect((await memberRow(id)).tier).toBe("diamond");
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["grant"]);

    const counts = await evaluateTiers(db, new Date("2025-06-01T03:00:00+08:00"));
    expect(counts.grantsEnded).toBeGreaterThanOrEqual(1);
    const row = await memberRow(id);
    expect(row.tier).toBe("gold");
    expect(row.tierGrantedUntil).toBeNull();
    expect(row.tierSince.toISOString()).toBe(new Date("2025-06-01T00:00:00+08:00").toISOString());
    expect((await eventsOf(id)).map((e) => [e.kind, e.fromTier, e.toTier, e.effectiveOn])).toEqual([
      ["grant", "normal", "diamond", "2025-05-31"],
      ["grant_end", "diamond", "diamond", "2025-05-31"],
      ["downgrade", "diamond", "gold", "2025-06-01"],
    ]);

    expect(await evaluateTiers(db, new Date("2025-06-01T20:00:00+08:00"))).toMatchObject({ grantsEnded: 0, evaluated: 0 });
    expect(await eventsOf(id)).toHaveLength(3);
  });

  it("keeps the tier at the end of a grant when the spend qualifies", async () => {
    const id = await newMember({ tier: "gold", tierSince: "2025-01-10T10:00:00+08:00", grantedUntil: "2025-06-30" });
    await purchase(id, "2025-03-01T10:00:00+08:00", 20_000);
    await evaluateTiers(db, new Date("2025-07-01T03:00:00+08:00"));
    expect((await memberRow(id)).tier).toBe("gold");
    expect((await eventsOf(id)).map((e) => [e.kind, e.effectiveOn])).toEqual([
      ["grant_end", "2025-06-30"],
      ["kept", "2025-07-01"],
    ]);
  });
});

describe("manual grant", () => {
  it("sets the tier and end date, writes the grant event and the audit entry", async () => {
    const manager = await createPrincipal(db, ["manager"], [store.id]);
    const id = await newMember({ tier: "silver" });
    const now = new Date("2025-04-01T10:00:00+08:00");
    await grantTier(db, manager, manager.actor, { memberId: id, tier: "gold", until: "2025-12-31", reason: "Compensation for a lost order" }, now);
    const row = await memberRow(id);
    expect(row).toMatchObject({ tier: "gold", tierGrantedUntil: "2025-12-31" });
    expect(row.tierSince.toISOString()).toBe(now.toISOString());
    expect((await eventsOf(id)).map((e) => [e.kind, e.fromTier, e.toTier, e.effectiveOn, e.reason, e.createdBy])).toEqual([
      ["grant", "silver", "gold", "2025-12-31", "Compensation for a lost order", manager.id],
    ]);
    const audit = await auditEntries(db, { action: "loyalty.tier_grant", entityId: id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorStaffId: manager.id, storeId: store.id, details: { fromTier: "silver", toTier: "gold", until: "2025-12-31" } });
  });

  it("refuses a member outside the manager's stores as not found, a lower tier and a past end date", async () => {
    const other = await createTestStore(db);
    const manager = await createPrincipal(db, ["manager"], [other.id]);
    const id = await newMember({ tier: "gold" });
    const now = new Date("2025-04-01T10:00:00+08:00");
    expect((await errorOf(grantTier(db, manager, manager.actor, { memberId: id, tier: "diamond", until: "2025-12-31", reason: "Try it" }, now))).code).toBe("not_found");

    const own = await createPrincipal(db, ["manager"], [store.id]);
    const lower = await errorOf(grantTier(db, own, own.actor, { memberId: id, tier: "silver", until: "2025-12-31", reason: "Lower it" }, now));
    expect(lower.fieldErrors).toEqual({ tier: ["grantBelowCurrent"] });
    const past = await errorOf(grantTier(db, own, own.actor, { memberId: id, tier: "diamond", until: "2025-03-31", reason: "Too late" }, now));
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
    expect(await tierProgress(db, normal, new Date("2025-06-15T10:00:00+08:00"))).toMatchObject({ keep: null, next: { tier: "silver", moreFen: 5000 * YUAN } });
    const diamond = await newMember({ tier: "diamond", tierSince: "2025-01-01T10:00:00+08:00", grantedUntil: "2025-08-31" });
    expect(await tierProgress(db, diamond, new Date("2025-06-15T10:00:00+08:00"))).toMatchObject({
      next: null,
      grantedUntil: "2025-08-31",
      keep: { tier: "diamond", moreFen: 50_000 * YUAN, byDate: "2025-09-01" },
    });
  });
});

describe("what-if for new thresholds", () => {
  it("counts per tier who would move up, move down or stay under the proposed thresholds (and under the programme in force)", async () => {
    const proposed: TierProgramme = {
      tiers: [
        { code: "normal", thresholdFen: 0, multiplier: "1.0", parkingHours: 0 },
        { code: "silver", thresholdFen: 300_000, multiplier: "1.2", parkingHours: 2 },
        { code: "gold", thresholdFen: 3_000_000, multiplier: "1.5", parkingHours: 2 },
        { code: "diamond", thresholdFen: 6_000_000, multiplier: "2.0", parkingHours: 4 },
      ],
    };
    const now = new Date();
    const before = await tierWhatIf(db, proposed, now);
    const recent = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const add = async (tier: string, yuan: number, grantedUntil: string | null = null) => {
      const id = await newMember({ tier, grantedUntil });
      if (yuan) await purchase(id, recent, yuan);
    };
    await add("normal", 4000); // silver at 3,000: up (stays under the programme in force)
    await add("normal", 100); // stays
    await add("silver", 6000); // stays
    await add("gold", 25_000); // gold now needs 30,000: down (stays in force)
    await add("gold", 25_000, "2099-12-31"); // would go down, but the grant holds: stays
    await add("diamond", 55_000); // diamond now needs 60,000: down
    await add("diamond", 0); // down under both
    const after = await tierWhatIf(db, proposed, now);

    const delta = (tier: number, which: "proposed" | "inForce") => {
      const a = after.rows[tier]![which];
      const b = before.rows[tier]![which];
      return { up: a.up - b.up, down: a.down - b.down, stay: a.stay - b.stay };
    };
    expect(after.rows.map((r, i) => r.members - before.rows[i]!.members)).toEqual([2, 1, 2, 2]);
    expect(delta(0, "proposed")).toEqual({ up: 1, down: 0, stay: 1 });
    expect(delta(1, "proposed")).toEqual({ up: 0, down: 0, stay: 1 });
    expect(delta(2, "proposed")).toEqual({ up: 0, down: 1, stay: 1 });
    expect(delta(3, "proposed")).toEqual({ up: 0, down: 2, stay: 0 });
    expect(delta(0, "inForce")).toEqual({ up: 0, down: 0, stay: 2 });
    expect(delta(2, "inForce")).toEqual({ up: 0, down: 0, stay: 2 });
    expect(delta(3, "inForce")).toEqual({ up: 0, down: 1, stay: 1 });
    expect(after.totals.members - before.totals.members).toBe(7);
  });
});

describe("authorization through executeAction", () => {
  async function account(roles: Role[], storeIds = [store.id], allStores = false) {
    const created = await createTestStaff(db, { roles, storeIds, allStores });
    return (await loadStaffAccount(db, created.id))!;
  }
  const futureForm = (): TierProgrammeFormInput => ({ ...programmeToForm(TIER_PROGRAMME.defaults), effectiveFrom: "2099-01-01T00:00" });

  it("lets only a role with loyalty.tiers.grant grant a tier", async () => {
    const id = await newMember({ tier: "silver" });
    const input = { memberId: id, tier: "gold", until: "2099-12-31", reason: "Anniversary gesture" };
    for (const roles of [["advisor"], ["service"], ["after_sales"], ["admin"]] as const) {
      const staff = await account([...roles], [store.id], roles[0] === "admin");
      expect((await errorOf(executeAction(grantTierUseCase, { staff, actor: { ip: null }, db }, input))).code).toBe("forbidden");
    }
    expect((await memberRow(id)).tier).toBe("silver");
    const manager = await account(["manager"]);
    await executeAction(grantTierUseCase, { staff: manager, actor: { ip: "10.1.1.1" }, db }, input);
    expect(await memberRow(id)).toMatchObject({ tier: "gold", tierGrantedUntil: "2099-12-31" });
    expect(await auditEntries(db, { action: "loyalty.tier_grant", entityId: id, ip: "10.1.1.1" })).toHaveLength(1);
  });

  it("lets only a role with loyalty.tiers.manage save a version or preview it", async () => {
    for (const roles of [["manager"], ["advisor"], ["service"]] as const) {
      const staff = await account([...roles]);
      expect((await errorOf(executeAction(saveTierProgrammeUseCase, { staff, actor: { ip: null }, db }, futureForm()))).code).toBe("forbidden");
      expect((await errorOf(executeAction(previewTierProgrammeUseCase, { staff, actor: { ip: null }, db }, futureForm()))).code).toBe("forbidden");
    }
    const admin = await account(["admin"], [], true);
    const saved = (await executeAction(saveTierProgrammeUseCase, { staff: admin, actor: { ip: null }, db }, futureForm())) as { id: string; effectiveFrom: string };
    expect(saved.effectiveFrom).toBe(new Date("2099-01-01T00:00:00+08:00").toISOString());
    expect(await auditEntries(db, { action: "settings.save", actorStaffId: admin.id })).toHaveLength(1);
    const preview = await executeAction(previewTierProgrammeUseCase, { staff: admin, actor: { ip: null }, db }, futureForm());
    expect(preview).toHaveProperty("rows");

    const { rows } = await listTierProgrammeVersions(db, { page: 1, pageSize: 10 });
    expect(rows.find((r) => r.id === saved.id)).toMatchObject({ status: "scheduled", setByName: "Test Staff" });
  });

  it("refuses an effective time in the past", async () => {
    const admin = await account(["admin"], [], true);
    const past = { ...futureForm(), effectiveFrom: toDateTimeLocal(new Date(Date.now() - 86_400_000)) };
    const error = await errorOf(executeAction(saveTierProgrammeUseCase, { staff: admin, actor: { ip: null }, db }, past));
    expect(error.fieldErrors).toEqual({ effectiveFrom: ["effectiveInPast"] });
  });

  it("rejects invalid thresholds before anything is saved", async () => {
    const admin = await account(["admin"], [], true);
    const bad = futureForm();
    bad.tiers[2] = { ...bad.tiers[2]!, thresholdYuan: "100" };
    const error = await errorOf(executeAction(saveTierProgrammeUseCase, { staff: admin, actor: { ip: null }, db }, bad));
    expect(error.code).toBe("validation");
    expect(await auditEntries(db, { action: "settings.save", actorStaffId: admin.id })).toHaveLength(0);
  });
});

describe("events stay append-only", () => {
  it("a tier event cannot be rewritten", async () => {
    const id = await newMember();
    await ingest(id, "2025-03-01T15:00:00+08:00", 6000);
    const [event] = await eventsOf(id);
    await expect(db.update(memberTierEvents).set({ toTier: "diamond" }).where(eq(memberTierEvents.id, event!.id))).rejects.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { tierFixtures, YUAN } from "@/tests/helpers/loyalty";
import { createPrincipal } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { evaluateTiers, tierEvaluationJob } from "./evaluation-job";
import { grantTier } from "./service";

let db: Db;
let store: TestStore;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
});

const { newMember, purchase, memberRow, eventsOf } = tierFixtures(() => ({ db, storeId: store.id }));

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
    expect((await eventsOf(keep)).map((e) => [e.kind, e.effectiveOn, e.spendFen])).toEqual([
      ["kept", "2025-04-02", 6000 * YUAN],
    ]);

    const before = { down: await eventsOf(down), keep: await eventsOf(keep), downRow: await memberRow(down) };
    expect(await tierEvaluationJob(db, new Date("2025-04-02T23:00:00+08:00"))).toEqual({
      evaluated: 0,
      downgraded: 0,
      kept: 0,
      grantsEnded: 0,
      notices: 0,
    });
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
    await grantTier(
      db,
      manager,
      manager.actor,
      { memberId: id, tier: "diamond", until: "2025-05-31", reason: "Brand ambassador" },
      new Date("2025-05-01T10:00:00+08:00"),
    );

    // A gold member without spend whose grant (an extension of gold) covers the anniversary: no evaluation, no notice.
    const extended = await newMember({ tier: "gold", tierSince: "2024-05-20T10:00:00+08:00" });
    await grantTier(
      db,
      manager,
      manager.actor,
      { memberId: extended, tier: "gold", until: "2025-05-31", reason: "Extended after complaint" },
      new Date("2025-04-01T10:00:00+08:00"),
    );
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

    expect(await evaluateTiers(db, new Date("2025-06-01T20:00:00+08:00"))).toMatchObject({
      grantsEnded: 0,
      evaluated: 0,
    });
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

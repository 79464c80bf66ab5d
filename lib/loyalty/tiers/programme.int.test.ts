import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/auth/policy";
import { errorOf } from "@/tests/helpers/errors";
import { tierFixtures } from "@/tests/helpers/loyalty";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { TIER_PROGRAMME, type TierProgramme } from "../programme/rules";
import { listTierProgrammeVersions, tierWhatIf } from "./programme";
import { programmeToForm, toDateTimeLocal, type TierProgrammeFormInput } from "./schemas";
import { grantTierUseCase, previewTierProgrammeUseCase, saveTierProgrammeUseCase } from "./use-cases";

let db: Db;
let store: TestStore;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
});

const { newMember, purchase, memberRow } = tierFixtures(() => ({ db, storeId: store.id }));

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

describe("authorization through the use cases", () => {
  const account = (roles: Role[], storeIds = [store.id], allStores = false) =>
    createTestAccount(db, roles, storeIds, { allStores });
  const futureForm = (): TierProgrammeFormInput => ({
    ...programmeToForm(TIER_PROGRAMME.defaults),
    effectiveFrom: "2099-01-01T00:00",
  });

  it("lets only a role with loyalty.tiers.grant grant a tier", async () => {
    const id = await newMember({ tier: "silver" });
    const input = { memberId: id, tier: "gold", until: "2099-12-31", reason: "Anniversary gesture" };
    for (const roles of [["advisor"], ["service"], ["after_sales"], ["admin"]] as const) {
      const staff = await account([...roles], [store.id], roles[0] === "admin");
      expect((await errorOf(runAs(db, grantTierUseCase, staff, input))).code).toBe("forbidden");
    }
    expect((await memberRow(id)).tier).toBe("silver");
    const manager = await account(["manager"]);
    await runAs(db, grantTierUseCase, manager, input, { ip: "10.1.1.1" });
    expect(await memberRow(id)).toMatchObject({ tier: "gold", tierGrantedUntil: "2099-12-31" });
    expect(await auditEntries(db, { action: "loyalty.tier_grant", entityId: id, ip: "10.1.1.1" })).toHaveLength(1);
  });

  it("lets only a role with loyalty.tiers.manage save a version or preview it", async () => {
    for (const roles of [["manager"], ["advisor"], ["service"]] as const) {
      const staff = await account([...roles]);
      expect((await errorOf(runAs(db, saveTierProgrammeUseCase, staff, futureForm()))).code).toBe("forbidden");
      expect((await errorOf(runAs(db, previewTierProgrammeUseCase, staff, futureForm()))).code).toBe("forbidden");
    }
    const admin = await account(["admin"], [], true);
    const saved = (await runAs(db, saveTierProgrammeUseCase, admin, futureForm())) as {
      id: string;
      effectiveFrom: string;
    };
    expect(saved.effectiveFrom).toBe(new Date("2099-01-01T00:00:00+08:00").toISOString());
    expect(await auditEntries(db, { action: "settings.save", actorStaffId: admin.id })).toHaveLength(1);
    const preview = await runAs(db, previewTierProgrammeUseCase, admin, futureForm());
    expect(preview).toHaveProperty("rows");

    const { rows } = await listTierProgrammeVersions(db, { page: 1, pageSize: 10 });
    expect(rows.find((r) => r.id === saved.id)).toMatchObject({ status: "scheduled", setByName: "Test Staff" });
  });

  it("refuses an effective time in the past", async () => {
    const admin = await account(["admin"], [], true);
    const past = { ...futureForm(), effectiveFrom: toDateTimeLocal(new Date(Date.now() - 86_400_000)) };
    const error = await errorOf(runAs(db, saveTierProgrammeUseCase, admin, past));
    expect(error.fieldErrors).toEqual({ effectiveFrom: ["effectiveInPast"] });
  });

  it("rejects invalid thresholds before anything is saved", async () => {
    const admin = await account(["admin"], [], true);
    const bad = futureForm();
    bad.tiers[2] = { ...bad.tiers[2]!, thresholdYuan: "100" };
    const error = await errorOf(runAs(db, saveTierProgrammeUseCase, admin, bad));
    expect(error.code).toBe("validation");
    expect(await auditEntries(db, { action: "settings.save", actorStaffId: admin.id })).toHaveLength(0);
  });
});

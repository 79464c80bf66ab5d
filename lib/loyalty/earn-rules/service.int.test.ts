import { addDays, addMinutes, format } from "date-fns";
import { tz } from "@date-fns/tz";
import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { settings } from "@/db/schema";
import { hasPermission, ROLES, type Role } from "@/lib/auth/policy";
import { settingAt } from "@/lib/settings/versioned";
import { errorOf } from "@/tests/helpers/errors";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  type TestStaff,
} from "@/tests/helpers/test-db";
import { EARN_RULES, PROGRAMME_TIME_ZONE } from "../programme/rules";
import { earnRulesOverview } from "./queries";
import { earnRulesFormSchema, type EarnRulesFormInput } from "./schemas";
import { resolveEffectiveFrom, saveEarnRules } from "./service";
import { saveEarnRulesUseCase } from "./use-cases";

let db: Db;
let admin: TestStaff;

setupTestDatabase(async (opened) => {
  db = opened;
  admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
});
// Each test starts from a programme with no saved earn rules (the setting is global).
beforeEach(async () => {
  await db.delete(settings).where(eq(settings.key, EARN_RULES.key));
});

function localInput(at: Date) {
  return format(at, "yyyy-MM-dd'T'HH:mm", { in: tz(PROGRAMME_TIME_ZONE) });
}

function form(overrides: Partial<EarnRulesFormInput> = {}): EarnRulesFormInput {
  return {
    effectiveFrom: "",
    adjustmentApprovalThreshold: 8000,
    parkingPointsPerHour: 150,
    cashOffsetPointsPerYuan: 100,
    surveyPoints: 80,
    referralPoints: 600,
    campaigns: [],
    ...overrides,
  };
}

describe("saving earn rules", () => {
  it("a version saved now applies at once, with its campaign, and is audited as settings.save", async () => {
    const store = await createTestStore(db);
    const input = earnRulesFormSchema.parse(
      form({
        campaigns: [
          {
            code: "vip-week",
            name: "会员周",
            startsOn: "2026-05-01",
            endsOn: "2026-05-07",
            extraMultiplier: "1.5",
            minBaseYuan: "500",
            storeIds: [store.id],
          },
        ],
      }),
    );
    const { id } = await saveEarnRules(db, admin.actor, input);
    const rules = await settingAt(db, EARN_RULES);
    expect(rules).toMatchObject({
      adjustmentApprovalThreshold: 8000,
      parkingPointsPerHour: 150,
      surveyPoints: 80,
      referralPoints: 600,
    });
    expect(rules.campaigns).toEqual([
      {
        code: "VIP-WEEK",
        name: "会员周",
        startsOn: "2026-05-01",
        endsOn: "2026-05-07",
        extraMultiplier: "1.5",
        minBaseFen: 50_000,
        storeIds: [store.id],
      },
    ]);
    const [audit] = await auditEntries(db, {
      action: "settings.save",
      entityId: EARN_RULES.key,
      actorStaffId: admin.id,
    });
    expect(audit).toBeDefined();
    expect((audit!.details as { value: unknown }).value).toEqual(rules);

    const overview = await earnRulesOverview(db);
    expect(overview.usingDefaults).toBe(false);
    expect(overview.versions.map((v) => [v.id, v.status, v.setBy?.username])).toEqual([
      [id, "in_force", admin.username],
    ]);
  });

  it("a version with a future effective date does not apply yet; it applies from that moment", async () => {
    const now = new Date();
    await saveEarnRules(db, admin.actor, earnRulesFormSchema.parse(form({ surveyPoints: 70 })), now);
    const future = addDays(now, 3);
    const { effectiveFrom } = await saveEarnRules(
      db,
      admin.actor,
      earnRulesFormSchema.parse(form({ surveyPoints: 120, effectiveFrom: localInput(future) })),
      now,
    );
    // Minute precision, read in the programme's zone.
    expect(localInput(effectiveFrom)).toBe(localInput(future));
    expect(effectiveFrom.getSeconds()).toBe(0);

    expect((await settingAt(db, EARN_RULES, now)).surveyPoints).toBe(70);
    expect((await settingAt(db, EARN_RULES, addMinutes(effectiveFrom, -1))).surveyPoints).toBe(70);
    expect((await settingAt(db, EARN_RULES, effectiveFrom)).surveyPoints).toBe(120);

    const overview = await earnRulesOverview(db, now);
    expect(overview.inForce.surveyPoints).toBe(70);
    expect(overview.versions.map((v) => [v.status, v.rules.surveyPoints])).toEqual([
      ["scheduled", 120],
      ["in_force", 70],
    ]);
    const later = await earnRulesOverview(db, addDays(now, 4));
    expect(later.versions.map((v) => v.status)).toEqual(["in_force", "superseded"]);
  });

  it("never rewrites the past: an effective time before the current minute is refused; the current minute means now", async () => {
    const now = new Date();
    const error = await errorOf(
      saveEarnRules(
        db,
        admin.actor,
        earnRulesFormSchema.parse(form({ effectiveFrom: localInput(addMinutes(now, -5)) })),
        now,
      ),
    );
    expect(error.fieldErrors).toEqual({ effectiveFrom: ["effectiveInPast"] });
    expect(await db.select().from(settings).where(eq(settings.key, EARN_RULES.key))).toEqual([]);
    expect(resolveEffectiveFrom(localInput(now), now).getTime()).toBe(now.getTime());
    expect(resolveEffectiveFrom("", now).getTime()).toBe(now.getTime());
  });

  it("a second version at the same effective minute is refused on the effective field", async () => {
    const now = new Date();
    const at = localInput(addDays(now, 2));
    await saveEarnRules(db, admin.actor, earnRulesFormSchema.parse(form({ effectiveFrom: at })), now);
    const error = await errorOf(
      db.transaction((tx) =>
        saveEarnRules(tx, admin.actor, earnRulesFormSchema.parse(form({ effectiveFrom: at, surveyPoints: 1 })), now),
      ),
    );
    expect(error).toMatchObject({ code: "conflict", fieldErrors: { effectiveFrom: ["versionAtSameTime"] } });
    expect(await db.select().from(settings).where(eq(settings.key, EARN_RULES.key))).toHaveLength(1);
  });

  it("with nothing saved the defaults are in force", async () => {
    const overview = await earnRulesOverview(db);
    expect(overview).toMatchObject({ usingDefaults: true, inForce: EARN_RULES.defaults, versions: [] });
  });

  it("refuses a campaign naming an unknown store, on that campaign's store field", async () => {
    const campaign = {
      code: "A1",
      name: "A",
      startsOn: "2026-01-01",
      endsOn: "2026-01-02",
      extraMultiplier: "1",
      minBaseYuan: "0",
      storeIds: [],
    };
    const input = earnRulesFormSchema.parse(
      form({ campaigns: [campaign, { ...campaign, code: "B2", storeIds: [crypto.randomUUID()] }] }),
    );
    const error = await errorOf(saveEarnRules(db, admin.actor, input));
    expect(error.code).toBe("validation");
    expect(error.fieldErrors).toEqual({ "campaigns.1.storeIds": ["unknownStore"] });
  });
});

describe("earn rules action: authorization by role through the use case", () => {
  it("only admin holds loyalty.rules.manage", () => {
    expect(ROLES.filter((role) => hasPermission({ roles: [role] }, "loyalty.rules.manage"))).toEqual(["admin"]);
  });

  for (const role of ROLES) {
    it(`${role}: ${role === "admin" ? "may" : "may not"} save a new version`, async () => {
      const store = await createTestStore(db);
      const person = await createTestStaff(db, {
        roles: [role as Role],
        storeIds: [store.id],
        allStores: role === "admin",
      });
      const run = runAs(db, saveEarnRulesUseCase, person, form({ referralPoints: 999 }), { ip: "10.0.0.7" });
      if (role === "admin") {
        await run;
        expect((await settingAt(db, EARN_RULES)).referralPoints).toBe(999);
        expect(
          await auditEntries(db, { action: "settings.save", actorStaffId: person.id, ip: "10.0.0.7" }),
        ).toHaveLength(1);
      } else {
        expect((await errorOf(run)).code).toBe("forbidden");
        expect(await db.select().from(settings).where(eq(settings.key, EARN_RULES.key))).toEqual([]);
        expect(await auditEntries(db, { action: "settings.save", actorStaffId: person.id })).toHaveLength(0);
      }
    });
  }

  it("invalid input is refused with field errors and nothing is saved", async () => {
    const error = await errorOf(
      runAs(
        db,
        saveEarnRulesUseCase,
        admin,
        form({
          parkingPointsPerHour: 0,
          campaigns: [
            {
              code: "X1",
              name: "x",
              startsOn: "2026-02-02",
              endsOn: "2026-02-01",
              extraMultiplier: "0.333",
              minBaseYuan: "1",
              storeIds: [],
            },
          ],
        }),
      ),
    );
    expect(error.code).toBe("validation");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["campaigns", "parkingPointsPerHour"]);
    expect(await db.select().from(settings).where(eq(settings.key, EARN_RULES.key))).toEqual([]);
  });
});

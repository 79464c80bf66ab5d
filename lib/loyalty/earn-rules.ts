import { tz } from "@date-fns/tz";
import { isValid, parse, startOfMinute } from "date-fns";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, stores } from "@/db/schema";
import type { ActionDefinition } from "@/lib/actions/execute";
import type { Actor } from "@/lib/audit/service";
import { AppError, sqlState } from "@/lib/errors";
import { saveSetting, settingVersions } from "@/lib/settings/versioned";
import { earnRulesFormSchema, earnRulesFromForm, PROGRAMME_TIME_ZONE, type EarnRulesFormOutput } from "./earn-rules-schemas";
import { EARN_RULES, type EarnRules } from "./rules";

/**
 * Earn rules are a versioned setting: saving writes a new version with the moment it takes effect
 * (saveSetting audits it as "settings.save"); versions already in force are never rewritten, so a
 * version can start now or later, not in the past.
 */

/** "" → now; a local date-time in the programme's zone → that instant. The current minute counts as now. */
export function resolveEffectiveFrom(localDateTime: string, now: Date): Date {
  if (!localDateTime) return now;
  const at = parse(localDateTime, "yyyy-MM-dd'T'HH:mm", now, { in: tz(PROGRAMME_TIME_ZONE) });
  if (!isValid(at)) throw new AppError("validation", undefined, { effectiveFrom: ["dateTimeInvalid"] });
  if (at.getTime() < startOfMinute(now).getTime()) throw new AppError("validation", undefined, { effectiveFrom: ["effectiveInPast"] });
  return at.getTime() < now.getTime() ? now : new Date(at.getTime());
}

async function assertCampaignStoresExist(db: Db, rules: EarnRules) {
  const wanted = [...new Set(rules.campaigns.flatMap((campaign) => campaign.storeIds))];
  if (wanted.length === 0) return;
  const found = new Set((await db.select({ id: stores.id }).from(stores).where(inArray(stores.id, wanted))).map((row) => row.id));
  const fieldErrors: Record<string, string[]> = {};
  rules.campaigns.forEach((campaign, index) => {
    if (campaign.storeIds.some((id) => !found.has(id))) fieldErrors[`campaigns.${index}.storeIds`] = ["unknownStore"];
  });
  if (Object.keys(fieldErrors).length) throw new AppError("validation", undefined, fieldErrors);
}

export async function saveEarnRules(db: Db, actor: Actor, input: EarnRulesFormOutput, now: Date = new Date()) {
  const effectiveFrom = resolveEffectiveFrom(input.effectiveFrom, now);
  const rules = earnRulesFromForm(input);
  await assertCampaignStoresExist(db, rules);
  try {
    const { id } = await saveSetting(db, actor, EARN_RULES, rules, effectiveFrom);
    return { id, effectiveFrom };
  } catch (error) {
    // The settings table allows one version per key and moment.
    if (sqlState(error) === "23505") throw new AppError("conflict", "versionAtSameTime", { effectiveFrom: ["versionAtSameTime"] });
    throw error;
  }
}

export const saveEarnRulesUseCase = {
  permission: "loyalty.rules.manage",
  input: earnRulesFormSchema,
  run: ({ actor, input, db }) => saveEarnRules(db, actor, input),
} satisfies ActionDefinition<typeof earnRulesFormSchema, unknown>;

export type EarnRulesVersionStatus = "scheduled" | "in_force" | "superseded";

export type EarnRulesVersion = {
  id: string;
  rules: EarnRules;
  effectiveFrom: Date;
  setAt: Date;
  setBy: { id: string; username: string; displayName: string } | null;
  status: EarnRulesVersionStatus;
};

/**
 * The rules in force at `now` and every saved version, newest effective time first, each marked
 * scheduled (not yet in force), in force, or superseded. No version in force means the defaults apply.
 */
export async function earnRulesOverview(db: Db, now: Date = new Date()): Promise<{ inForce: EarnRules; usingDefaults: boolean; versions: EarnRulesVersion[] }> {
  const versions = await settingVersions(db, EARN_RULES);
  const staffIds = [...new Set(versions.map((version) => version.setBy).filter((id): id is string => !!id))];
  const people = staffIds.length
    ? await db.select({ id: staff.id, username: staff.username, displayName: staff.displayName }).from(staff).where(inArray(staff.id, staffIds))
    : [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const current = versions.find((version) => version.effectiveFrom.getTime() <= now.getTime());
  return {
    inForce: current?.value ?? EARN_RULES.defaults,
    usingDefaults: !current,
    versions: versions.map((version) => ({
      id: version.id,
      rules: version.value,
      effectiveFrom: version.effectiveFrom,
      setAt: version.setAt,
      setBy: version.setBy ? (byId.get(version.setBy) ?? null) : null,
      status: version.effectiveFrom.getTime() > now.getTime() ? "scheduled" : version === current ? "in_force" : "superseded",
    })),
  };
}

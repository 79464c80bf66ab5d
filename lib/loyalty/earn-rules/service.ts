import { tz } from "@date-fns/tz";
import { isValid, parse, startOfMinute } from "date-fns";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import { AppError, sqlState } from "@/lib/errors";
import { saveSetting } from "@/lib/settings/versioned";
import { EARN_RULES, PROGRAMME_TIME_ZONE, type EarnRules } from "../programme/rules";
import { earnRulesFromForm, type EarnRulesFormOutput } from "./schemas";

/**
 * Earn rules are a versioned setting: saving writes a new version with the moment it takes effect
 * (saveSetting audits it as "settings.save"); versions already in force are never rewritten, so a
 * version can start now or later, not in the past.
 */

/** "" → now; a local date-time in the programme's zone → that instant. The current minute counts as now. */
export function resolveEffectiveFrom(localDateTime: string, now: Date): Date {
  if (!localDateTime) return now;
  const at = parse(localDateTime, "yyyy-MM-dd'T'HH:mm", now, { in: tz(PROGRAMME_TIME_ZONE) });
  if (!isValid(at)) throw new AppError("validation", { fieldErrors: { effectiveFrom: ["dateTimeInvalid"] } });
  if (at.getTime() < startOfMinute(now).getTime())
    throw new AppError("validation", { fieldErrors: { effectiveFrom: ["effectiveInPast"] } });
  return at.getTime() < now.getTime() ? now : new Date(at.getTime());
}

async function assertCampaignStoresExist(db: Db, rules: EarnRules) {
  const wanted = [...new Set(rules.campaigns.flatMap((campaign) => campaign.storeIds))];
  if (wanted.length === 0) return;
  const found = new Set(
    (await db.select({ id: stores.id }).from(stores).where(inArray(stores.id, wanted))).map((row) => row.id),
  );
  const fieldErrors: Record<string, string[]> = {};
  rules.campaigns.forEach((campaign, index) => {
    if (campaign.storeIds.some((id) => !found.has(id))) fieldErrors[`campaigns.${index}.storeIds`] = ["unknownStore"];
  });
  if (Object.keys(fieldErrors).length) throw new AppError("validation", { fieldErrors: fieldErrors });
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
    if (sqlState(error) === "23505")
      throw new AppError("conflict", {
        messageKey: "versionAtSameTime",
        fieldErrors: { effectiveFrom: ["versionAtSameTime"] },
      });
    throw error;
  }
}

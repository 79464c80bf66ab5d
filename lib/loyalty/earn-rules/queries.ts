import type { Db } from "@/db/client";
import { settingOverview, type SettingVersionStatus, type SettingVersionView } from "@/lib/settings/versioned";
import { EARN_RULES, type EarnRules } from "../programme/rules";

export type EarnRulesVersionStatus = SettingVersionStatus;
export type EarnRulesVersion = Omit<SettingVersionView<EarnRules>, "value"> & { rules: EarnRules };

/** The rules in force at `now` and every saved version, newest effective time first (see settingOverview). */
export async function earnRulesOverview(
  db: Db,
  now: Date = new Date(),
): Promise<{ inForce: EarnRules; usingDefaults: boolean; versions: EarnRulesVersion[] }> {
  const overview = await settingOverview(db, EARN_RULES, now);
  return { ...overview, versions: overview.versions.map(({ value, ...version }) => ({ ...version, rules: value })) };
}

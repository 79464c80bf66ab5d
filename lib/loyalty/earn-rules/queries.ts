import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff } from "@/db/schema";
import { settingVersions } from "@/lib/settings/versioned";
import { EARN_RULES, type EarnRules } from "../programme/rules";

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
export async function earnRulesOverview(
  db: Db,
  now: Date = new Date(),
): Promise<{ inForce: EarnRules; usingDefaults: boolean; versions: EarnRulesVersion[] }> {
  const versions = await settingVersions(db, EARN_RULES);
  const staffIds = [...new Set(versions.map((version) => version.setBy).filter((id): id is string => !!id))];
  const people = staffIds.length
    ? await db
        .select({ id: staff.id, username: staff.username, displayName: staff.displayName })
        .from(staff)
        .where(inArray(staff.id, staffIds))
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
      status:
        version.effectiveFrom.getTime() > now.getTime() ? "scheduled" : version === current ? "in_force" : "superseded",
    })),
  };
}

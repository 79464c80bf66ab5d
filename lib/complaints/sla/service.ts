import type { Db } from "@/db/client";
import type { Actor } from "@/lib/audit/service";
import { AppError, sqlState } from "@/lib/errors";
import { resolveEffectiveFrom } from "@/lib/loyalty/earn-rules/service";
import { saveSetting } from "@/lib/settings/versioned";
import { COMPLAINT_SLA_POLICY } from "./policy";
import { slaPolicyFromForm, type SlaPolicyFormOutput } from "./schemas";

/**
 * A new version of the complaints SLA policy, now or later (never in the past), like the top-up
 * bonus rule; saveSetting audits it as "settings.save".
 */
export async function saveSlaPolicy(
  db: Db,
  actor: Actor,
  input: SlaPolicyFormOutput,
  now: Date = new Date(),
): Promise<{ id: string; effectiveFrom: Date }> {
  const effectiveFrom = resolveEffectiveFrom(input.effectiveFrom, now);
  try {
    const { id } = await saveSetting(db, actor, COMPLAINT_SLA_POLICY, slaPolicyFromForm(input), effectiveFrom);
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

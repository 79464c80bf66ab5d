/**
 * The SLA policy (a versioned setting, like the top-up bonus rule) and the store calendar the SLA
 * clock counts in (docs/domain.md#sla-clock).
 */
import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeClosures, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { settingAt, settingOverview, type SettingDefinition, type SettingVersionView } from "@/lib/settings/versioned";
import { WEEKDAYS } from "@/lib/stores/hours";
import { slaPolicySchema, type SlaPolicy, type SlaSeverity, type SlaTargets } from "./schemas";
import type { SlaCalendar } from "./types";

/** First response 4 business hours (critical 1), resolution 30 (critical 10), until a version is saved. */
export const COMPLAINT_SLA_POLICY: SettingDefinition<SlaPolicy> = {
  key: "complaints.sla_policy",
  schema: slaPolicySchema,
  defaults: {
    low: { firstResponseMinutes: 240, resolutionMinutes: 1800 },
    medium: { firstResponseMinutes: 240, resolutionMinutes: 1800 },
    high: { firstResponseMinutes: 240, resolutionMinutes: 1800 },
    critical: { firstResponseMinutes: 60, resolutionMinutes: 600 },
  },
};

/** The business-minute targets of a complaint of `severity` under `policy`. */
export function slaTargetsFor(policy: SlaPolicy, severity: SlaSeverity): SlaTargets {
  return policy[severity];
}

/** The policy in force at `at`. */
export async function slaPolicyAt(db: Db, at: Date = new Date()): Promise<SlaPolicy> {
  return settingAt(db, COMPLAINT_SLA_POLICY, at);
}

export type SlaPolicyVersion = Omit<SettingVersionView<SlaPolicy>, "value"> & { policy: SlaPolicy };

/** The policy in force at `now` and every saved version, newest effective time first (see settingOverview). */
export async function slaPolicyOverview(
  db: Db,
  now: Date = new Date(),
): Promise<{ inForce: SlaPolicy; usingDefaults: boolean; versions: SlaPolicyVersion[] }> {
  const overview = await settingOverview(db, COMPLAINT_SLA_POLICY, now);
  return { ...overview, versions: overview.versions.map(({ value, ...version }) => ({ ...version, policy: value })) };
}

/**
 * A store's SLA calendar for the clock between `from` and `to`: its time zone, its weekly business
 * hours as [open, close] ranges, and its closures overlapping [from, to] (as closures, instants in
 * ISO form). Closed dates are not stored apart from closures, so `closedDates` is empty.
 * An unknown store is not_found.
 */
export async function loadSlaCalendar(db: Db, storeId: string, from: Date, to: Date): Promise<SlaCalendar> {
  const [store] = await db
    .select({ timeZone: stores.timeZone, businessHours: stores.businessHours })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store) throw new AppError("not_found");
  const closures = await db
    .select({ startsAt: storeClosures.startsAt, endsAt: storeClosures.endsAt })
    .from(storeClosures)
    .where(and(eq(storeClosures.storeId, storeId), lt(storeClosures.startsAt, to), gt(storeClosures.endsAt, from)))
    .orderBy(asc(storeClosures.startsAt));
  const hours: SlaCalendar["hours"] = {};
  for (const weekday of WEEKDAYS) {
    hours[weekday] = (store.businessHours[weekday] ?? []).map(
      (range) => [range.open, range.close] satisfies [string, string],
    );
  }
  return {
    timeZone: store.timeZone,
    hours,
    closedDates: [],
    closures: closures.map((closure) => ({
      start: closure.startsAt.toISOString(),
      end: closure.endsAt.toISOString(),
    })),
  };
}

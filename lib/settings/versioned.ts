import { and, desc, eq, inArray, lte } from "drizzle-orm";
import type { z } from "zod";
import { runStatement, type Db } from "@/db/client";
import { settings, staff } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";

/**
 * Versioned settings: every save is a new row with the moment it takes effect; the value in force
 * at a time is the latest row whose effectiveFrom has passed. History is never rewritten.
 */
export type SettingDefinition<T> = { key: string; schema: z.ZodType<T>; defaults: T };

export async function settingAt<T>(db: Db, definition: SettingDefinition<T>, at: Date = new Date()): Promise<T> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.key, definition.key), lte(settings.effectiveFrom, at)))
    .orderBy(desc(settings.effectiveFrom))
    .limit(1);
  if (!row) return definition.defaults;
  const parsed = definition.schema.safeParse(row.value);
  return parsed.success ? parsed.data : definition.defaults;
}

/** Two settings in force at `at`, read in one round trip (every POS purchase reads two: a statement written once). */
export async function settingsAt<A, B>(
  db: Db,
  a: SettingDefinition<A>,
  b: SettingDefinition<B>,
  at: Date = new Date(),
): Promise<[A, B]> {
  const rows = await runStatement<{ key: string; value: unknown }>(db, TWO_SETTINGS_AT, [
    a.key,
    b.key,
    at.toISOString(),
  ]);
  const parse = <T>(definition: SettingDefinition<T>): T => {
    const parsed = definition.schema.safeParse(rows.find((row) => row.key === definition.key)?.value);
    return parsed.success ? parsed.data : definition.defaults;
  };
  return [parse(a), parse(b)];
}

const TWO_SETTINGS_AT = `
  select distinct on (key) key, value
    from settings
   where key in ($1::text, $2::text) and effective_from <= $3::timestamptz
   order by key, effective_from desc`;

export type SettingVersion<T> = { id: string; value: T; effectiveFrom: Date; setAt: Date; setBy: string | null };

/** Every version of a setting, newest first (the admin pages show the history). */
export async function settingVersions<T>(db: Db, definition: SettingDefinition<T>): Promise<SettingVersion<T>[]> {
  const rows = await db
    .select()
    .from(settings)
    .where(eq(settings.key, definition.key))
    .orderBy(desc(settings.effectiveFrom));
  return rows.map((row) => ({
    id: row.id,
    value: definition.schema.parse(row.value),
    effectiveFrom: row.effectiveFrom,
    setAt: row.setAt,
    setBy: row.setBy,
  }));
}

export type SettingVersionStatus = "scheduled" | "in_force" | "superseded";

export type SettingVersionView<T> = Omit<SettingVersion<T>, "setBy"> & {
  setBy: { id: string; username: string; displayName: string } | null;
  status: SettingVersionStatus;
};

/**
 * The value in force at `now` and every saved version, newest effective time first, each marked
 * scheduled (not yet in force), in force, or superseded, with who saved it. No version in force
 * means the defaults apply.
 */
export async function settingOverview<T>(
  db: Db,
  definition: SettingDefinition<T>,
  now: Date = new Date(),
): Promise<{ inForce: T; usingDefaults: boolean; versions: SettingVersionView<T>[] }> {
  const versions = await settingVersions(db, definition);
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
    inForce: current?.value ?? definition.defaults,
    usingDefaults: !current,
    versions: versions.map((version) => ({
      ...version,
      setBy: version.setBy ? (byId.get(version.setBy) ?? null) : null,
      status:
        version.effectiveFrom.getTime() > now.getTime() ? "scheduled" : version === current ? "in_force" : "superseded",
    })),
  };
}

/** Saves a new version taking effect at `effectiveFrom` (now by default), audited. */
export async function saveSetting<T>(
  db: Db,
  actor: Actor,
  definition: SettingDefinition<T>,
  value: T,
  effectiveFrom: Date = new Date(),
) {
  const parsed = definition.schema.parse(value);
  const [row] = await db
    .insert(settings)
    .values({ key: definition.key, value: parsed as object, effectiveFrom, setBy: actor.staffId ?? null })
    .returning({ id: settings.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: "settings.save",
    entityType: "setting",
    entityId: definition.key,
    details: { effectiveFrom: effectiveFrom.toISOString(), value: parsed },
  });
  return row!;
}

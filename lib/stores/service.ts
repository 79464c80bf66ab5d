import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import { WEEKDAYS, type BusinessHours } from "./hours";
import type { storeFormSchema, updateStoreSchema } from "./schemas";

/**
 * Same opening ranges every day? Compared day by day: jsonb hands objects back with its own key
 * order (fri, mon, sat…), so comparing JSON text would report unchanged hours as changed.
 */
function sameBusinessHours(a: BusinessHours, b: BusinessHours): boolean {
  const ranges = (hours: BusinessHours, day: (typeof WEEKDAYS)[number]) =>
    (hours[day] ?? [])
      .map((r) => `${r.open}-${r.close}`)
      .sort()
      .join(",");
  return WEEKDAYS.every((day) => ranges(a, day) === ranges(b, day));
}

export async function createStore(db: Db, actor: Actor | null, input: z.output<typeof storeFormSchema>) {
  const [created] = await db
    .insert(stores)
    .values({
      code: input.code,
      name: input.name,
      nameEn: input.nameEn || null,
      timeZone: input.timeZone,
      businessHours: input.businessHours,
      active: input.active,
    })
    .onConflictDoNothing({ target: stores.code })
    .returning({ id: stores.id });
  if (!created)
    throw new AppError("conflict", { messageKey: "storeCodeTaken", fieldErrors: { code: ["storeCodeTaken"] } });
  await recordAudit(db, {
    action: "store.create",
    ...(actor ? byActor(actor) : { actorLabel: "system" }),
    entityType: "store",
    entityId: created.id,
    storeId: created.id,
    details: { code: input.code, name: input.name },
  });
  return created;
}

export async function updateStore(db: Db, actor: Actor, input: z.output<typeof updateStoreSchema>) {
  const [before] = await db.select().from(stores).where(eq(stores.id, input.id)).for("update");
  if (!before) throw new AppError("not_found");
  if (before.code !== input.code) {
    const [taken] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, input.code));
    if (taken)
      throw new AppError("conflict", { messageKey: "storeCodeTaken", fieldErrors: { code: ["storeCodeTaken"] } });
  }
  await db
    .update(stores)
    .set({
      code: input.code,
      name: input.name,
      nameEn: input.nameEn || null,
      timeZone: input.timeZone,
      businessHours: input.businessHours,
      active: input.active,
      updatedAt: new Date(),
    })
    .where(eq(stores.id, input.id));
  const changed: Record<string, unknown> = Object.fromEntries(
    (["code", "name", "nameEn", "timeZone", "active"] as const)
      .filter((k) => (before[k] ?? "") !== (input[k] ?? ""))
      .map((k) => [k, { from: before[k], to: input[k] }]),
  );
  if (!sameBusinessHours(before.businessHours, input.businessHours)) {
    changed.businessHours = { from: before.businessHours, to: input.businessHours };
  }
  await recordAudit(db, {
    action: "store.update",
    ...byActor(actor),
    entityType: "store",
    entityId: input.id,
    storeId: input.id,
    details: changed,
  });
}

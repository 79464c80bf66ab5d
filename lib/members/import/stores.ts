import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { StoreResolution } from "./service";

/**
 * The import's home store (given by id or code; else the first active store in scope), the
 * store codes a "store" column may name (active stores the importing staff member may act on) and
 * the scope whose members the import may match.
 */
export async function resolveImportStores(
  db: Db,
  scope: StoreScope,
  chosen: { id?: string; code?: string } = {},
): Promise<StoreResolution & { defaultStoreCode: string; timeZone: string }> {
  const rows = await db
    .select({ id: stores.id, code: stores.code, timeZone: stores.timeZone })
    .from(stores)
    .where(and(eq(stores.active, true), storeFilter(stores.id, scope)))
    .orderBy(asc(stores.code));
  const chosenStore = chosen.id
    ? rows.find((s) => s.id === chosen.id)
    : chosen.code
      ? rows.find((s) => s.code.toUpperCase() === chosen.code!.toUpperCase())
      : rows[0];
  if (!chosenStore) throw new AppError("not_found", { messageKey: "importStoreUnknown" });
  return {
    defaultStoreId: chosenStore.id,
    defaultStoreCode: chosenStore.code,
    // Birthdays in the future are judged by the calendar of the import's store.
    timeZone: chosenStore.timeZone,
    storeIdByCode: new Map(rows.map((s) => [s.code.toUpperCase(), s.id])),
    scope,
  };
}

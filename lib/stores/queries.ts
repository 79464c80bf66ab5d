import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { z } from "zod";
import { listParams, listText } from "@/lib/list-params";
import { containsPattern } from "@/lib/sql-like";

export async function listStoresInScope(db: Db, scope: StoreScope, options: { activeOnly?: boolean } = {}) {
  return db
    .select()
    .from(stores)
    .where(and(storeFilter(stores.id, scope), options.activeOnly ? eq(stores.active, true) : undefined))
    .orderBy(asc(stores.code));
}

export async function getStoreInScope(db: Db, scope: StoreScope, id: string) {
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.id, id), storeFilter(stores.id, scope)));
  return row ?? null;
}

export const storeListParamsSchema = z.object({
  q: listText(80),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  sort: z.enum(["code", "name", "timeZone", "staffCount"]).default("code").catch("code"),
  ...listParams({ dir: "asc" }),
});
export type StoreListParams = z.output<typeof storeListParamsSchema>;

/** Stores in scope with their staff counts: server-side filter, sort and pagination. */
export async function listStores(db: Db, scope: StoreScope, params: StoreListParams) {
  // Explicit aliases: drizzle leaves columns unqualified in single-table selects.
  const staffCount = sql<number>`(select count(*)::int from staff_stores ss where ss.store_id = "stores"."id")`;
  const conditions: (SQL | undefined)[] = [storeFilter(stores.id, scope)];
  if (params.q) {
    const like = containsPattern(params.q);
    conditions.push(or(ilike(stores.code, like), ilike(stores.name, like), ilike(stores.nameEn, like)));
  }
  if (params.status) conditions.push(eq(stores.active, params.status === "active"));
  const where = and(...conditions);
  const sortColumn = { code: stores.code, name: stores.name, timeZone: stores.timeZone, staffCount }[params.sort];
  const order = params.dir === "asc" ? asc(sortColumn) : desc(sortColumn);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: stores.id,
        code: stores.code,
        name: stores.name,
        nameEn: stores.nameEn,
        timeZone: stores.timeZone,
        businessHours: stores.businessHours,
        active: stores.active,
        staffCount,
      })
      .from(stores)
      .where(where)
      .orderBy(order, asc(stores.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(stores).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export type StoreListRow = Awaited<ReturnType<typeof listStores>>["rows"][number];

import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, apiMemberLookups, stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { containsPattern } from "@/lib/sql-like";
import type { ApiKeyKind, ApiKeyListParams } from "./schemas";

export type ApiKeyListRow = {
  id: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  storeId: string;
  storeCode: string;
  storeName: string;
  storeTimeZone: string;
  rateLimitPerMinute: number;
  createdAt: Date;
  createdByUsername: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Member look-ups by this key in the last 24 hours that found a member, and that found none. */
  lookupsFound: number;
  lookupsMissed: number;
};

/**
 * The key's look-ups of the last 24 hours with the given outcome. A correlated subquery rather than a
 * join: one indexed count per listed key (api_key_id, created_at), and still one row per key for the
 * paging and the total to count.
 */
function recentLookups(found: boolean) {
  return sql<number>`(select count(*)::int from ${apiMemberLookups}
    where ${apiMemberLookups.apiKeyId} = ${apiKeys.id}
      and ${found ? apiMemberLookups.found : sql`not ${apiMemberLookups.found}`}
      and ${apiMemberLookups.createdAt} > now() - interval '1 day')`.mapWith(Number);
}

/**
 * Keys of the stores in scope with their store, last use and look-ups of the last 24 hours:
 * server-side filter, sort and paging.
 */
export async function listApiKeys(
  db: Db,
  scope: StoreScope,
  params: ApiKeyListParams,
): Promise<{ rows: ApiKeyListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [storeFilter(apiKeys.storeId, scope)];
  if (params.q) {
    const like = containsPattern(params.q);
    conditions.push(or(ilike(apiKeys.name, like), ilike(apiKeys.prefix, like)));
  }
  if (params.store) conditions.push(eq(apiKeys.storeId, params.store));
  if (params.kind) conditions.push(eq(apiKeys.kind, params.kind));
  if (params.status)
    conditions.push(params.status === "active" ? isNull(apiKeys.revokedAt) : isNotNull(apiKeys.revokedAt));
  const where = and(...conditions);
  const sortColumn = {
    name: apiKeys.name,
    store: stores.code,
    createdAt: apiKeys.createdAt,
    lastUsedAt: apiKeys.lastUsedAt,
  }[params.sort];
  const order = params.dir === "asc" ? sql`${sortColumn} asc nulls last` : sql`${sortColumn} desc nulls last`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        kind: apiKeys.kind,
        prefix: apiKeys.prefix,
        storeId: apiKeys.storeId,
        storeCode: stores.code,
        storeName: stores.name,
        storeTimeZone: stores.timeZone,
        rateLimitPerMinute: apiKeys.rateLimitPerMinute,
        createdAt: apiKeys.createdAt,
        createdByUsername: sql<string | null>`(select s.username from staff s where s.id = ${apiKeys.createdBy})`,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
        lookupsFound: recentLookups(true),
        lookupsMissed: recentLookups(false),
      })
      .from(apiKeys)
      .innerJoin(stores, eq(stores.id, apiKeys.storeId))
      .where(where)
      .orderBy(order, params.dir === "asc" ? asc(apiKeys.id) : desc(apiKeys.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(apiKeys).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

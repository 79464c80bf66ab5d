import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { runStatement, type Db } from "@/db/client";
import { apiKeyKind, apiKeys } from "@/db/schema";
import { ApiRequestError } from "./errors";

/** What is stored and looked up: the SHA-256 of the key, hex. A fast hash suffices for 256-bit random secrets. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** What a key may call (db/schema/api.ts `api_key_kind`): a till, or the member app's server. */
export type ApiKeyKind = (typeof apiKeyKind.enumValues)[number];

/** The system making a request: its key, what kind of key it is and the one store that key belongs to. */
export type ApiPrincipal = {
  apiKeyId: string;
  kind: ApiKeyKind;
  storeId: string;
  storeCode: string;
  /** The store's time zone, read with the key (the sale's calendar: lot expiry, campaign days). */
  storeTimeZone: string;
  rateLimitPerMinute: number;
};

/** last_used_at is written at most this often per key, so that busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function unauthenticated(): ApiRequestError {
  return new ApiRequestError(401, "unauthenticated", undefined, { "WWW-Authenticate": 'Bearer realm="atrium-pos"' });
}

/**
 * `Authorization: Bearer <key>` → the key's principal. Missing, malformed, unknown and revoked keys,
 * and keys of a deactivated store, are all the same 401 (read on every request, so it takes effect at once).
 *
 * With `countIn` (the rate limiter's current window), the same statement counts the request in that
 * window for the key it finds (rate-limit.ts decides on `requestsInWindow`): one round trip for both.
 */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null | undefined,
  countIn?: Date,
): Promise<ApiPrincipal & { requestsInWindow: number | null }> {
  const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!token || token.length > 200) throw unauthenticated();
  // Every API request runs this: the statement is text written once (runStatement), not built.
  const keyHash = hashApiKey(token);
  const [row] = countIn
    ? await runStatement<KeyRow>(db, KEY_BY_HASH_COUNTING_REQUEST, [keyHash, countIn.toISOString()])
    : await runStatement<KeyRow>(db, KEY_BY_HASH, [keyHash]);
  if (!row) throw unauthenticated();
  // Checked here first so that most requests skip the write; the WHERE repeats the check against the
  // database clock, so concurrent requests and clock skew still write at most once a minute.
  const lastUsedAt = row.last_used_at === null ? null : new Date(row.last_used_at);
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.id),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
        ),
      );
  }
  return {
    apiKeyId: row.id,
    kind: row.kind,
    storeId: row.store_id,
    storeCode: row.store_code,
    storeTimeZone: row.store_time_zone,
    rateLimitPerMinute: row.rate_limit_per_minute,
    requestsInWindow: row.requests_in_window ?? null,
  };
}

type KeyRow = {
  id: string;
  kind: ApiKeyKind;
  store_id: string;
  store_code: string;
  store_time_zone: string;
  rate_limit_per_minute: number;
  last_used_at: string | Date | null;
  requests_in_window?: number;
};

// A deactivated store's keys stop with it (read on every request, like revocation).
const KEY_BY_HASH = `
  select k.id, k.kind::text as kind, k.store_id, s.code as store_code, s.time_zone as store_time_zone,
         k.rate_limit_per_minute::int as rate_limit_per_minute, k.last_used_at
    from api_keys k
    join stores s on s.id = k.store_id
   where k.key_hash = $1 and k.revoked_at is null and s.active`;

// The same, and the request counted in the key's rate window (lib/api/rate-limit.ts), in one statement.
const KEY_BY_HASH_COUNTING_REQUEST = `
  with api_key as (${KEY_BY_HASH}),
  counted as (
    insert into api_rate_windows (api_key_id, window_start, count)
    select id, $2::timestamptz, 1 from api_key
    on conflict (api_key_id, window_start) do update set count = api_rate_windows.count + 1
    returning count
  )
  select api_key.*, (select count::int from counted) as requests_in_window from api_key`;

import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeyKind, apiKeys, stores } from "@/db/schema";
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
 */
export async function authenticateApiKey(db: Db, authorization: string | null | undefined): Promise<ApiPrincipal> {
  const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!token || token.length > 200) throw unauthenticated();
  const [row] = await db
    .select({
      apiKeyId: apiKeys.id,
      kind: apiKeys.kind,
      storeId: apiKeys.storeId,
      storeCode: stores.code,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .innerJoin(stores, eq(stores.id, apiKeys.storeId))
    // A deactivated store's keys stop with it (read on every request, like revocation).
    .where(and(eq(apiKeys.keyHash, hashApiKey(token)), isNull(apiKeys.revokedAt), eq(stores.active, true)));
  if (!row) throw unauthenticated();
  // Checked here first so that most requests skip the write; the WHERE repeats the check against the
  // database clock, so concurrent requests and clock skew still write at most once a minute.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.apiKeyId),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
        ),
      );
  }
  return {
    apiKeyId: row.apiKeyId,
    kind: row.kind,
    storeId: row.storeId,
    storeCode: row.storeCode,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
}

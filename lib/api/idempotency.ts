import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { runStatement, withSavepoint, type Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { ApiRequestError, expectedFailure } from "./errors";

/** An Idempotency-Key: 1–255 visible ASCII characters (a UUID is the usual choice). */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/** The request's Idempotency-Key header, or a 400 when it is missing or malformed. */
export function requireIdempotencyKey(headers: Headers): string {
  const key = headers.get("idempotency-key")?.trim();
  if (!key || !IDEMPOTENCY_KEY.test(key)) throw new ApiRequestError(400, "idempotency_key_required");
  return key;
}

/** JSON with object keys sorted at every level: the same document always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 of method, path and canonical body: what "the same request" means for a replay. */
export function requestHash(method: string, path: string, canonicalBody: string): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${canonicalBody}`, "utf8").digest("hex");
}

// Every POST runs these two: text written once (runStatement), not built.
const CLAIM_KEY = `
  insert into idempotency_keys (api_key_id, key, request_hash) values ($1::uuid, $2::text, $3::text)
  on conflict do nothing
  returning key`;
const STORE_RESPONSE = `
  update idempotency_keys set response_status = $3::smallint, response_body = $4::jsonb
   where api_key_id = $1::uuid and key = $2::text`;

export type IdempotentResponse = { status: number; body: unknown; replayed: boolean };

/**
 * Runs a write at most once per (API key, Idempotency-Key), in one database transaction:
 *
 * 1. `insert … on conflict do nothing`: the first request claims the key. A concurrent request with
 *    the same key blocks on the primary key until the first one commits (then finds its row) or
 *    rolls back (then claims the key itself).
 * 2. Not claimed: the stored response is replayed when the request hash matches, else 422.
 * 3. Claimed: the business function runs in a savepoint. An expected failure (AppError, 4xx) rolls
 *    back its writes, but its response is still stored as the first response; an unexpected error
 *    rolls back everything, key included, so that a retry can succeed. An AppError thrown with
 *    `keepWrites` (a wrong member code, which must count) keeps what was written before it.
 *
 * The claim and the savepoint are sent together (one round trip); the business function starts
 * only once the claim has answered. The stored response travels with the commit.
 */
export async function runIdempotently(
  db: Db,
  claim: { apiKeyId: string; key: string; requestHash: string },
  successStatus: number,
  run: (tx: Db) => Promise<unknown>,
): Promise<IdempotentResponse> {
  let responseStored: Promise<unknown> = Promise.resolve();
  const response = await db.transaction(async (tx) => {
    const claimed = runStatement(tx, CLAIM_KEY, [claim.apiKeyId, claim.key, claim.requestHash]);
    // Awaited inside the savepoint; this only keeps a failure before then from going unhandled.
    claimed.catch(() => undefined);

    let outcome: { ran: false } | { ran: true; status: number; body: unknown };
    try {
      outcome = await withSavepoint(tx, async (savepoint) => {
        if ((await claimed).length === 0) return { ran: false as const };
        let result: unknown;
        try {
          result = await run(savepoint);
        } catch (error) {
          const failure = isAppError(error) && error.keepWrites ? expectedFailure(error) : null;
          if (!failure) throw error;
          return { ran: true as const, status: failure.status, body: failure.body as unknown };
        }
        // What jsonb gives back on a replay: the first response must not carry more (Dates, undefined).
        return {
          ran: true as const,
          status: successStatus,
          body: JSON.parse(JSON.stringify(result ?? null)) as unknown,
        };
      });
    } catch (error) {
      const failure = expectedFailure(error);
      if (!failure) throw error;
      outcome = { ran: true, status: failure.status, body: failure.body };
    }

    if (!outcome.ran) {
      const [stored] = await tx
        .select({
          requestHash: idempotencyKeys.requestHash,
          status: idempotencyKeys.responseStatus,
          body: idempotencyKeys.responseBody,
        })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.apiKeyId, claim.apiKeyId), eq(idempotencyKeys.key, claim.key)));
      // Only a purge between the two statements gets here; the client's retry will claim the key.
      if (!stored) throw new Error("idempotency key vanished between claim and read");
      if (stored.requestHash !== claim.requestHash) throw new ApiRequestError(422, "idempotency_mismatch");
      return { status: stored.status, body: stored.body, replayed: true };
    }
    // Sent with the commit, not awaited before it: one round trip fewer per write. Should it fail,
    // the transaction cannot commit (COMMIT of a failed transaction rolls back) and the failure is
    // thrown below, after the rollback, as any failure of the transaction is.
    responseStored = runStatement(tx, STORE_RESPONSE, [
      claim.apiKeyId,
      claim.key,
      outcome.status,
      JSON.stringify(outcome.body ?? null),
    ]);
    responseStored.catch(() => undefined);
    return { status: outcome.status, body: outcome.body, replayed: false };
  });
  await responseStored;
  return response;
}

import { and, eq, lt } from "drizzle-orm";
import { runStatement, type Db } from "@/db/client";
import { apiRateWindows } from "@/db/schema";

/**
 * Per-key rate limiting counted in the database, so that every app instance shares one limit: a
 * fixed one-minute window per key (`api_rate_windows`), one upsert per request that adds one and
 * returns the count — a single round trip, the race settled by the row lock of the upsert. A key
 * may use its whole minute's allowance at once; across a window boundary it can briefly reach
 * twice that, which is fine for abuse protection of a handful of POS systems.
 *
 * Old windows do not pile up: the first request of a key's new window deletes that key's earlier
 * windows (once a minute per active key), so the table holds about one row per key.
 */

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(db: Db, apiKeyId: string, perMinute: number): Promise<RateLimitDecision>;
}

const WINDOW_MS = 60_000;

// Every API request runs this: text written once (runStatement), not built.
const COUNT_REQUEST = `
  insert into api_rate_windows (api_key_id, window_start, count) values ($1::uuid, $2::timestamptz, 1)
  on conflict (api_key_id, window_start) do update set count = api_rate_windows.count + 1
  returning count::int as count`;

export class DbRateLimiter implements RateLimiter {
  /** `now`: the clock that places a request in its window (tests inject one). */
  constructor(private readonly now: () => number = Date.now) {}

  async take(db: Db, apiKeyId: string, perMinute: number): Promise<RateLimitDecision> {
    const limit = Math.max(1, perMinute);
    const now = this.now();
    const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS);
    const [row] = await runStatement<{ count: number }>(db, COUNT_REQUEST, [apiKeyId, windowStart.toISOString()]);
    const count = row!.count;
    if (count === 1) {
      await db
        .delete(apiRateWindows)
        .where(and(eq(apiRateWindows.apiKeyId, apiKeyId), lt(apiRateWindows.windowStart, windowStart)));
    }
    if (count <= limit) return { allowed: true, remaining: limit - count };
    const waitMs = windowStart.getTime() + WINDOW_MS - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

/** The limiter the API routes share; its state is in the database, not in this object. */
export const apiRateLimiter: RateLimiter = new DbRateLimiter();

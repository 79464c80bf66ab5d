import { and, eq, lt } from "drizzle-orm";
import { runStatement, type Db } from "@/db/client";
import { apiRateWindows } from "@/db/schema";

/**
 * Per-key rate limiting counted in the database, so that every app instance shares one limit: a
 * fixed one-minute window per key (`api_rate_windows`), one upsert per request that adds one and
 * returns the count — a single round trip, the race settled by the row lock of the upsert. A key
 * may use its whole minute's allowance at once; across a window boundary it can briefly reach
 * twice that, which is fine for abuse protection of a handful of POS systems. The API pipeline
 * counts a request in the same statement that looks its key up (authenticate.ts), then decides here.
 *
 * Old windows do not pile up: the first request of a key's new window deletes that key's earlier
 * windows (once a minute per active key), so the table holds about one row per key.
 */

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** The window a request counts in: its first instant, and the moment the request arrived. */
export type RateWindow = { start: Date; now: number };

export interface RateLimiter {
  /** Counts a request of the key and decides it (one statement, then the decision). */
  take(db: Db, apiKeyId: string, perMinute: number): Promise<RateLimitDecision>;
  /** The window a request arriving now counts in, for a caller that counts it in a statement of its own. */
  window(): RateWindow;
  /**
   * The decision for a request already counted in `window` (`count` includes it); on the window's
   * first request, the key's earlier windows are deleted.
   */
  decide(db: Db, apiKeyId: string, perMinute: number, window: RateWindow, count: number): Promise<RateLimitDecision>;
}

const WINDOW_MS = 60_000;

const COUNT_REQUEST = `
  insert into api_rate_windows (api_key_id, window_start, count) values ($1::uuid, $2::timestamptz, 1)
  on conflict (api_key_id, window_start) do update set count = api_rate_windows.count + 1
  returning count::int as count`;

export class DbRateLimiter implements RateLimiter {
  /** `now`: the clock that places a request in its window (tests inject one). */
  constructor(private readonly now: () => number = Date.now) {}

  async take(db: Db, apiKeyId: string, perMinute: number): Promise<RateLimitDecision> {
    const window = this.window();
    const [row] = await runStatement<{ count: number }>(db, COUNT_REQUEST, [apiKeyId, window.start.toISOString()]);
    return this.decide(db, apiKeyId, perMinute, window, row!.count);
  }

  window(): RateWindow {
    const now = this.now();
    return { start: new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS), now };
  }

  async decide(
    db: Db,
    apiKeyId: string,
    perMinute: number,
    window: RateWindow,
    count: number,
  ): Promise<RateLimitDecision> {
    const limit = Math.max(1, perMinute);
    if (count === 1) {
      await db
        .delete(apiRateWindows)
        .where(and(eq(apiRateWindows.apiKeyId, apiKeyId), lt(apiRateWindows.windowStart, window.start)));
    }
    if (count <= limit) return { allowed: true, remaining: limit - count };
    const waitMs = window.start.getTime() + WINDOW_MS - window.now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

/** The limiter the API routes share; its state is in the database, not in this object. */
export const apiRateLimiter: RateLimiter = new DbRateLimiter();

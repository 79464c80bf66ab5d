/**
 * Per-key rate limiting with a token bucket: each key holds up to `perMinute` tokens, refilled
 * continuously at `perMinute` per minute, one spent per request. A full minute's allowance may be
 * used in a burst, after which requests are spaced evenly.
 *
 * The state lives in this process: with several app instances each enforces the limit on its own
 * (a key may get up to N × its limit across N instances). That is acceptable for abuse protection
 * of a handful of POS systems; a shared limit would need the database or Redis.
 */

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

/** Past this many keys, buckets idle for a minute (full again, so equivalent to none) are dropped. */
const PRUNE_ABOVE = 10_000;

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, perMinute: number): RateLimitDecision {
    const capacity = Math.max(1, perMinute);
    const perMs = capacity / 60_000;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = { tokens: capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    // A lowered limit applies at once: the bucket never holds more than the current capacity.
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = ((1 - bucket.tokens) * 60_000) / capacity;
    // The epsilon keeps float noise (30.000000000004 s) from adding a whole second.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)) };
  }

  private prune(now: number) {
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > 60_000) this.buckets.delete(key);
  }
}

/** The process-wide limiter the API routes share. */
export const apiRateLimiter = new TokenBucketLimiter();

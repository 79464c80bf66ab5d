import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { publicRateWindows } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * The customer's tracking link (docs/domain.md#jewelry-after-sales): a
 * random token in a no-login address. Only its SHA-256 is stored (like the survey link and API
 * keys): the link in the message is the only copy. And the fixed-window limit of requests per
 * client address that guards the public page.
 */

/** What is stored and looked up: the SHA-256 of the token, hex. A fast hash suffices for 256-bit random secrets. */
export function hashTrackingToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new token: 32 random bytes in base64url (43 characters). */
export function newTrackingToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The public page of a token, on the portal's public address. */
export function trackingUrlFor(token: string): string {
  return new URL(`/track/${token}`, env.ATRIUM_PUBLIC_URL).toString();
}

// ── Rate limit ────────────────────────────────────────────────────────────────────────────────

const WINDOW_MS = 60_000;
const BUCKET_PREFIX = "track:";
const ADDRESS_MAX = 64;

export type TrackingAllowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one request of a client address in the current one-minute window (`public_rate_windows`,
 * bucket `track:<address>`): one upsert that adds one and returns the count, the race settled by
 * its row lock, so every app instance shares the limit. Every request counts, an unknown token's
 * too (that is what stops guessing). The address is the one lib/auth/request-ip.ts trusts
 * (ATRIUM_TRUSTED_PROXY_HOPS): without a proxy in front, a client can choose it.
 *
 * Old windows do not pile up: the first request of an address's new window deletes every tracking
 * window older than the previous minute (addresses seen once included); the table stays small.
 */
export async function takeTrackingAllowance(
  db: Db,
  address: string,
  perMinute: number,
  now: Date = new Date(),
): Promise<TrackingAllowance> {
  const limit = Math.max(1, perMinute);
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  // The header is the client's text: bounded, and without characters PostgreSQL cannot store.
  const cleaned = address.replaceAll("\u0000", "").trim().slice(0, ADDRESS_MAX) || "unknown";
  const bucket = `${BUCKET_PREFIX}${cleaned}`;
  const [row] = await db
    .insert(publicRateWindows)
    .values({ bucket, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [publicRateWindows.bucket, publicRateWindows.windowStart],
      set: { count: sql`${publicRateWindows.count} + 1` },
    })
    .returning({ count: publicRateWindows.count });
  const taken = row!.count;
  if (taken === 1) {
    // SKIP LOCKED: two addresses starting their windows at once do not wait on (or deadlock over)
    // the same stale rows; what one skips, a later request deletes.
    const staleBefore = new Date(windowStart.getTime() - WINDOW_MS).toISOString();
    await db.execute(sql`
      delete from ${publicRateWindows}
      where (bucket, window_start) in (
        select bucket, window_start from ${publicRateWindows}
        where bucket like ${`${BUCKET_PREFIX}%`} and window_start < ${staleBefore}::timestamptz
        limit 1000
        for update skip locked
      )`);
  }
  if (taken <= limit) return { allowed: true };
  const waitMs = windowStart.getTime() + WINDOW_MS - now.getTime();
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** The bucket of an address (tests read the counter with it). */
export function trackingBucket(address: string): string {
  return `${BUCKET_PREFIX}${address}`;
}

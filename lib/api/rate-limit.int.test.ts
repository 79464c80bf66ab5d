import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiRateWindows } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { DbRateLimiter } from "./rate-limit";

let db: Db;
let storeId: string;
setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (await createTestStore(db)).id;
});

/** A fresh API key: the limiter counts per key id, and the windows reference the key. */
async function newKey() {
  const { id } = await createApiKey(
    db,
    { label: "cli" },
    { storeId, name: `rl ${uniqueSuffix(4)}`, rateLimitPerMinute: 600 },
  );
  return id;
}

/** A clock at the start of a minute, so that a window's end is a known number of seconds away. */
function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe(`DbRateLimiter on ${testDriver()}`, () => {
  it("allows a minute's allowance at once, then refuses until the next window", async () => {
    const k = await newKey();
    const time = clock();
    const limiter = new DbRateLimiter(time.now);
    for (let i = 0; i < 60; i++) expect((await limiter.take(db, k, 60)).allowed).toBe(true);
    expect(await limiter.take(db, k, 60)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    time.advance(60_000);
    expect((await limiter.take(db, k, 60)).allowed).toBe(true);
  });

  it("rounds Retry-After up to whole seconds until the window ends", async () => {
    const k = await newKey();
    const time = clock();
    const limiter = new DbRateLimiter(time.now);
    expect((await limiter.take(db, k, 2)).allowed).toBe(true);
    expect((await limiter.take(db, k, 2)).allowed).toBe(true);
    expect(await limiter.take(db, k, 2)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    time.advance(10_500);
    expect(await limiter.take(db, k, 2)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    time.advance(49_500);
    expect((await limiter.take(db, k, 2)).allowed).toBe(true);
  });

  it("keeps a count per key", async () => {
    const [a, b] = [await newKey(), await newKey()];
    const limiter = new DbRateLimiter(clock().now);
    expect((await limiter.take(db, a, 1)).allowed).toBe(true);
    expect((await limiter.take(db, a, 1)).allowed).toBe(false);
    expect((await limiter.take(db, b, 1)).allowed).toBe(true);
  });

  it("applies a lowered limit at once", async () => {
    const k = await newKey();
    const time = clock();
    const limiter = new DbRateLimiter(time.now);
    expect((await limiter.take(db, k, 100)).allowed).toBe(true);
    expect((await limiter.take(db, k, 1)).allowed).toBe(false);
    time.advance(3_600_000);
    expect((await limiter.take(db, k, 1)).allowed).toBe(true);
    expect((await limiter.take(db, k, 1)).allowed).toBe(false);
  });

  it("shares the limit between instances (two app processes on one database)", async () => {
    const k = await newKey();
    const time = clock();
    const [first, second] = [new DbRateLimiter(time.now), new DbRateLimiter(time.now)];
    const decisions = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).take(db, k, 6)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(6);
    expect((await first.take(db, k, 6)).allowed).toBe(false);
    expect((await second.take(db, k, 6)).allowed).toBe(false);
  });

  it("deletes a key's earlier windows when its new window starts", async () => {
    const k = await newKey();
    const time = clock();
    const limiter = new DbRateLimiter(time.now);
    for (let minute = 0; minute < 5; minute++) {
      await limiter.take(db, k, 10);
      await limiter.take(db, k, 10);
      time.advance(60_000);
    }
    const rows = await db.select().from(apiRateWindows).where(eq(apiRateWindows.apiKeyId, k));
    expect(rows).toEqual([{ apiKeyId: k, windowStart: new Date(1_800_000_000_000 + 4 * 60_000), count: 2 }]);
  });
});

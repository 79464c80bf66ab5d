import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("TokenBucketLimiter", () => {
  it("allows a minute's allowance at once, then refuses with the seconds until the next token", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(time.now);
    for (let i = 0; i < 60; i++) expect(limiter.take("k", 60).allowed).toBe(true);
    expect(limiter.take("k", 60)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(limiter.take("k", 60).allowed).toBe(true);
  });

  it("rounds Retry-After up to whole seconds", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(time.now);
    expect(limiter.take("k", 2).allowed).toBe(true);
    expect(limiter.take("k", 2).allowed).toBe(true);
    expect(limiter.take("k", 2)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    time.advance(10_500);
    expect(limiter.take("k", 2)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    time.advance(19_500);
    expect(limiter.take("k", 2).allowed).toBe(true);
  });

  it("keeps a bucket per key", () => {
    const limiter = new TokenBucketLimiter(clock().now);
    expect(limiter.take("a", 1).allowed).toBe(true);
    expect(limiter.take("a", 1).allowed).toBe(false);
    expect(limiter.take("b", 1).allowed).toBe(true);
  });

  it("applies a lowered limit at once and never refills beyond the limit", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(time.now);
    expect(limiter.take("k", 100).allowed).toBe(true);
    expect(limiter.take("k", 1).allowed).toBe(true);
    expect(limiter.take("k", 1).allowed).toBe(false);
    time.advance(3_600_000);
    expect(limiter.take("k", 1).allowed).toBe(true);
    expect(limiter.take("k", 1).allowed).toBe(false);
  });
});

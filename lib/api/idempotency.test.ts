import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash, requireIdempotencyKey } from "./idempotency";

describe("request identity for idempotency", () => {
  it("gives the same canonical text whatever the key order, at every depth", () => {
    const a = { b: 1, a: [{ y: 2, x: null }], c: { z: "中", e: true } };
    const b = { c: { e: true, z: "中" }, a: [{ x: null, y: 2 }], b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":[{"x":null,"y":2}],"b":1,"c":{"e":true,"z":"中"}}');
  });

  it("keeps array order and value differences significant", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
  });

  it("hashes method, path and body together", () => {
    const body = canonicalJson({ a: 1 });
    const hash = requestHash("POST", "/api/v1/transactions", body);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash("post", "/api/v1/transactions", body)).toBe(hash);
    expect(requestHash("POST", "/api/v1/transactions/X/refunds", body)).not.toBe(hash);
    expect(requestHash("POST", "/api/v1/transactions", canonicalJson({ a: 2 }))).not.toBe(hash);
  });

  it("accepts 1–255 visible ASCII characters as an Idempotency-Key", () => {
    expect(requireIdempotencyKey(new Headers({ "Idempotency-Key": " 3f1c0b7e-1d2a-4c3b-9a8f-0e1d2c3b4a59 " }))).toBe(
      "3f1c0b7e-1d2a-4c3b-9a8f-0e1d2c3b4a59",
    );
    for (const bad of [undefined, "", "two words", "x".repeat(256), "caf\u00e9"]) {
      const headers = new Headers();
      if (bad !== undefined) headers.set("Idempotency-Key", bad);
      expect(() => requireIdempotencyKey(headers)).toThrow();
    }
  });
});

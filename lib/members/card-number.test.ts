import { describe, expect, it } from "vitest";
import { normalizeCardNo } from "./card-number";

describe("normalizeCardNo", () => {
  it.each([
    ["C100001", "C100001"],
    ["c100001", "C100001"],
    ["  c100001\t", "C100001"],
    ["ｃ１００００１", "C100001"],
    ["vip-0042", "VIP-0042"],
    ["88001234", "88001234"],
  ])("%j is stored and matched as %j", (raw, stored) => {
    expect(normalizeCardNo(raw)).toBe(stored);
  });
});

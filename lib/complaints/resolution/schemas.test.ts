import { describe, expect, it } from "vitest";
import {
  budgetMonthOf,
  compensationNeedsApproval,
  compensationThresholdOf,
  compensationValueFen,
  daysUntil,
  nextBudgetMonth,
  requestCompensationSchema,
} from "./schemas";

describe("compensation rules", () => {
  it("thresholds by role: the highest of the requester's roles", () => {
    expect(compensationThresholdOf(["service"])).toBe(2_000);
    expect(compensationThresholdOf(["after_sales"])).toBe(2_000);
    expect(compensationThresholdOf(["service", "manager"])).toBe(20_000);
    expect(compensationThresholdOf(["advisor"])).toBe(0);
    expect(compensationNeedsApproval({ points: 2_000, threshold: 2_000 })).toBe(false);
    expect(compensationNeedsApproval({ points: 2_001, threshold: 2_000 })).toBe(true);
  });

  it("one point costs one fen", () => {
    expect(compensationValueFen(3_000)).toBe(3_000);
  });

  it("the budget month is the store-local month", () => {
    // 17:00 UTC on 30 November is 1 December in Shanghai, still 30 November in New York.
    const at = new Date("2026-11-30T17:00:00Z");
    expect(budgetMonthOf(at, "Asia/Shanghai")).toBe("2026-12-01");
    expect(budgetMonthOf(at, "America/New_York")).toBe("2026-11-01");
    expect(nextBudgetMonth("2026-12-01")).toBe("2027-01-01");
    expect(nextBudgetMonth("2027-01-01")).toBe("2027-02-01");
  });

  it("days until a deadline", () => {
    expect(daysUntil("2026-12-05", "2026-12-05")).toBe(0);
    expect(daysUntil("2027-01-04", "2026-12-05")).toBe(30);
    expect(daysUntil("2026-12-04", "2026-12-05")).toBe(-1);
  });

  it("coupons are refused on their field; points and reason are bounded", () => {
    const base = { complaintId: "6f1c3f9e-8a0b-4c1d-9e2f-3a4b5c6d7e8f", points: 10, reason: "Wait" };
    expect(requestCompensationSchema.safeParse(base).success).toBe(true);
    const coupon = requestCompensationSchema.safeParse({ ...base, kind: "coupon" });
    expect(coupon.error?.issues).toEqual([
      expect.objectContaining({ path: ["kind"], message: "compensationCouponsLater" }),
    ]);
    expect(requestCompensationSchema.safeParse({ ...base, points: 100_001 }).success).toBe(false);
    expect(requestCompensationSchema.safeParse({ ...base, reason: "x".repeat(501) }).success).toBe(false);
  });
});

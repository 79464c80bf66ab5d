import { describe, expect, it } from "vitest";
import { adjustmentNeedsApproval } from "./schemas";

// docs/domain.md#adjustments: the service decides and the 360° form predicts with this one rule.
describe("adjustmentNeedsApproval", () => {
  it("holds the threshold against the day total plus this request's size, deductions included", () => {
    expect(adjustmentNeedsApproval({ dayTotal: 0, points: 5000, threshold: 5000 })).toBe(false);
    expect(adjustmentNeedsApproval({ dayTotal: 0, points: 5001, threshold: 5000 })).toBe(true);
    expect(adjustmentNeedsApproval({ dayTotal: 4000, points: 1000, threshold: 5000 })).toBe(false);
    expect(adjustmentNeedsApproval({ dayTotal: 4000, points: 1001, threshold: 5000 })).toBe(true);
    expect(adjustmentNeedsApproval({ dayTotal: 4000, points: -1001, threshold: 5000 })).toBe(true);
    // Split requests gain nothing: a small one waits once the day total is over.
    expect(adjustmentNeedsApproval({ dayTotal: 5000, points: 1, threshold: 5000 })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { parseGramsToCg, pickupSchema, weightCheck } from "./schemas";

const TICKET = "7f1c2a4e-5b6d-4c3e-8f9a-0b1c2d3e4f5a";

describe("pickup weights", () => {
  it("reads grams with at most two decimals as whole hundredths, without floating-point drift", () => {
    expect(parseGramsToCg("23.45")).toBe(2345);
    expect(parseGramsToCg("23.4")).toBe(2340);
    expect(parseGramsToCg("23")).toBe(2300);
    expect(parseGramsToCg(" 0.29 ")).toBe(29);
    expect(parseGramsToCg("1.13")).toBe(113); // 1.13 * 100 is 112.99999999999999 in floating point
    for (const bad of ["", "abc", "23.456", "-1", "1e3", "23,45", ".5", "5.", "123456"]) {
      expect(parseGramsToCg(bad), bad).toBeNull();
    }
  });

  it("a difference of 0.01 g passes; 0.02 g or a different number of stones needs the acknowledgement", () => {
    expect(weightCheck(2345, 2346, 2, 2)).toEqual({
      differenceCg: 1,
      stonesDiffer: false,
      needsAcknowledgement: false,
    });
    expect(weightCheck(2345, 2344, 2, 2).needsAcknowledgement).toBe(false);
    expect(weightCheck(2345, 2347, 2, 2)).toEqual({ differenceCg: 2, stonesDiffer: false, needsAcknowledgement: true });
    expect(weightCheck(2345, 2343, 2, 2).needsAcknowledgement).toBe(true);
    expect(weightCheck(2345, 2345, 2, 1)).toEqual({ differenceCg: 0, stonesDiffer: true, needsAcknowledgement: true });
  });

  it("the form's schema: a 6-digit code, a positive weight, a whole number of stones", () => {
    const ok = pickupSchema.parse({ ticketId: TICKET, claimCode: " 482913 ", weightOut: "23.45", stoneCountOut: "2" });
    expect(ok).toEqual({
      ticketId: TICKET,
      claimCode: "482913",
      weightOut: "23.45",
      stoneCountOut: 2,
      weightNote: undefined,
      weightAcknowledged: false,
    });
    const fails = (input: Record<string, unknown>) =>
      pickupSchema.safeParse({ ticketId: TICKET, claimCode: "482913", weightOut: "23.45", stoneCountOut: 2, ...input })
        .success;
    expect(fails({ claimCode: "48291" })).toBe(false);
    expect(fails({ weightOut: "0" })).toBe(false);
    expect(fails({ stoneCountOut: "" })).toBe(false);
    expect(fails({ stoneCountOut: -1 })).toBe(false);
    expect(fails({ weightNote: "  " })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  TOP_UP_BONUS_RULE,
  topUpBonusFor,
  topUpBonusRuleFormSchema,
  topUpBonusRuleFromForm,
  topUpBonusRuleSchema,
} from "./schemas";

describe("top-up bonus rule", () => {
  const tenPercent = { stepFen: 100_000, bonusPerStepFen: 10_000 };

  it("gives the bonus per full step only, and nothing by default", () => {
    expect(topUpBonusFor(tenPercent, 250_000)).toBe(20_000);
    expect(topUpBonusFor(tenPercent, 99_999)).toBe(0);
    expect(topUpBonusFor(tenPercent, 100_000_000)).toBe(10_000_000);
    expect(topUpBonusFor(tenPercent, 0)).toBe(0);
    expect(topUpBonusFor(TOP_UP_BONUS_RULE.defaults, 100_000_000)).toBe(0);
  });

  it("the admin form takes yuan text and refuses a bonus above its step or a zero step", () => {
    const parsed = topUpBonusRuleFormSchema.parse({ effectiveFrom: "", stepYuan: "¥1,000", bonusPerStepYuan: "100" });
    expect(topUpBonusRuleFromForm(parsed)).toEqual(tenPercent);
    const issues = (input: { stepYuan: string; bonusPerStepYuan: string }) => {
      const result = topUpBonusRuleFormSchema.safeParse({ effectiveFrom: "", ...input });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    };
    expect(issues({ stepYuan: "100", bonusPerStepYuan: "100.01" })).toEqual([
      "bonusPerStepYuan:storedValueBonusAboveStep",
    ]);
    expect(issues({ stepYuan: "0", bonusPerStepYuan: "0" })).toEqual(["stepYuan:storedValueStepRange"]);
    expect(issues({ stepYuan: "1000", bonusPerStepYuan: "abc" })).toEqual(["bonusPerStepYuan:yuanAmountFormat"]);
    expect(topUpBonusRuleSchema.safeParse({ stepFen: 100, bonusPerStepFen: 101 }).success).toBe(false);
  });
});

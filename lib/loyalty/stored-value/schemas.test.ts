import { describe, expect, it } from "vitest";
import {
  decideBonusRequestSchema,
  issueCardSchema,
  TOP_UP_BONUS_RULE,
  topUpBonusFor,
  topUpBonusRuleFormSchema,
  topUpBonusRuleFromForm,
  topUpBonusRuleSchema,
  topUpSchema,
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

describe("extra bonus beyond the rule", () => {
  const id = "0b6f1c7e-2a0f-4c4e-9b1a-6f0c1f7a2b3c";
  const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);

  it("is at most the top-up itself, needs a positive top-up and a reason of 1–500 characters", () => {
    const topUp = (extra: object) => issues(topUpSchema.safeParse({ cardId: id, amountFen: 1, ...extra }));
    expect(topUp({ extraBonusFen: 100_000_000, extraBonusReason: "VIP" })).toEqual([
      "extraBonusFen:storedValueExtraBonusAboveTopUp",
    ]);
    expect(topUp({ extraBonusFen: 1 })).toEqual(["extraBonusReason:storedValueExtraBonusReasonLength"]);
    expect(topUp({ extraBonusFen: 1, extraBonusReason: "x".repeat(501) })).toEqual([
      "extraBonusReason:storedValueExtraBonusReasonLength",
    ]);
    expect(topUp({ extraBonusFen: 1, extraBonusReason: "a\u0000b" })).toEqual(["extraBonusReason:noNulCharacter"]);
    expect(topUp({ extraBonusFen: 1, extraBonusReason: " Late repair " })).toEqual([]);
    expect(topUpSchema.parse({ cardId: id, amountFen: 1, extraBonusFen: 0, extraBonusReason: "" })).toEqual({
      cardId: id,
      amountFen: 1,
      extraBonusFen: 0,
    });
    expect(
      issues(issueCardSchema.safeParse({ storeId: id, initialTopUpFen: 0, extraBonusFen: 5, extraBonusReason: "x" })),
    ).toEqual(["extraBonusFen:storedValueBonusNeedsTopUp"]);
  });

  it("a rejection needs a note, an approval does not", () => {
    expect(issues(decideBonusRequestSchema.safeParse({ requestId: id, approve: false, note: " " }))).toEqual([
      "note:rejectNoteRequired",
    ]);
    expect(decideBonusRequestSchema.parse({ requestId: id, approve: true, note: "" })).toEqual({
      requestId: id,
      approve: true,
    });
  });
});

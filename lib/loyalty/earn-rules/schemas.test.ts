import { describe, expect, it } from "vitest";
import { EARN_RULES, pointsFor } from "../programme/rules";
import {
  earnRulesFormSchema,
  earnRulesFromForm,
  earnRulesToForm,
  normaliseDecimal,
  type EarnRulesFormInput,
} from "./schemas";

const STORE = "0b4f6d2e-3c1a-4b7e-9f00-1234567890ab";

function form(overrides: Partial<EarnRulesFormInput> = {}): EarnRulesFormInput {
  return {
    effectiveFrom: "",
    adjustmentApprovalThreshold: 5000,
    parkingPointsPerHour: 200,
    cashOffsetPointsPerYuan: 100,
    surveyPoints: 50,
    referralPoints: 500,
    campaigns: [
      {
        code: "spring-gold",
        name: "春季黄金节",
        startsOn: "2026-03-01",
        endsOn: "2026-03-31",
        extraMultiplier: "0.5",
        minBaseYuan: "1,999.90",
        storeIds: [STORE],
      },
    ],
    ...overrides,
  };
}

function errorsOf(input: EarnRulesFormInput) {
  const result = earnRulesFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
}

describe("earn rules form schema", () => {
  it("converts the minimum base from yuan text to fen exactly and upper-cases campaign codes", () => {
    const rules = earnRulesFromForm(earnRulesFormSchema.parse(form()));
    expect(rules.campaigns[0]).toEqual({
      code: "SPRING-GOLD",
      name: "春季黄金节",
      startsOn: "2026-03-01",
      endsOn: "2026-03-31",
      extraMultiplier: "0.5",
      minBaseFen: 199_990,
      storeIds: [STORE],
    });
    // 0.29 and 0.57 are the classic float traps (0.29 × 100 = 28.999…).
    for (const [yuan, fen] of [
      ["0.29", 29],
      ["0.57", 57],
      ["1.1", 110],
      ["¥12,345.67", 1_234_567],
      ["0", 0],
    ] as const) {
      const parsed = earnRulesFormSchema.parse(form({ campaigns: [{ ...form().campaigns[0]!, minBaseYuan: yuan }] }));
      expect(earnRulesFromForm(parsed).campaigns[0]!.minBaseFen, yuan).toBe(fen);
    }
    expect(EARN_RULES.schema.safeParse(rules).success).toBe(true);
  });

  it("takes the extra multiplier only as an exact decimal with at most two places, above zero", () => {
    const withMultiplier = (extraMultiplier: string) =>
      form({ campaigns: [{ ...form().campaigns[0]!, extraMultiplier }] });
    for (const good of ["0.5", "1", "1.25", "0.05", "10"]) expect(errorsOf(withMultiplier(good)), good).toEqual([]);
    expect(errorsOf(withMultiplier("0.125"))).toEqual(["campaigns.0.extraMultiplier:multiplierFormat"]);
    expect(errorsOf(withMultiplier("1e1"))).toEqual(["campaigns.0.extraMultiplier:multiplierFormat"]);
    expect(errorsOf(withMultiplier("-0.5"))).toEqual(["campaigns.0.extraMultiplier:multiplierFormat"]);
    expect(errorsOf(withMultiplier("0.00"))).toEqual(["campaigns.0.extraMultiplier:multiplierPositive"]);
    expect(normaliseDecimal("00.50")).toBe("0.5");
    expect(normaliseDecimal("1.0")).toBe("1");
    expect(normaliseDecimal("0.05")).toBe("0.05");
    // The stored multiplier computes points exactly: ¥1,999.90 × 0.5 = 999 points (floored).
    const rules = earnRulesFromForm(earnRulesFormSchema.parse(withMultiplier("0.50")));
    expect(pointsFor(rules.campaigns[0]!.minBaseFen, rules.campaigns[0]!.extraMultiplier)).toBe(999);
  });

  it("refuses a campaign ending before it starts, duplicate codes (whatever their case) and a bad minimum base", () => {
    const campaign = form().campaigns[0]!;
    expect(errorsOf(form({ campaigns: [{ ...campaign, startsOn: "2026-04-01", endsOn: "2026-03-31" }] }))).toEqual([
      "campaigns.0.endsOn:endsBeforeStarts",
    ]);
    expect(errorsOf(form({ campaigns: [{ ...campaign, startsOn: "2026-03-31", endsOn: "2026-03-31" }] }))).toEqual([]);
    expect(errorsOf(form({ campaigns: [campaign, { ...campaign, code: "Spring-Gold " }] }))).toEqual([
      "campaigns.1.code:campaignCodeDuplicate",
    ]);
    expect(errorsOf(form({ campaigns: [{ ...campaign, minBaseYuan: "12.345" }] }))).toEqual([
      "campaigns.0.minBaseYuan:yuanAmountFormat",
    ]);
    expect(errorsOf(form({ campaigns: [{ ...campaign, minBaseYuan: "-1" }] }))).toEqual([
      "campaigns.0.minBaseYuan:yuanAmountFormat",
    ]);
    expect(errorsOf(form({ campaigns: [{ ...campaign, startsOn: "2026-02-30" }] }))).toEqual([
      "campaigns.0.startsOn:dateInvalid",
    ]);
    expect(errorsOf(form({ effectiveFrom: "tomorrow" }))).toEqual(["effectiveFrom:dateTimeInvalid"]);
    expect(errorsOf(form({ parkingPointsPerHour: 0 })).map((e) => e.split(":")[0])).toEqual(["parkingPointsPerHour"]);
    expect(errorsOf(form({ surveyPoints: Number.NaN }))).toEqual(["surveyPoints:wholeNumberRequired"]);
    expect(errorsOf(form({ referralPoints: 1.5 }))).toEqual(["referralPoints:wholeNumberRequired"]);
  });

  it("keeps campaign days and the effective time within the business's dates (2000 to 2100)", () => {
    const campaign = form().campaigns[0]!;
    expect(errorsOf(form({ campaigns: [{ ...campaign, startsOn: "0001-01-01" }] }))).toEqual([
      "campaigns.0.startsOn:dateOutOfRange",
    ]);
    expect(errorsOf(form({ campaigns: [{ ...campaign, endsOn: "9999-12-31" }] }))).toEqual([
      "campaigns.0.endsOn:dateOutOfRange",
    ]);
    expect(errorsOf(form({ effectiveFrom: "9999-12-31T23:59" }))).toEqual(["effectiveFrom:dateOutOfRange"]);
    expect(errorsOf(form({ effectiveFrom: "0000-01-01T00:00" }))).toEqual(["effectiveFrom:dateOutOfRange"]);
    expect(errorsOf(form({ effectiveFrom: "2100-12-31T23:59" }))).toEqual([]);
  });

  it("a saved version round-trips through the form unchanged", () => {
    const rules = earnRulesFromForm(earnRulesFormSchema.parse(form()));
    expect(earnRulesFromForm(earnRulesFormSchema.parse(earnRulesToForm(rules)))).toEqual(rules);
    expect(earnRulesFromForm(earnRulesFormSchema.parse(earnRulesToForm(EARN_RULES.defaults)))).toEqual(
      EARN_RULES.defaults,
    );
  });
});

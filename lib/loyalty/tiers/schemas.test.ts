import { describe, expect, it } from "vitest";
import { TIER_PROGRAMME } from "../programme/rules";
import {
  effectiveInstant,
  grantTierSchema,
  programmeToForm,
  tierProgrammeFormSchema,
  toDateTimeLocal,
  toTierProgramme,
  type TierProgrammeFormInput,
} from "./schemas";

function form(
  overrides: Partial<Record<number, Partial<TierProgrammeFormInput["tiers"][number]>>> = {},
  effectiveFrom = "",
): TierProgrammeFormInput {
  const base = programmeToForm(TIER_PROGRAMME.defaults);
  return { tiers: base.tiers.map((row, i) => ({ ...row, ...overrides[i] })), effectiveFrom };
}

function issues(input: unknown) {
  const result = tierProgrammeFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
}

describe("the tier programme form", () => {
  it("round-trips the default programme exactly", () => {
    const parsed = tierProgrammeFormSchema.parse(form());
    expect(toTierProgramme(parsed)).toEqual(TIER_PROGRAMME.defaults);
  });

  it("converts yuan text to fen exactly, with grouping and cents, never through a float", () => {
    const parsed = tierProgrammeFormSchema.parse(
      form({
        1: { thresholdYuan: "5,000.10" },
        2: { thresholdYuan: "19999.99" },
        3: { thresholdYuan: "¥1,234,567.07" },
      }),
    );
    expect(toTierProgramme(parsed).tiers.map((t) => t.thresholdFen)).toEqual([0, 500_010, 1_999_999, 123_456_707]);
    // 0.07 × 100 is 7.000000000000001 in floating point; the text parse gives exactly 7 fen.
    expect(
      toTierProgramme(
        tierProgrammeFormSchema.parse(
          form({ 1: { thresholdYuan: "0.07" }, 2: { thresholdYuan: "0.29" }, 3: { thresholdYuan: "0.57" } }),
        ),
      ).tiers.map((t) => t.thresholdFen),
    ).toEqual([0, 7, 29, 57]);
  });

  it("refuses amounts that are not yuan with at most two decimals", () => {
    expect(issues(form({ 1: { thresholdYuan: "5000.001" } }))).toContain("tiers.1.thresholdYuan:yuanAmount");
    expect(issues(form({ 1: { thresholdYuan: "-5" } }))).toContain("tiers.1.thresholdYuan:yuanAmount");
    expect(issues(form({ 1: { thresholdYuan: "1e4" } }))).toContain("tiers.1.thresholdYuan:yuanAmount");
  });

  it("requires a zero base threshold and strictly ascending thresholds", () => {
    expect(issues(form({ 0: { thresholdYuan: "1" } }))).toContain("tiers.0.thresholdYuan:baseTierThreshold");
    expect(issues(form({ 2: { thresholdYuan: "5000" } }))).toContain("tiers.2.thresholdYuan:thresholdsAscending");
  });

  it("checks multipliers as exact decimals and parking hours as whole hours", () => {
    expect(issues(form({ 1: { multiplier: "1.255" } }))).toContain("tiers.1.multiplier:multiplierFormat");
    expect(issues(form({ 1: { multiplier: "1,5" } }))).toContain("tiers.1.multiplier:multiplierFormat");
    expect(issues(form({ 3: { parkingHours: 25 } }))).toContain("tiers.3.parkingHours:parkingHours");
    expect(issues(form({ 3: { parkingHours: 1.5 } }))).toContain("tiers.3.parkingHours:parkingHours");
  });

  it("refuses tiers out of order", () => {
    const input = form();
    input.tiers = [input.tiers[0]!, input.tiers[2]!, input.tiers[1]!, input.tiers[3]!];
    expect(issues(input)).toContain("tiers.1.code:tierOrder");
  });

  it("reads the effective time as head-office (Shanghai) time; empty means now", () => {
    const now = new Date("2025-06-15T02:00:00Z");
    expect(effectiveInstant(tierProgrammeFormSchema.parse(form()), now)).toBe(now);
    expect(effectiveInstant(tierProgrammeFormSchema.parse(form({}, "2025-07-01T00:00")), now).toISOString()).toBe(
      "2025-06-30T16:00:00.000Z",
    );
    expect(toDateTimeLocal(new Date("2025-06-30T16:00:00Z"))).toBe("2025-07-01T00:00");
    expect(issues(form({}, "2025-13-01T00:00"))).toContain("effectiveFrom:dateTimeInvalid");
  });

  it("takes an effective time within the business's dates only (2000 to 2100)", () => {
    expect(issues(form({}, "9999-12-31T23:59"))).toEqual(["effectiveFrom:dateOutOfRange"]);
    expect(issues(form({}, "0001-01-01T00:00"))).toEqual(["effectiveFrom:dateOutOfRange"]);
    expect(issues(form({}, "2100-12-31T23:59"))).toEqual([]);
  });
});

describe("the grant form", () => {
  const memberId = "3f1a3c1e-8d4b-4c1e-9a8e-1b2c3d4e5f60";
  it("grants only tiers above the base one, with a date and a reason", () => {
    expect(
      grantTierSchema.safeParse({ memberId, tier: "gold", until: "2025-12-31", reason: "VIP event host" }).success,
    ).toBe(true);
    expect(
      grantTierSchema.safeParse({ memberId, tier: "normal", until: "2025-12-31", reason: "VIP event host" }).success,
    ).toBe(false);
    expect(
      grantTierSchema.safeParse({ memberId, tier: "gold", until: "2025-02-30", reason: "VIP event host" }).success,
    ).toBe(false);
    expect(grantTierSchema.safeParse({ memberId, tier: "gold", until: "2025-12-31", reason: "ok" }).success).toBe(
      false,
    );
  });

  it("grants until a day within the business's dates only (a grant until 9999 is a typo)", () => {
    const until = (day: string) => {
      const result = grantTierSchema.safeParse({ memberId, tier: "gold", until: day, reason: "VIP event host" });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
    };
    expect(until("9999-12-31")).toEqual(["until:dateOutOfRange"]);
    expect(until("0001-01-01")).toEqual(["until:dateOutOfRange"]);
    expect(until("2100-12-31")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import {
  cgToGramsInput,
  certificateSchema,
  formatCg,
  gramsSchema,
  optionalGramsSchema,
  parseGramsToCg,
  prefillFromPurchaseLine,
} from "./schemas";

describe("grams and centigrams", () => {
  it("reads grams with up to two decimals exactly, full-width digits too", () => {
    expect(parseGramsToCg("12.34")).toBe(1234);
    expect(parseGramsToCg("12.3")).toBe(1230);
    expect(parseGramsToCg("0.01")).toBe(1);
    expect(parseGramsToCg(" 7 ")).toBe(700);
    expect(parseGramsToCg("１２.５")).toBe(1250);
    // 0.29 * 100 is 28.999999999999996 in floating point: the parse never multiplies a float.
    expect(parseGramsToCg("0.29")).toBe(29);
    for (const bad of ["", "1.234", "-1", "1e3", "12,5", "abc", ".5", "5."]) expect(parseGramsToCg(bad)).toBeNull();
  });

  it("writes cg back as grams for a field and for reading", () => {
    expect(cgToGramsInput(1234)).toBe("12.34");
    expect(cgToGramsInput(5)).toBe("0.05");
    expect(cgToGramsInput(null)).toBe("");
    expect(formatCg(123_456, "en")).toBe("1,234.56 g");
    expect(formatCg(500, "zh-CN")).toBe("5.00 g");
    expect(formatCg(null, "en")).toBe("—");
  });

  it("requires a weight above 0 and at most 2 kg; the optional one takes an empty field as none", () => {
    expect(gramsSchema.parse("0.01")).toBe(1);
    expect(gramsSchema.parse("2000")).toBe(200_000);
    expect(gramsSchema.safeParse("2000.01").error?.issues[0]?.message).toBe("itemWeightTooHigh");
    expect(gramsSchema.safeParse("0").error?.issues[0]?.message).toBe("itemWeightPositive");
    expect(gramsSchema.safeParse("").error?.issues[0]?.message).toBe("itemWeightRequired");
    expect(gramsSchema.safeParse(12).error?.issues[0]?.message).toBe("itemWeightRequired");
    expect(optionalGramsSchema.parse("")).toBeNull();
    expect(optionalGramsSchema.parse(undefined)).toBeNull();
    expect(optionalGramsSchema.safeParse("0").error?.issues[0]?.message).toBe("itemWeightPositive");
  });
});

describe("certificate numbers", () => {
  it("are folded to half-width upper case with single spaces, and empty is none", () => {
    expect(certificateSchema.parse(" gia  2141438167 ")).toBe("GIA 2141438167");
    expect(certificateSchema.parse("ＮＧＴＣ－Ａ１２３")).toBe("NGTC-A123");
    expect(certificateSchema.parse("")).toBeNull();
    expect(certificateSchema.parse(undefined)).toBeNull();
  });

  it("refuse other characters and more than 40", () => {
    expect(certificateSchema.safeParse("A1<b>").error?.issues[0]?.message).toBe("itemCertificateInvalid");
    expect(certificateSchema.safeParse("-A1").error?.issues[0]?.message).toBe("itemCertificateInvalid");
    expect(certificateSchema.safeParse("1".repeat(41)).error?.issues[0]?.message).toBe("itemCertificateTooLong");
  });
});

describe("prefillFromPurchaseLine", () => {
  it("guesses the category from the product name and takes the material from the line's category", () => {
    expect(prefillFromPurchaseLine({ name: "足金素圈戒指", category: "gold" })).toEqual({
      name: "足金素圈戒指",
      category: "ring",
      material: "足金",
    });
    expect(prefillFromPurchaseLine({ name: "古法黄金手镯", category: "gold" }).category).toBe("bracelet");
    expect(prefillFromPurchaseLine({ name: "银饰手链", category: "silver" }).category).toBe("bracelet");
    expect(prefillFromPurchaseLine({ name: "铂金锁骨链", category: "platinum" })).toMatchObject({
      category: "necklace",
      material: "铂金",
    });
    expect(prefillFromPurchaseLine({ name: "淡水珍珠耳钉", category: "pearl" }).category).toBe("earrings");
    expect(prefillFromPurchaseLine({ name: "K 金吊坠", category: "k_gold" }).category).toBe("pendant");
    expect(prefillFromPurchaseLine({ name: "Diamond earrings", category: "diamond" }).category).toBe("earrings");
    expect(prefillFromPurchaseLine({ name: "礼品卡", category: "voucher" })).toEqual({
      name: "礼品卡",
      category: null,
      material: "voucher",
    });
  });
});

import { describe, expect, it } from "vitest";
import { storeDisplayName } from "./display";

const jingan = { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" };

describe("storeDisplayName", () => {
  it("shows the English name in the English UI", () => {
    expect(storeDisplayName(jingan, "en")).toBe("Jing'an Kerry Centre");
  });

  it("shows the Chinese name in the Chinese UI", () => {
    expect(storeDisplayName(jingan, "zh-CN")).toBe("静安嘉里中心店");
  });

  it("falls back to the Chinese name when the store has no English name", () => {
    expect(storeDisplayName({ name: "浦东国金中心店", nameEn: null }, "en")).toBe("浦东国金中心店");
    expect(storeDisplayName({ name: "浦东国金中心店", nameEn: "  " }, "en")).toBe("浦东国金中心店");
  });
});

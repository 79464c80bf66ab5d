import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { breakPoints, PDF_FONT_DIR } from "./fonts";

describe("breakPoints", () => {
  it("lets a line break between any two Chinese characters, with empty pieces (no hyphen drawn)", () => {
    expect(breakPoints("会员对账单")).toEqual(["会", "", "员", "", "对", "", "账", "", "单"]);
  });

  it("keeps Latin words, numbers and card numbers whole", () => {
    expect(breakPoints("Statement")).toEqual(["Statement"]);
    expect(breakPoints("M0012345678")).toEqual(["M0012345678"]);
    expect(breakPoints("积分1,234")).toEqual(["积", "", "分", "", "1,234"]);
  });
});

describe("the shipped fonts", () => {
  it("are OpenType files beside their licence", () => {
    for (const file of ["NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"]) {
      const head = fs.readFileSync(path.join(PDF_FONT_DIR, file)).subarray(0, 4).toString("latin1");
      expect(head).toBe("OTTO");
    }
    expect(fs.readFileSync(path.join(PDF_FONT_DIR, "OFL.txt"), "utf8")).toContain("SIL OPEN FONT LICENSE Version 1.1");
  });
});

import { describe, expect, it } from "vitest";
import { csvRows, spreadsheetText, unprotectSpreadsheetText, UTF8_BOM } from "./csv";

describe("CSV for spreadsheets", () => {
  it("quotes where needed and ends rows with CRLF", () => {
    expect(
      csvRows([
        ["a", "b,c"],
        ["张三", 'say "hi"'],
      ]),
    ).toBe('a,"b,c"\r\n张三,"say ""hi"""\r\n');
    expect(UTF8_BOM).toBe("\uFEFF");
  });

  it("keeps formulas from running: = + - @ and control characters at the start become text", () => {
    for (const formula of ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(spreadsheetText(formula)).toBe(`'${formula}`);
    expect(spreadsheetText("王府井 = 店")).toBe("王府井 = 店");
    expect(spreadsheetText(null)).toBe("");
  });

  it("a protected cell read back gives the text that was typed, so a fixed rejected-rows file imports again", () => {
    for (const text of ["+8613800138000", "=1+1", "@home", "-2", "plain", "'quoted"]) {
      expect(unprotectSpreadsheetText(spreadsheetText(text))).toBe(text);
    }
  });
});

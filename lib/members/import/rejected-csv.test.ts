import { describe, expect, it } from "vitest";
import { parseCsvText } from "./csv";
import { rejectedRowsCsv } from "./rejected-csv";

describe("rejected-rows CSV", () => {
  it("neutralises formulas in every original cell, header included, so a spreadsheet runs none of them", () => {
    const csv = parseCsvText('=HYPERLINK("x"),姓名,手机\n=cmd(),@SUM(A1),+8613800138000\n-1,张三,13800138000\n');
    const out = rejectedRowsCsv(
      csv,
      new Map([
        [2, "no_name"],
        [3, "phone_short"],
      ]),
      { line: "行号", reason: "原因" },
    );
    const lines = out.slice(1).trim().split("\r\n");

    expect(lines[0]).toBe(`行号,原因,"'=HYPERLINK(""x"")",姓名,手机`);
    expect(lines[1]).toBe("2,no_name,'=cmd(),'@SUM(A1),'+8613800138000");
    expect(lines[2]).toBe("3,phone_short,'-1,张三,13800138000");
  });
});

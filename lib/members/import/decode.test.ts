import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { analyzeImport } from "./analyze";
import { parseCsvText } from "./csv";
import { decodeCsvBytes, isValidUtf8 } from "./decode";
import { guessColumnMapping } from "./mapping";
import { rejectedRowsCsv } from "./rejected-csv";

const TEXT = "会员卡号,姓名,手机号\nC1,张晓华,13800138000\n";

describe("encoding detection", () => {
  it("reads UTF-8 without a BOM", () => {
    expect(decodeCsvBytes(Buffer.from(TEXT, "utf8"))).toEqual({ text: TEXT, encoding: "utf-8" });
  });

  it("reads UTF-8 with a BOM and drops the BOM", () => {
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, "utf8")]))).toEqual({
      text: TEXT,
      encoding: "utf-8",
    });
  });

  it("falls back to GBK when the bytes are not valid UTF-8", () => {
    const gbk = iconv.encode(TEXT, "gbk");
    expect(isValidUtf8(gbk)).toBe(false);
    expect(decodeCsvBytes(gbk)).toEqual({ text: TEXT, encoding: "gbk" });
  });

  it("an explicit encoding overrides the guess", () => {
    const gbk = iconv.encode(TEXT, "gbk");
    expect(decodeCsvBytes(gbk, "utf-8").encoding).toBe("utf-8");
    expect(decodeCsvBytes(gbk, "utf-8").text).not.toBe(TEXT);
    expect(decodeCsvBytes(Buffer.from("abc,def\n"), "gbk")).toEqual({ text: "abc,def\n", encoding: "gbk" });
  });

  it("an ASCII-only file is UTF-8", () => {
    expect(decodeCsvBytes(Buffer.from("name,phone\n")).encoding).toBe("utf-8");
  });
});

describe("CSV line numbers", () => {
  it("numbers records by the line they start on, across quoted multi-line fields, CRLF and blank lines", () => {
    const csv = parseCsvText(
      '姓名,手机号,备注\r\n张三,13800138000,"第一行\r\n第二行"\r\n\r\n李四,13900139000,\r\n王五,13700137000,"a\nb\nc"\r\n赵六,13600136000,x',
    );
    expect(csv.header).toEqual(["姓名", "手机号", "备注"]);
    expect(csv.records.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, "张三"],
      [5, "李四"],
      [6, "王五"],
      [9, "赵六"],
    ]);
    expect(csv.records[0]!.cells[2]).toBe("第一行\r\n第二行");
  });
});

describe("column mapping", () => {
  it("guesses Chinese and English headers", () => {
    expect(
      guessColumnMapping([
        "会员卡号",
        "姓名",
        "性别",
        "手机号",
        "生日",
        "邮箱",
        "开卡门店",
        "开卡日期",
        "累计消费(元)",
        "积分余额",
        "备注",
      ]),
    ).toEqual({
      cardNo: 0,
      name: 1,
      gender: 2,
      phone: 3,
      birthday: 4,
      email: 5,
      storeCode: 6,
      registeredOn: 7,
      note: 10,
    });
    expect(
      guessColumnMapping(["Card", "Name", "Mobile", "Birthday", "E-mail", "Store", "Note", "Gender"]),
    ).toMatchObject({
      cardNo: 0,
      name: 1,
      phone: 2,
      birthday: 3,
      email: 4,
      storeCode: 5,
      note: 6,
      gender: 7,
      registeredOn: null,
    });
    expect(guessColumnMapping(["卡号", "客户姓名", "手机", "出生日期"])).toMatchObject({
      cardNo: 0,
      name: 1,
      phone: 2,
      birthday: 3,
    });
  });
});

describe("row rules", () => {
  const csv = parseCsvText(
    [
      "卡号,姓名,手机,生日",
      "A1,张三,13800138000,1990-13-40", // kept, bad_date
      "A2,张三,+86 138 0013 8000,1990-01-02", // duplicate: same member, card added, birthday filled
      "A3,,13900139000,", // no_name
      "A4,李四,0577-88888888,", // phone_landline
      ",,abc,", // both wrong: the phone is checked first
      "A6,,13800138000,", // no name, even though the phone is known: rejected, not merged
    ].join("\n"),
  );
  const { report, members, rejectedLines } = analyzeImport(csv, guessColumnMapping(csv.header), {
    today: "2026-01-01",
  });

  it("counts rows, members, duplicates, rejections and warnings within the file", () => {
    expect(report).toMatchObject({
      rows: 6,
      distinct_valid_members: 1,
      duplicate_rows: 1,
      invalid_rows: 4,
      birthday_warnings: 1,
    });
    expect(report.invalid).toEqual([
      { row: 4, why: "no_name" },
      { row: 5, why: "phone_landline" },
      { row: 6, why: "phone_letters" },
      { row: 7, why: "no_name" },
    ]);
    expect(report.warnings).toEqual([{ row: 2, why: "bad_date" }]);
    expect(members).toEqual([
      expect.objectContaining({
        phoneE164: "+8613800138000",
        name: "张三",
        birthday: "1990-01-02",
        cardNos: ["A1", "A2"],
        lines: [2, 3],
      }),
    ]);
  });

  it("the rejected-rows CSV carries the line, the reason and the original columns", () => {
    const out = rejectedRowsCsv(csv, rejectedLines, { line: "行号", reason: "原因" });
    expect(out.startsWith("\uFEFF行号,原因,卡号,姓名,手机,生日\r\n4,no_name,A3,,13900139000,\r\n")).toBe(true);
    expect(out.trim().split("\r\n")).toHaveLength(5);
  });
});

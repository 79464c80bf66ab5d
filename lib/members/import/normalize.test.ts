import { describe, expect, it } from "vitest";
import { todayIn } from "@/lib/time";
import { normalizeBirthday, normalizeChinaMobile, normalizeEmail, normalizeGender, parseLegacyDate } from "./normalize";

describe("legacy dates", () => {
  it.each([
    ["1990-01-02", "1990-01-02"],
    ["1990/1/2", "1990-01-02"],
    ["1990/01/02", "1990-01-02"],
    ["1990年1月2日", "1990-01-02"],
    ["1990年12月25日", "1990-12-25"],
    ["19900102", "1990-01-02"],
    ["1990.01.02", "1990-01-02"],
    ["1990.1.2", "1990-01-02"],
    [" 1990-1-2 ", "1990-01-02"],
    ["１９９０－０１－０２", "1990-01-02"],
    ["1990-01-02 00:00:00", "1990-01-02"],
    ["2000-02-29", "2000-02-29"],
  ])("%s is %s", (raw, iso) => {
    expect(parseLegacyDate(raw)).toBe(iso);
  });

  it.each([
    "1990-13-40",
    "1990-02-30",
    "1900-02-29",
    "2001-02-29",
    "00000000",
    "未知",
    "1990-01",
    "1990/1/2x",
    "02/01/1990",
    "",
  ])("%s is not a date", (raw) => {
    expect(parseLegacyDate(raw)).toBeNull();
  });

  it("a birthday in the future, before 1900 or impossible is bad; empty is empty", () => {
    const today = "2026-06-01";
    expect(normalizeBirthday("2999-01-01", today)).toEqual({ kind: "bad" });
    expect(normalizeBirthday("2026-06-02", today)).toEqual({ kind: "bad" });
    expect(normalizeBirthday("2026-06-01", today)).toEqual({ kind: "ok", iso: "2026-06-01" });
    expect(normalizeBirthday("1899-12-31", today)).toEqual({ kind: "bad" });
    expect(normalizeBirthday("1990-13-40", today)).toEqual({ kind: "bad" });
    expect(normalizeBirthday("1990年2月30日", today)).toEqual({ kind: "bad" });
    expect(normalizeBirthday("  ", today)).toEqual({ kind: "empty" });
    expect(normalizeBirthday("1960/9/14", today)).toEqual({ kind: "ok", iso: "1960-09-14" });
  });

  it("today is the calendar day in the store's time zone", () => {
    // 17:30 UTC on 31 Dec is already 1 Jan in Shanghai.
    expect(todayIn("Asia/Shanghai", new Date("2025-12-31T17:30:00Z"))).toBe("2026-01-01");
    expect(todayIn("UTC", new Date("2025-12-31T17:30:00Z"))).toBe("2025-12-31");
  });
});

describe("genders", () => {
  it.each([
    ["男", "male"],
    ["女", "female"],
    ["M", "male"],
    ["m", "male"],
    ["F", "female"],
    ["f", "female"],
    ["male", "male"],
    ["MALE", "male"],
    ["Female", "female"],
    ["先生", "male"],
    ["女士", "female"],
    [" 女 ", "female"],
    ["Ｍ", "male"],
    ["", "unknown"],
    ["未知", "unknown"],
    ["x", "unknown"],
  ])("%s is %s", (raw, gender) => {
    expect(normalizeGender(raw)).toBe(gender);
  });
});

describe("phones (the import's reasons are the normaliser's problem codes)", () => {
  it.each([
    ["13560181590", "+8613560181590"],
    ["+8613560181590", "+8613560181590"],
    ["8615524595711", "+8615524595711"],
    ["+86 137 5181 9093", "+8613751819093"],
    ["189-8465-6321", "+8618984656321"],
    [" 18007866661 ", "+8618007866661"],
    ["１３８００１３８０００", "+8613800138000"],
    ["008613800138000", "+8613800138000"],
  ])("%s is %s", (raw, e164) => {
    expect(normalizeChinaMobile(raw)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ["0577-33734419", "phone_landline"],
    ["181619958", "phone_short"],
    ["136381abcde", "phone_letters"],
    ["", "phone_empty"],
    ["12345678901", "phone_not_mobile"],
  ])("%s is rejected as %s", (raw, problem) => {
    expect(normalizeChinaMobile(raw)).toEqual({ ok: false, problem });
  });
});

describe("e-mail", () => {
  it("keeps a valid address, flags an invalid one", () => {
    expect(normalizeEmail("user3@example.com")).toEqual({ kind: "ok", email: "user3@example.com" });
    expect(normalizeEmail("not an email")).toEqual({ kind: "bad" });
    expect(normalizeEmail("")).toEqual({ kind: "empty" });
  });
});

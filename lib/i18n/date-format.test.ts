import { describe, expect, it } from "vitest";
import { dateTimeFormat } from "./date-format";

describe("dateTimeFormat", () => {
  const noon = new Date("2030-03-11T04:00:00Z"); // 12:00 in Shanghai

  it("formats as Intl does with the same locale and options", () => {
    for (const locale of ["zh-CN", "en"]) {
      const options = { dateStyle: "full", timeZone: "Asia/Shanghai" } as const;
      expect(dateTimeFormat(locale, options).format(noon)).toBe(new Intl.DateTimeFormat(locale, options).format(noon));
    }
  });

  it("builds one format per locale and options", () => {
    const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Shanghai" } as const;
    expect(dateTimeFormat("en", options)).toBe(dateTimeFormat("en", { ...options }));
    expect(dateTimeFormat("en", options)).not.toBe(dateTimeFormat("zh-CN", options));
    expect(dateTimeFormat("en", options)).not.toBe(dateTimeFormat("en", { ...options, timeZone: "UTC" }));
    expect(dateTimeFormat("en", options).format(noon)).toBe("12:00");
  });
});

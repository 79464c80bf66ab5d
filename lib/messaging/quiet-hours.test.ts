import { describe, expect, it } from "vitest";
import { inQuietHours, outsideQuietHours } from "./quiet-hours";

const SHANGHAI = "Asia/Shanghai";

describe("quiet hours (21:00–09:00 store time)", () => {
  it.each([
    ["2025-03-14T08:59:00+08:00", true],
    ["2025-03-14T09:00:00+08:00", false],
    ["2025-03-14T20:59:59+08:00", false],
    ["2025-03-14T21:00:00+08:00", true],
    ["2025-03-14T23:59:00+08:00", true],
    ["2025-03-15T00:00:00+08:00", true],
  ])("%s is quiet in Shanghai: %s", (at, quiet) => {
    expect(inQuietHours(new Date(at), SHANGHAI)).toBe(quiet);
  });

  it("a time in the day is kept as it is", () => {
    const at = new Date("2025-03-14T14:30:00+08:00");
    expect(outsideQuietHours(at, SHANGHAI)).toBe(at);
  });

  it("22:30 moves to 09:00 the next day", () => {
    expect(outsideQuietHours(new Date("2025-03-14T22:30:00+08:00"), SHANGHAI).toISOString()).toBe(
      new Date("2025-03-15T09:00:00+08:00").toISOString(),
    );
  });

  it("08:59 moves to 09:00 the same day, and so does 00:00", () => {
    expect(outsideQuietHours(new Date("2025-03-14T08:59:00+08:00"), SHANGHAI).toISOString()).toBe(
      new Date("2025-03-14T09:00:00+08:00").toISOString(),
    );
    expect(outsideQuietHours(new Date("2025-03-14T00:00:00+08:00"), SHANGHAI).toISOString()).toBe(
      new Date("2025-03-14T09:00:00+08:00").toISOString(),
    );
  });

  it("the month and year roll over", () => {
    expect(outsideQuietHours(new Date("2025-12-31T21:00:00+08:00"), SHANGHAI).toISOString()).toBe(
      new Date("2026-01-01T09:00:00+08:00").toISOString(),
    );
  });

  it("counts in the store's own zone, across a daylight-saving change", () => {
    // Europe/Paris goes from +01:00 to +02:00 in the night of 29–30 March 2025.
    expect(outsideQuietHours(new Date("2025-03-29T22:00:00+01:00"), "Europe/Paris").toISOString()).toBe(
      new Date("2025-03-30T09:00:00+02:00").toISOString(),
    );
    // 22:30 in Shanghai is 15:30 in Paris: not quiet there.
    const at = new Date("2025-03-14T22:30:00+08:00");
    expect(outsideQuietHours(at, "Europe/Paris")).toBe(at);
  });
});

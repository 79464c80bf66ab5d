import { describe, expect, it } from "vitest";
import { localDate, localDayBounds, shiftDay, startOfLocalDay, todayIn } from "./time";

describe("time in a store's zone", () => {
  it("a moment after 16:00 UTC is already the next day in Shanghai", () => {
    const at = new Date("2026-03-01T16:30:00Z");
    expect(localDate(at, "UTC")).toBe("2026-03-01");
    expect(todayIn("Asia/Shanghai", at)).toBe("2026-03-02");
  });

  it("a local day is bounded by its own midnight and the next, in that zone", () => {
    expect(localDayBounds("2026-03-02", "Asia/Shanghai")).toEqual({
      start: new Date("2026-03-01T16:00:00Z"),
      end: new Date("2026-03-02T16:00:00Z"),
    });
    expect(startOfLocalDay("2026-03-02", "Asia/Shanghai")).toEqual(new Date("2026-03-01T16:00:00Z"));
  });

  it("refuses days that do not exist", () => {
    expect(localDayBounds("2026-02-30", "Asia/Shanghai")).toBeNull();
    expect(localDayBounds("2026-3-2", "Asia/Shanghai")).toBeNull();
    expect(localDayBounds("yesterday", "Asia/Shanghai")).toBeNull();
  });

  it("calendar arithmetic keeps 29 February on the 28th in other years", () => {
    expect(shiftDay("2024-02-29", { years: 1 })).toBe("2025-02-28");
    expect(shiftDay("2026-12-31", { days: 1 })).toBe("2027-01-01");
  });
});

import { describe, expect, it } from "vitest";
import { localDate, shiftDay, startOfLocalDay } from "@/lib/time";
import { anniversary, nextEvaluationDay, rollingWindowStart } from "./calendar";

const SHANGHAI = "Asia/Shanghai";

describe("the rolling 12-month window", () => {
  it("starts at 00:00 local time on the same local date 12 months earlier", () => {
    expect(rollingWindowStart(new Date("2025-06-15T10:00:00+08:00"), SHANGHAI).toISOString()).toBe(
      "2024-06-14T16:00:00.000Z",
    );
  });

  it("takes the local date, not the UTC date: 00:30 in Shanghai is still the previous day in UTC", () => {
    // 2025-06-16 00:30 Shanghai = 2025-06-15 16:30 UTC; the window starts on 16 June 2024, Shanghai.
    expect(rollingWindowStart(new Date("2025-06-16T00:30:00+08:00"), SHANGHAI).toISOString()).toBe(
      "2024-06-15T16:00:00.000Z",
    );
  });

  it("clamps 29 February to 28 February a year earlier", () => {
    expect(rollingWindowStart(new Date("2024-02-29T12:00:00+08:00"), SHANGHAI).toISOString()).toBe(
      "2023-02-27T16:00:00.000Z",
    );
  });

  it("follows the store's own time zone (New York, across a DST change)", () => {
    // 10 March 2025 is EDT (UTC-4); 10 March 2024 00:00 was EST (UTC-5).
    expect(rollingWindowStart(new Date("2025-03-10T12:00:00-04:00"), "America/New_York").toISOString()).toBe(
      "2024-03-10T05:00:00.000Z",
    );
  });
});

describe("local dates and anniversaries", () => {
  it("gives the local calendar date of a moment", () => {
    expect(localDate(new Date("2025-06-15T16:30:00Z"), SHANGHAI)).toBe("2025-06-16");
    expect(localDate(new Date("2025-06-15T15:59:59Z"), SHANGHAI)).toBe("2025-06-15");
  });

  it("starts a local day at 00:00 in the zone", () => {
    expect(startOfLocalDay("2025-06-16", SHANGHAI).toISOString()).toBe("2025-06-15T16:00:00.000Z");
  });

  it("adds whole years, 29 February falling on 28 February", () => {
    expect(anniversary("2023-06-15", 2)).toBe("2025-06-15");
    expect(anniversary("2024-02-29", 1)).toBe("2025-02-28");
    expect(anniversary("2024-02-29", 4)).toBe("2028-02-29");
    expect(shiftDay("2025-12-31", { days: 1 })).toBe("2026-01-01");
  });

  it("does calendar arithmetic the same whatever the process's time zone, across daylight-saving changes", () => {
    const before = process.env.TZ;
    try {
      // Santiago skips midnight (00:00 → 01:00) on 7 September 2025; London on 30 March 2025 at 01:00.
      for (const zone of ["America/Santiago", "Europe/London", "Pacific/Auckland", "UTC"]) {
        process.env.TZ = zone;
        expect(shiftDay("2025-09-06", { days: 1 })).toBe("2025-09-07");
        expect(shiftDay("2025-09-07", { days: 1 })).toBe("2025-09-08");
        expect(shiftDay("2025-03-30", { days: -1 })).toBe("2025-03-29");
        expect(shiftDay("2024-02-29", { years: 1 })).toBe("2025-02-28");
        expect(nextEvaluationDay("2024-09-07", null, "2025-01-10")).toBe("2025-09-07");
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("finds the next evaluation after the last one, never before today", () => {
    expect(nextEvaluationDay("2024-06-15", null, "2025-01-10")).toBe("2025-06-15");
    // Kept on 15 June 2025: the next is a year later.
    expect(nextEvaluationDay("2024-06-15", "2025-06-15", "2025-06-15")).toBe("2026-06-15");
    // A grant ended and was evaluated on 1 March 2025: the next anniversary after that.
    expect(nextEvaluationDay("2023-06-15", "2025-03-01", "2025-03-02")).toBe("2025-06-15");
    // Overdue (the job has not run yet): today.
    expect(nextEvaluationDay("2024-06-15", null, "2025-06-20")).toBe("2025-06-20");
    // The first anniversary is a full year after the tier began.
    expect(nextEvaluationDay("2025-06-15", null, "2025-06-15")).toBe("2026-06-15");
  });
});

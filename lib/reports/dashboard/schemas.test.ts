import { describe, expect, it } from "vitest";
import { dashboardFilterSchema, parseDashboardParams, presetRange } from "./schemas";

const STORE = "00000000-0000-4000-8000-00000000000a";

describe("dashboardFilterSchema", () => {
  it("takes a range of real days with one store or several", () => {
    expect(dashboardFilterSchema.parse({ from: "2026-11-01", to: "2026-11-30", store: STORE })).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      store: [STORE],
    });
    expect(dashboardFilterSchema.parse({ from: "2024-03-01", to: "2025-02-28" }).store).toEqual([]);
  });

  it.each([
    [{ from: "2026-11-1", to: "2026-11-30" }, "dateInvalid"],
    [{ from: ["2026-11-01", "2026-11-02"], to: "2026-11-30" }, "dateInvalid"],
    [{ from: "0001-01-01", to: "2026-11-30" }, "dateOutOfRange"],
    [{ from: "2026-02-30", to: "2026-03-01" }, "dateOutOfRange"],
    [{ from: "2026-11-30", to: "2026-11-01" }, "rangeReversed"],
    [{ from: "2024-01-01", to: "2025-01-01" }, "rangeTooLong"],
    [{ from: "2026-11-01", to: "2026-11-30", store: "A" }, "storeInvalid"],
    [{ from: "2026-11-01", to: "2026-11-30", store: [STORE, "x"] }, "storeInvalid"],
  ])("refuses %j with %s", (input, message) => {
    const result = dashboardFilterSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toContain(message);
  });

  it("takes a leap year of 366 days", () => {
    expect(dashboardFilterSchema.safeParse({ from: "2024-01-01", to: "2024-12-31" }).success).toBe(true);
  });
});

describe("parseDashboardParams", () => {
  it("reads presets from today, this month by default", () => {
    expect(presetRange("this_month", "2026-03-15")).toEqual({ from: "2026-03-01", to: "2026-03-15" });
    expect(presetRange("last_month", "2026-03-15")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetRange("last_month", "2026-01-05")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetRange("last_30_days", "2026-03-15")).toEqual({ from: "2026-02-14", to: "2026-03-15" });
    expect(parseDashboardParams({}, "2026-03-15")).toEqual({
      filter: { from: "2026-03-01", to: "2026-03-15", store: [] },
      preset: "this_month",
      errors: [],
    });
  });

  it("takes dates as given, and reports bad ones instead of failing, showing this month", () => {
    expect(parseDashboardParams({ from: "2026-01-01", to: "2026-01-31", store: STORE }, "2026-03-15")).toEqual({
      filter: { from: "2026-01-01", to: "2026-01-31", store: [STORE] },
      preset: null,
      errors: [],
    });
    expect(parseDashboardParams({ from: "0001-01-01", to: "2026-01-31", store: STORE }, "2026-03-15")).toEqual({
      filter: { from: "2026-03-01", to: "2026-03-15", store: [STORE] },
      preset: "this_month",
      errors: ["dateOutOfRange"],
    });
    expect(parseDashboardParams({ from: "2026-01-31", to: "2026-01-01", store: "nope" }, "2026-03-15")).toEqual({
      filter: { from: "2026-03-01", to: "2026-03-15", store: [] },
      preset: "this_month",
      errors: ["storeInvalid", "rangeReversed"],
    });
  });
});

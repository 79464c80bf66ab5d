import { describe, expect, it } from "vitest";
import { defaultStatementPeriod, latestStatementEnd, statementPeriodSchema } from "./schemas";

describe("statementPeriodSchema", () => {
  const errorsOf = (period: { from?: string; to?: string }) => {
    const result = statementPeriodSchema.safeParse(period);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
  };

  it("accepts a single day and a period of exactly three years", () => {
    expect(errorsOf({ from: "2025-03-01", to: "2025-03-01" })).toEqual([]);
    expect(errorsOf({ from: "2022-01-01", to: "2024-12-31" })).toEqual([]);
  });

  it("refuses an end before the start, and a day more than three years", () => {
    expect(errorsOf({ from: "2025-03-02", to: "2025-03-01" })).toEqual(["to:statementPeriodOrder"]);
    expect(errorsOf({ from: "2022-01-01", to: "2025-01-01" })).toEqual(["to:statementPeriodTooLong"]);
  });

  it("refuses what is not a calendar date", () => {
    expect(errorsOf({ from: "2025-02-29", to: "2025-03-01" })).toEqual(["from:statementDateInvalid"]);
    expect(errorsOf({ from: "2025/01/01", to: "" })).toEqual(["from:statementDateInvalid", "to:statementDateInvalid"]);
  });

  it("refuses days outside the business's dates (2000-01-01 to 2100-12-31) with a field message, never throwing", () => {
    expect(errorsOf({ from: "0000-01-01", to: "0000-12-31" })).toEqual(["from:dateOutOfRange", "to:dateOutOfRange"]);
    expect(errorsOf({ from: "0001-01-01", to: "2025-01-01" })).toEqual(["from:dateOutOfRange"]);
    expect(errorsOf({ from: "9999-01-01", to: "9999-12-31" })).toEqual(["from:dateOutOfRange", "to:dateOutOfRange"]);
    expect(errorsOf({ from: "1999-12-31", to: "2000-01-01" })).toEqual(["from:dateOutOfRange"]);
    expect(errorsOf({ from: "2000-01-01", to: "2000-01-01" })).toEqual([]);
  });

  it("ends three years from a 29 February on the day before its anniversary", () => {
    expect(latestStatementEnd("2024-02-29")).toBe("2027-02-27");
    expect(latestStatementEnd("2023-03-01")).toBe("2026-02-28");
  });
});

describe("defaultStatementPeriod", () => {
  it("runs from 1 January to today in the store's time zone, not the server's", () => {
    // 01:00 on 1 January 2026 in Shanghai, still 2025 in UTC.
    expect(defaultStatementPeriod("Asia/Shanghai", new Date("2025-12-31T17:00:00Z"))).toEqual({
      from: "2026-01-01",
      to: "2026-01-01",
    });
    expect(defaultStatementPeriod("Asia/Shanghai", new Date("2025-06-15T04:00:00Z"))).toEqual({
      from: "2025-01-01",
      to: "2025-06-15",
    });
  });
});

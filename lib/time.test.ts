import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isBusinessDay,
  isSaleInstant,
  localDate,
  localDateNear,
  localDayBounds,
  perLocalDay,
  shiftDay,
  startOfLocalDay,
  steadyDayStart,
  todayIn,
} from "./time";

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

  it("a steady day's midnight: 24 hours without a daylight-saving change, else none", () => {
    expect(steadyDayStart("2026-03-02", "Asia/Shanghai")).toBe(Date.parse("2026-03-01T16:00:00Z"));
    expect(steadyDayStart("2026-03-28", "Europe/Berlin")).toBe(Date.parse("2026-03-27T23:00:00Z"));
    // The clocks go forward (23 hours) and back (25 hours).
    expect(steadyDayStart("2026-03-29", "Europe/Berlin")).toBeNull();
    expect(steadyDayStart("2026-10-25", "Europe/Berlin")).toBeNull();
    // Chile moves from 00:00 to 01:00: the day has no midnight, and the day before ends early.
    expect(steadyDayStart("2026-09-06", "America/Santiago")).toBeNull();
    expect(steadyDayStart("2026-09-05", "America/Santiago")).toBeNull();
    expect(steadyDayStart("2026-02-30", "Asia/Shanghai")).toBeNull();
  });

  it("the local date of an instant near a day is localDate's, with or without a daylight-saving change", () => {
    const cases: [string, string, string][] = [
      ["2026-03-01T16:00:00Z", "2026-03-02", "Asia/Shanghai"],
      ["2026-03-01T15:59:59.999Z", "2026-03-02", "Asia/Shanghai"],
      ["2026-03-02T16:00:00Z", "2026-03-02", "Asia/Shanghai"],
      ["2026-03-28T23:30:00Z", "2026-03-29", "Europe/Berlin"],
      ["2026-03-29T21:59:00Z", "2026-03-29", "Europe/Berlin"],
      ["2026-03-29T22:00:00Z", "2026-03-29", "Europe/Berlin"],
    ];
    for (const [at, day, zone] of cases) {
      expect(localDateNear(new Date(at), day, zone), `${at} ${zone}`).toBe(localDate(new Date(at), zone));
    }
  });

  it("calendar arithmetic keeps 29 February on the 28th in other years", () => {
    expect(shiftDay("2024-02-29", { years: 1 })).toBe("2025-02-28");
    expect(shiftDay("2026-12-31", { days: 1 })).toBe("2027-01-01");
  });
});

describe("the business's dates", () => {
  it("are real days from 2000-01-01 to 2100-12-31", () => {
    for (const day of ["2000-01-01", "2024-02-29", "2100-12-31"]) expect(isBusinessDay(day)).toBe(true);
    for (const day of [
      "0000-01-01",
      "0001-01-01",
      "1999-12-31",
      "2101-01-01",
      "9999-12-31",
      "2024-02-30",
      "2025-02-29",
    ])
      expect(isBusinessDay(day)).toBe(false);
    for (const day of ["2024-1-01", "+02024-01-01", "2024-01-01T00:00", " 2024-01-01", ""])
      expect(isBusinessDay(day)).toBe(false);
  });

  it("a sale happened from 2000 up to a day after now (a till's clock may run ahead), never in year 0000 or 9999", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(isSaleInstant(new Date("2000-01-01T00:00:00Z"), now)).toBe(true);
    expect(isSaleInstant(new Date("2026-03-02T11:59:59Z"), now)).toBe(true);
    expect(isSaleInstant(new Date("2026-03-02T12:00:01Z"), now)).toBe(false);
    expect(isSaleInstant(new Date("1999-12-31T23:59:59Z"), now)).toBe(false);
    expect(isSaleInstant(new Date("0001-01-01T00:00:00Z"), now)).toBe(false);
    expect(isSaleInstant(new Date("9999-12-31T23:59:59Z"), now)).toBe(false);
    expect(isSaleInstant(new Date("not a date"), now)).toBe(false);
  });
});

describe("perLocalDay", () => {
  // Zones with daylight saving at 02:00, at midnight (Santiago, Havana), by half an hour (Lord Howe), and none.
  const zones = [
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "America/Santiago",
    "America/Havana",
    "Australia/Lord_Howe",
    "UTC",
  ];

  it("answers what the function answers, for any instants in any order, around daylight-saving changes too", () => {
    const start = Date.parse("2024-01-01T00:00:00Z");
    const span = 3 * 366 * 24 * 60 * 60 * 1000;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: span }), fc.constantFrom(...zones)), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 6 * 60 * 60 * 1000 }),
        (instants, step) => {
          const cached = perLocalDay((at: Date, zone: string) => `${localDate(at, zone)}@${zone}`);
          for (const [offset, zone] of instants) {
            // Each instant and a few after it, as a day's sales come in.
            for (let k = 0; k < 4; k++) {
              const at = new Date(start + offset + k * step);
              expect(cached(at, zone)).toBe(`${localDate(at, zone)}@${zone}`);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    // Each run converts time zones some 500 times: generous on a busy machine, as a property test needs.
  }, 30_000);

  it("computes once per zone and day", () => {
    let calls = 0;
    const cached = perLocalDay((at: Date, zone: string) => (calls++, localDate(at, zone)));
    for (let minute = 0; minute < 24 * 60; minute += 7)
      cached(new Date(Date.parse("2026-03-01T16:00:00Z") + minute * 60_000), "Asia/Shanghai");
    expect(calls).toBe(1);
    cached(new Date("2026-03-02T16:00:00Z"), "Asia/Shanghai");
    cached(new Date("2026-03-02T16:00:00Z"), "UTC");
    expect(calls).toBe(3);
  });
});

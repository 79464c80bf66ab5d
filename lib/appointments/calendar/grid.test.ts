import { tz } from "@date-fns/tz";
import { parse } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellRuns,
  clockMinutes,
  columnCells,
  columnRuns,
  gridBounds,
  gridRows,
  localInstant,
  minuteOfDay,
  minutesClock,
  placeBlocks,
  weekDays,
  weekdayOf,
} from "./grid";

const SHANGHAI = "Asia/Shanghai";
const at = (local: string) => new Date(`${local}:00+08:00`);

describe("wall-clock helpers", () => {
  it("turn HH:mm into minutes and back, midnight at the end of the day included", () => {
    expect(clockMinutes("00:00")).toBe(0);
    expect(clockMinutes("09:45")).toBe(585);
    expect(clockMinutes("24:00")).toBe(1440);
    expect(minutesClock(585)).toBe("09:45");
    expect(minutesClock(1440)).toBe("24:00");
  });

  it("place a wall-clock time of a store-local day on the timeline", () => {
    expect(localInstant("2030-03-11", "10:00", SHANGHAI)).toEqual(new Date("2030-03-11T02:00:00Z"));
    expect(localInstant("2030-03-11", "24:00", SHANGHAI)).toEqual(new Date("2030-03-11T16:00:00Z"));
    expect(localInstant("2030-03-10", "02:30", "America/New_York")).toEqual(new Date("2030-03-10T07:30:00Z"));
  });

  it("place every quarter of steady and daylight-saving days where date-fns puts it in the zone", () => {
    const zones = [SHANGHAI, "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"];
    const days = ["2030-03-10", "2030-03-31", "2030-04-07", "2030-10-06", "2030-10-27", "2030-11-03", "2030-06-15"];
    for (const zone of zones) {
      for (const day of days) {
        for (let minute = 0; minute < 24 * 60; minute += 15) {
          const clock = minutesClock(minute);
          const expected = parse(`${day} ${clock}`, "yyyy-MM-dd HH:mm", new Date(0), { in: tz(zone) }).getTime();
          expect(localInstant(day, clock, zone).getTime(), `${zone} ${day} ${clock}`).toBe(expected);
        }
      }
    }
  });

  it("read an instant on a store-local day, cut at the day's edges", () => {
    expect(minuteOfDay(at("2030-03-11T23:30"), "2030-03-11", SHANGHAI)).toBe(1410);
    expect(minuteOfDay(at("2030-03-12T00:00"), "2030-03-11", SHANGHAI)).toBe(1440);
    expect(minuteOfDay(at("2030-03-10T23:00"), "2030-03-11", SHANGHAI)).toBe(0);
  });

  it("know the weekday and the Monday-to-Sunday week of a day", () => {
    expect(weekdayOf("2030-03-11")).toBe("mon");
    expect(weekdayOf("2030-03-17")).toBe("sun");
    expect(weekDays("2030-03-17")).toEqual([
      "2030-03-11",
      "2030-03-12",
      "2030-03-13",
      "2030-03-14",
      "2030-03-15",
      "2030-03-16",
      "2030-03-17",
    ]);
    expect(weekDays("2030-01-01")[0]).toBe("2029-12-31");
  });
});

describe("gridBounds", () => {
  it("spans the working ranges, widened to the visits, on whole quarters", () => {
    expect(
      gridBounds({
        workingRanges: [
          ["10:10", "18:00"],
          ["09:30", "12:00"],
        ],
        storeRanges: [["08:00", "23:00"]],
        spans: [{ start: clockMinutes("18:20"), end: clockMinutes("19:05") }],
      }),
    ).toEqual({ gridStart: "09:30", gridEnd: "19:15" });
  });

  it("falls back to the store's hours, then to the default", () => {
    expect(gridBounds({ workingRanges: [], storeRanges: [["09:00", "17:00"]], spans: [] })).toEqual({
      gridStart: "09:00",
      gridEnd: "17:00",
    });
    expect(gridBounds({ workingRanges: [], storeRanges: [], spans: [] })).toEqual({
      gridStart: "10:00",
      gridEnd: "22:00",
    });
  });

  it("never runs past midnight", () => {
    expect(gridBounds({ workingRanges: [["10:00", "23:59"]], storeRanges: [], spans: [] }).gridEnd).toBe("24:00");
    expect(gridRows("23:30", "24:00").map((r) => r.clock)).toEqual(["23:30", "23:45"]);
  });
});

describe("columnCells", () => {
  it("greys closures, time off and hours outside the ranges; past quarters are not bookable", () => {
    const cells = columnCells({
      day: "2030-03-11",
      timeZone: SHANGHAI,
      gridStart: "09:30",
      gridEnd: "12:00",
      ranges: [["10:00", "12:00"]],
      timeOff: [{ startsAt: at("2030-03-11T10:30"), endsAt: at("2030-03-11T10:40") }],
      closures: [{ startsAt: at("2030-03-11T11:30"), endsAt: at("2030-03-11T13:00") }],
      now: at("2030-03-11T10:05"),
    });

    expect(cells.map((c) => [c.clock, c.state])).toEqual([
      ["09:30", "outside"],
      ["09:45", "outside"],
      ["10:00", "past"],
      ["10:15", "free"],
      ["10:30", "off"],
      ["10:45", "free"],
      ["11:00", "free"],
      ["11:15", "free"],
      ["11:30", "closed"],
      ["11:45", "closed"],
    ]);
    expect(cells[3]!.startsAt).toEqual(at("2030-03-11T10:15"));
  });

  it("follows the wall clock on a day whose UTC offset changes", () => {
    // New York springs forward at 02:00 on 2030-03-10: 02:00–03:00 does not exist that day.
    const cells = columnCells({
      day: "2030-03-10",
      timeZone: "America/New_York",
      gridStart: "01:00",
      gridEnd: "04:00",
      ranges: [["01:00", "04:00"]],
      timeOff: [],
      closures: [],
      now: new Date("2030-01-01T00:00:00Z"),
    });

    expect(cells[0]!.startsAt).toEqual(new Date("2030-03-10T06:00:00Z"));
    expect(cells.at(-1)!.startsAt).toEqual(localInstant("2030-03-10", "03:45", "America/New_York"));
    expect(cells.at(-1)!.startsAt).toEqual(new Date("2030-03-10T07:45:00Z"));
    expect(minuteOfDay(new Date("2030-03-10T07:30:00Z"), "2030-03-10", "America/New_York")).toBe(3 * 60 + 30);
    expect(minuteOfDay(new Date("2030-03-11T04:00:00Z"), "2030-03-10", "America/New_York")).toBe(24 * 60);
  });
});

describe("cellRuns", () => {
  it("groups consecutive quarters of one state", () => {
    const cells = columnCells({
      day: "2030-03-11",
      timeZone: SHANGHAI,
      gridStart: "09:30",
      gridEnd: "12:00",
      ranges: [["10:00", "12:00"]],
      timeOff: [{ startsAt: at("2030-03-11T10:30"), endsAt: at("2030-03-11T10:40") }],
      closures: [],
      now: at("2030-03-11T10:05"),
    });

    expect(cellRuns(cells).map((r) => [r.state, r.row, r.rows, r.first.clock, r.last.clock])).toEqual([
      ["outside", 0, 2, "09:30", "09:45"],
      ["past", 2, 1, "10:00", "10:00"],
      ["free", 3, 1, "10:15", "10:15"],
      ["off", 4, 1, "10:30", "10:30"],
      ["free", 5, 5, "10:45", "11:45"],
    ]);
  });

  it("columnRuns gives the same runs without a cell per quarter, on ordinary and daylight-saving days", () => {
    const quarter = fc.integer({ min: 0, max: 95 }).map((q) => minutesClock(q * 15));
    const day = fc.constantFrom(
      ["2030-03-11", SHANGHAI],
      ["2030-03-10", "America/New_York"],
      ["2030-11-03", "America/New_York"],
    );
    const around = (date: string) =>
      fc
        .integer({ min: -8 * 60, max: 40 * 60 })
        .map((minutes) => new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000));
    const interval = (date: string) =>
      fc.tuple(around(date), fc.integer({ min: 1, max: 600 })).map(([startsAt, minutes]) => ({
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
      }));
    const column = day.chain(([date, timeZone]) =>
      fc.record({
        day: fc.constant(date),
        timeZone: fc.constant(timeZone),
        bounds: fc.tuple(quarter, quarter).filter(([a, b]) => a < b),
        ranges: fc.array(
          fc.tuple(quarter, quarter).filter(([a, b]) => a < b),
          { maxLength: 3 },
        ),
        timeOff: fc.array(interval(date), { maxLength: 2 }),
        closures: fc.array(interval(date), { maxLength: 2 }),
        now: around(date),
      }),
    );
    fc.assert(
      fc.property(column, ({ bounds: [gridStart, gridEnd], ...input }) => {
        const args = { ...input, gridStart, gridEnd };
        expect(columnRuns(args)).toEqual(cellRuns(columnCells(args)));
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe("placeBlocks", () => {
  const day = { day: "2030-03-11", timeZone: SHANGHAI, gridStart: "10:00", gridEnd: "20:00" };
  const visit = (id: string, from: string, to: string, until = to) => ({
    id,
    startsAt: at(`2030-03-11T${from}`),
    endsAt: at(`2030-03-11T${to}`),
    blockedUntil: at(`2030-03-11T${until}`),
  });

  it("places a visit and its buffer in rows from the top of the grid", () => {
    const [placed] = placeBlocks([visit("a", "10:30", "11:30", "11:45")], day);

    expect(placed!.placement).toEqual({ top: 2, visitRows: 4, bufferRows: 1, lane: 0, lanes: 1 });
  });

  it("puts overlapping visits side by side and lets touching ones share a lane", () => {
    const placed = placeBlocks(
      [visit("a", "10:00", "11:00"), visit("cancelled", "10:30", "11:30"), visit("b", "11:30", "12:00")],
      day,
    );

    expect(placed.map((p) => [p.visit.id, p.placement.lane, p.placement.lanes])).toEqual([
      ["a", 0, 2],
      ["cancelled", 1, 2],
      ["b", 0, 1],
    ]);
  });

  it("cuts a visit at the grid's edges and leaves out visits of other days", () => {
    const placed = placeBlocks(
      [
        visit("early", "09:30", "10:30"),
        {
          id: "yesterday",
          startsAt: at("2030-03-10T12:00"),
          endsAt: at("2030-03-10T13:00"),
          blockedUntil: at("2030-03-10T13:00"),
        },
      ],
      day,
    );

    expect(placed.map((p) => [p.visit.id, p.placement.top, p.placement.visitRows])).toEqual([["early", 0, 2]]);
  });
});

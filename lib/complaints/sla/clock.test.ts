import fs from "node:fs";
import path from "node:path";
import { parseISO } from "date-fns";
import { describe, expect, it } from "vitest";
import { shiftDay } from "@/lib/time";
import { businessMinutesElapsed, formatSlaInstant, slaDueAt, slaState } from "./clock";
import { slaCasesFileSchema } from "./schemas";
import type { SlaCalendar, SlaCase, SlaPause } from "./types";

const fixture = slaCasesFileSchema.parse(
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/fixtures/sla-cases.json"), "utf8")),
);

/** Shanghai, 10:00–19:00 on weekdays, closed at the weekend. */
const WEEKDAYS_10_19: SlaCalendar = {
  timeZone: "Asia/Shanghai",
  hours: {
    mon: [["10:00", "19:00"]],
    tue: [["10:00", "19:00"]],
    wed: [["10:00", "19:00"]],
    thu: [["10:00", "19:00"]],
    fri: [["10:00", "19:00"]],
  },
  closedDates: [],
};

/** The worked cases' store: split shifts on weekdays, long days at the weekend, holidays. */
const SPLIT = fixture.cases[0]!.calendar;

const everyDay = (ranges: [string, string][]): SlaCalendar["hours"] => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat: ranges,
  sun: ranges,
});

const NEW_YORK_10_19: SlaCalendar = {
  timeZone: "America/New_York",
  hours: everyDay([["10:00", "19:00"]]),
  closedDates: [],
};

function due(calendar: SlaCalendar, start: string, targetMinutes: number, pauses: SlaPause[] = []): string | null {
  const at = slaDueAt({ calendar, start, targetMinutes, pauses });
  return at && formatSlaInstant(at, calendar.timeZone);
}

const pause = (start: string, end: string | null): SlaPause => ({ start, end });

describe("slaDueAt: the worked cases", () => {
  it.each(fixture.cases.map((testCase, index) => [index + 1, testCase] as const))(
    "case %i gives exactly its dueAt",
    (_, testCase) => {
      const dueAt = slaDueAt(testCase);
      expect(dueAt?.getTime()).toBe(parseISO(testCase.dueAt!).getTime());
      expect(formatSlaInstant(dueAt!, testCase.calendar.timeZone)).toBe(testCase.dueAt);
    },
  );

  it("counts exactly the target between the start and the due time", () => {
    for (const testCase of fixture.cases) {
      const dueAt = slaDueAt(testCase)!;
      const minutes = businessMinutesElapsed(testCase.calendar, parseISO(testCase.start), dueAt, testCase.pauses);
      expect(minutes).toBe(testCase.targetMinutes);
    }
  });
});

describe("slaDueAt: the store's calendar", () => {
  it("starts a clock started after closing at the next opening (overnight)", () => {
    expect(due(WEEKDAYS_10_19, "2026-11-23T21:00:00+08:00", 60)).toBe("2026-11-24T11:00:00+08:00");
  });

  it("starts a clock started before opening at the opening", () => {
    expect(due(WEEKDAYS_10_19, "2026-11-24T07:30:00+08:00", 30)).toBe("2026-11-24T10:30:00+08:00");
  });

  it("carries the rest of the target over the weekend", () => {
    // Friday 18:00: one hour on Friday, one on Monday.
    expect(due(WEEKDAYS_10_19, "2026-11-27T18:00:00+08:00", 120)).toBe("2026-11-30T11:00:00+08:00");
    // Started on Saturday: Monday's opening.
    expect(due(WEEKDAYS_10_19, "2026-11-28T12:00:00+08:00", 60)).toBe("2026-11-30T11:00:00+08:00");
  });

  it("skips the lunch gap of a split shift", () => {
    expect(due(SPLIT, "2026-11-23T13:30:00+08:00", 60)).toBe("2026-11-23T15:30:00+08:00");
    // Due at the end of the morning shift: the instant its last minute ends, not the afternoon's opening.
    expect(due(SPLIT, "2026-11-23T13:00:00+08:00", 60)).toBe("2026-11-23T14:00:00+08:00");
  });

  it("skips closed dates (holidays)", () => {
    // Wednesday 30 December after closing; 31 Dec and 1 Jan closed; Saturday 2 Jan opens at 10:00.
    expect(due(SPLIT, "2026-12-30T22:00:00+08:00", 60)).toBe("2027-01-02T11:00:00+08:00");
  });

  it("blocks closure ranges like closed dates", () => {
    const calendar: SlaCalendar = {
      ...WEEKDAYS_10_19,
      closures: [{ start: "2026-11-23T12:00:00+08:00", end: "2026-11-23T16:00:00+08:00" }],
    };
    expect(due(calendar, "2026-11-23T10:00:00+08:00", 240)).toBe("2026-11-23T18:00:00+08:00");
    // A closure over whole days (a renovation week) moves the rest past it.
    const renovation: SlaCalendar = {
      ...WEEKDAYS_10_19,
      closures: [{ start: "2026-11-24T00:00:00+08:00", end: "2026-12-01T00:00:00+08:00" }],
    };
    expect(due(renovation, "2026-11-23T18:00:00+08:00", 120)).toBe("2026-12-01T11:00:00+08:00");
  });

  it("counts a start exactly at opening from that minute and one exactly at closing from the next opening", () => {
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 60)).toBe("2026-11-23T11:00:00+08:00");
    expect(due(WEEKDAYS_10_19, "2026-11-23T19:00:00+08:00", 60)).toBe("2026-11-24T11:00:00+08:00");
    // A target that ends exactly at closing is due at closing.
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 540)).toBe("2026-11-23T19:00:00+08:00");
  });

  it("makes a target of 0 due as soon as the clock counts", () => {
    expect(due(WEEKDAYS_10_19, "2026-11-23T11:15:00+08:00", 0)).toBe("2026-11-23T11:15:00+08:00");
    expect(due(WEEKDAYS_10_19, "2026-11-23T21:00:00+08:00", 0)).toBe("2026-11-24T10:00:00+08:00");
  });

  it("reads a start in another offset as the same instant", () => {
    expect(due(WEEKDAYS_10_19, "2026-11-23T03:00:00Z", 60)).toBe("2026-11-23T12:00:00+08:00");
  });

  it("reaches a 30-hour target across weeks of holidays without walking minute by minute", () => {
    const closedDates = Array.from({ length: 21 }, (_, index) => shiftDay("2026-12-01", { days: index }));
    const began = performance.now();
    expect(due({ ...WEEKDAYS_10_19, closedDates }, "2026-11-30T18:00:00+08:00", 1800)).toBe(
      // 1 hour on 30 November, nothing 1–21 December, 3 × 9 hours from the 22nd, 2 hours on the 25th.
      "2026-12-25T12:00:00+08:00",
    );
    expect(performance.now() - began).toBeLessThan(500);
  });

  it("throws a clear error for a calendar without open time", () => {
    expect(() => due({ ...WEEKDAYS_10_19, hours: {} }, "2026-11-23T10:00:00+08:00", 60)).toThrow(/no opening hours/);
    const everyMonday = Array.from({ length: 60 }, (_, index) => shiftDay("2026-11-23", { days: 7 * index }));
    const mondaysOnly: SlaCalendar = {
      timeZone: "Asia/Shanghai",
      hours: { mon: [["10:00", "19:00"]] },
      closedDates: everyMonday,
    };
    expect(() => due(mondaysOnly, "2026-11-23T09:00:00+08:00", 60)).toThrow(/no open time within 366 days/);
  });
});

describe("slaDueAt: pauses", () => {
  it("does not count a pause", () => {
    expect(
      due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 240, [
        pause("2026-11-23T11:00:00+08:00", "2026-11-23T12:30:00+08:00"),
      ]),
    ).toBe("2026-11-23T15:30:00+08:00");
  });

  it("counts overlapping pauses once", () => {
    const pauses = [
      pause("2026-11-23T11:00:00+08:00", "2026-11-23T13:00:00+08:00"),
      pause("2026-11-23T12:00:00+08:00", "2026-11-23T14:00:00+08:00"),
      pause("2026-11-23T12:15:00+08:00", "2026-11-23T12:45:00+08:00"),
    ];
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 240, pauses)).toBe("2026-11-23T17:00:00+08:00");
    expect(
      businessMinutesElapsed(
        WEEKDAYS_10_19,
        parseISO("2026-11-23T10:00:00+08:00"),
        parseISO("2026-11-23T19:00:00+08:00"),
        pauses,
      ),
    ).toBe(540 - 180);
  });

  it("ignores a pause outside business hours", () => {
    const overnight = [pause("2026-11-23T19:30:00+08:00", "2026-11-24T09:30:00+08:00")];
    expect(due(WEEKDAYS_10_19, "2026-11-23T18:00:00+08:00", 120, overnight)).toBe("2026-11-24T11:00:00+08:00");
  });

  it("ignores a pause that ended before the clock started", () => {
    const earlier = [pause("2026-11-20T10:00:00+08:00", "2026-11-20T18:00:00+08:00")];
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 60, earlier)).toBe("2026-11-23T11:00:00+08:00");
  });

  it("has no due time while an open pause holds the clock before the target", () => {
    const open = [pause("2026-11-23T11:00:00+08:00", null)];
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 240, open)).toBeNull();
    // …but an open pause after the target is reached changes nothing.
    const later = [pause("2026-11-23T15:00:00+08:00", null)];
    expect(due(WEEKDAYS_10_19, "2026-11-23T10:00:00+08:00", 240, later)).toBe("2026-11-23T14:00:00+08:00");
  });

  it("stops counting elapsed minutes at an open pause", () => {
    const open = [pause("2026-11-23T11:00:00+08:00", null)];
    const start = parseISO("2026-11-23T10:00:00+08:00");
    expect(businessMinutesElapsed(WEEKDAYS_10_19, start, parseISO("2026-11-30T12:00:00+08:00"), open)).toBe(60);
  });
});

describe("slaDueAt: daylight-saving changes (America/New_York)", () => {
  it("carries over the spring-forward Sunday in local opening hours", () => {
    // Saturday 7 March 18:00 EST: one hour on Saturday, one from Sunday's 10:00 EDT.
    expect(due(NEW_YORK_10_19, "2026-03-07T18:00:00-05:00", 120)).toBe("2026-03-08T11:00:00-04:00");
  });

  it("counts the real length of a range across the spring-forward jump (02:00 → 03:00)", () => {
    const calendar: SlaCalendar = { ...NEW_YORK_10_19, hours: everyDay([["00:00", "05:00"]]) };
    // 00:00–05:00 on 8 March lasts 4 real hours; the last hour is on 9 March.
    expect(due(calendar, "2026-03-08T00:00:00-05:00", 300)).toBe("2026-03-09T01:00:00-04:00");
    expect(due(calendar, "2026-03-08T00:00:00-05:00", 240)).toBe("2026-03-08T05:00:00-04:00");
  });

  it("counts the real length of a range across the fall-back repeat (02:00 → 01:00)", () => {
    const calendar: SlaCalendar = { ...NEW_YORK_10_19, hours: everyDay([["00:00", "04:00"]]) };
    // 00:00–04:00 on 1 November lasts 5 real hours.
    expect(due(calendar, "2026-11-01T00:00:00-04:00", 240)).toBe("2026-11-01T03:00:00-05:00");
    expect(due(calendar, "2026-11-01T00:00:00-04:00", 300)).toBe("2026-11-01T04:00:00-05:00");
    expect(
      businessMinutesElapsed(
        calendar,
        parseISO("2026-11-01T00:00:00-04:00"),
        parseISO("2026-11-02T00:00:00-05:00"),
        [],
      ),
    ).toBe(300);
  });
});

describe("businessMinutesElapsed", () => {
  const start = parseISO("2026-11-23T18:00:00+08:00");

  it.each([
    ["before the start", "2026-11-23T17:00:00+08:00", 0],
    ["at the start", "2026-11-23T18:00:00+08:00", 0],
    ["during the first hour", "2026-11-23T18:30:00+08:00", 30],
    ["overnight", "2026-11-24T03:00:00+08:00", 60],
    ["the next morning", "2026-11-24T11:30:00+08:00", 150],
    ["over the weekend", "2026-11-29T12:00:00+08:00", 60 + 4 * 540],
    ["half a minute in", "2026-11-23T18:00:30+08:00", 0],
  ])("counts whole business minutes %s", (_, at, minutes) => {
    expect(businessMinutesElapsed(WEEKDAYS_10_19, start, parseISO(at), [])).toBe(minutes);
  });
});

describe("slaState", () => {
  const input: SlaCase = {
    calendar: WEEKDAYS_10_19,
    start: "2026-11-23T10:00:00+08:00",
    targetMinutes: 240,
    pauses: [],
  };

  it("warns at 80 % of the target and breaches at 100 %", () => {
    const at = (time: string) => slaState(input, parseISO(`2026-11-23T${time}:00+08:00`));
    expect(at("13:11")).toMatchObject({ elapsed: 191, target: 240, warning: false, breached: false });
    expect(at("13:12")).toMatchObject({ elapsed: 192, ratio: 0.8, warning: true, breached: false });
    expect(at("13:59")).toMatchObject({ elapsed: 239, warning: true, breached: false });
    expect(at("14:00")).toMatchObject({ elapsed: 240, ratio: 1, warning: true, breached: true });
    expect(at("18:00")).toMatchObject({ elapsed: 480, ratio: 2, breached: true });
    expect(at("12:00").dueAt?.toISOString()).toBe("2026-11-23T06:00:00.000Z");
  });

  it("holds still during a pause", () => {
    const paused = { ...input, pauses: [pause("2026-11-23T11:00:00+08:00", "2026-11-23T16:00:00+08:00")] };
    const state = slaState(paused, parseISO("2026-11-23T15:00:00+08:00"));
    expect(state).toMatchObject({ elapsed: 60, ratio: 0.25, warning: false, breached: false });
    expect(formatSlaInstant(state.dueAt!, "Asia/Shanghai")).toBe("2026-11-23T19:00:00+08:00");
  });

  it("breaches a target of 0 once the clock starts counting", () => {
    const zero = { ...input, start: "2026-11-23T08:00:00+08:00", targetMinutes: 0 };
    expect(slaState(zero, parseISO("2026-11-23T09:00:00+08:00"))).toMatchObject({ ratio: 0, breached: false });
    expect(slaState(zero, parseISO("2026-11-23T10:00:00+08:00"))).toMatchObject({ ratio: 1, breached: true });
  });

  it("gives no due time while paused until further notice", () => {
    const open = { ...input, pauses: [pause("2026-11-23T11:00:00+08:00", null)] };
    expect(slaState(open, parseISO("2026-11-24T11:00:00+08:00"))).toMatchObject({
      elapsed: 60,
      ratio: 0.25,
      dueAt: null,
    });
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { availabilityCasesFileSchema, availabilityInputSchema } from "./schemas";
import { availableSlots, isSlotFree, slotTimes } from "./slots";
import type { AvailabilityAdvisor, AvailabilityBooking, AvailabilityInput } from "./types";

const fixture = availabilityCasesFileSchema.parse(
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/fixtures/availability-cases.json"), "utf8")),
);

/** 2026-11-30 is a Monday; Asia/Shanghai is UTC+8 all year. */
const DAY = "2026-11-30";
const at = (time: string, date = DAY) => `${date}T${time}:00+08:00`;

function advisor(id: string, overrides: Partial<AvailabilityAdvisor> = {}): AvailabilityAdvisor {
  return { id, hours: { mon: [["10:00", "14:00"]] }, timeOff: [], ...overrides };
}

function booking(overrides: Partial<AvailabilityBooking> & Pick<AvailabilityBooking, "start" | "end">) {
  return { advisorId: "A1", bufferMin: 0, typeCode: "vip_styling", status: "confirmed", ...overrides };
}

/** One advisor A1 working 10:00–14:00 on Mondays, an hour-long type without buffer, notice or cap, asked a week ahead. */
function input(overrides: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    timeZone: "Asia/Shanghai",
    date: DAY,
    now: at("12:00", "2026-11-23"),
    advisorId: "A1",
    type: { code: "vip_styling", durationMin: 60, bufferMin: 0, noticeMin: 0, dailyCap: null },
    advisors: [advisor("A1")],
    bookings: [],
    closures: [],
    ...overrides,
  };
}

/** "HH:MM" from `from` to `to` inclusive, every 15 minutes. */
function quarters(from: string, to: string): string[] {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const out: string[] = [];
  for (let m = minutes(from); m <= minutes(to); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

describe("the worked cases (tests/fixtures/availability-cases.json)", () => {
  it("holds the four cases", () => expect(fixture.cases).toHaveLength(4));

  it.each(fixture.cases.map((testCase, index) => [index + 1, testCase] as const))(
    "case %i gives exactly its slots",
    (_, testCase) => {
      expect(slotTimes(testCase)).toEqual(testCase.slots);
    },
  );
});

describe("working ranges", () => {
  it("offers only starts whose visit ends inside a working range", () => {
    expect(slotTimes(input())).toEqual(quarters("10:00", "13:00"));
  });

  it("a split shift: a visit may not run across the break", () => {
    const split = input({
      advisors: [
        advisor("A1", {
          hours: {
            mon: [
              ["10:00", "12:00"],
              ["13:00", "15:00"],
            ],
          },
        }),
      ],
    });
    expect(slotTimes(split)).toEqual([...quarters("10:00", "11:00"), ...quarters("13:00", "14:00")]);
  });

  it("the new visit's buffer must fit in the range: a buffer crossing the end of a shift is not free", () => {
    const buffered = input({ type: { ...input().type, bufferMin: 15 } });
    expect(slotTimes(buffered)).toEqual(quarters("10:00", "12:45"));
    expect(isSlotFree(buffered, new Date(at("12:45")), "A1")).toBe(true);
    // 13:00–14:00 is inside the shift, its buffer until 14:15 is not.
    expect(isSlotFree(buffered, new Date(at("13:00")), "A1")).toBe(false);
  });

  it("a weekday without hours is a day off", () => {
    expect(slotTimes(input({ advisors: [advisor("A1", { hours: { tue: [["10:00", "14:00"]] } })] }))).toEqual([]);
  });

  it("takes the weekday from the store-local date, not from the UTC instant of its midnight", () => {
    // Monday 2026-11-30 00:00 in Shanghai is Sunday 16:00 UTC.
    const sundayOnly = advisor("A1", { hours: { sun: [["10:00", "14:00"]] } });
    expect(slotTimes(input({ advisors: [sundayOnly] }))).toEqual([]);
    expect(slotTimes(input())).toHaveLength(13);
  });
});

describe("bookings", () => {
  it("a booking that only touches the visit leaves it free", () => {
    const slots = slotTimes(input({ bookings: [booking({ start: at("12:00"), end: at("13:00") })] }));
    expect(slots).toEqual([...quarters("10:00", "11:00"), "13:00"]);
  });

  it("an existing booking's buffer blocks the time after it", () => {
    const slots = slotTimes(input({ bookings: [booking({ start: at("11:00"), end: at("12:00"), bufferMin: 30 })] }));
    expect(slots).toEqual(["10:00", ...quarters("12:30", "13:00")]);
  });

  it("the new visit's buffer must not overlap the next booking", () => {
    const buffered = input({
      type: { ...input().type, bufferMin: 15 },
      bookings: [booking({ start: at("12:00"), end: at("13:00") })],
    });
    expect(slotTimes(buffered)).toEqual(quarters("10:00", "10:45"));
  });

  it("ignores cancelled bookings", () => {
    const slots = slotTimes(
      input({ bookings: [booking({ start: at("11:00"), end: at("12:00"), status: "cancelled" })] }),
    );
    expect(slots).toEqual(quarters("10:00", "13:00"));
  });

  it("ignores other advisors' bookings", () => {
    const slots = slotTimes(input({ bookings: [booking({ advisorId: "A2", start: at("10:00"), end: at("14:00") })] }));
    expect(slots).toEqual(quarters("10:00", "13:00"));
  });

  it("bookings of another day do not affect this one", () => {
    const slots = slotTimes(
      input({
        bookings: [
          booking({ start: at("10:00", "2026-11-29"), end: at("14:00", "2026-11-29") }),
          booking({ start: at("10:00", "2026-12-01"), end: at("14:00", "2026-12-01") }),
        ],
      }),
    );
    expect(slots).toEqual(quarters("10:00", "13:00"));
  });
});

describe("notice and the past", () => {
  it("offers nothing earlier than the type's minimum notice after now", () => {
    const slots = slotTimes(input({ now: at("09:30"), type: { ...input().type, noticeMin: 120 } }));
    expect(slots).toEqual(quarters("11:30", "13:00"));
  });

  it("a start exactly at the notice is offered", () => {
    expect(slotTimes(input({ now: at("10:00"), type: { ...input().type, noticeMin: 60 } }))[0]).toBe("11:00");
  });

  it("never offers a start in the past, even without notice", () => {
    expect(slotTimes(input({ now: at("11:07") }))).toEqual(quarters("11:15", "13:00"));
    expect(slotTimes(input({ now: at("09:00", "2026-12-01") }))).toEqual([]);
  });
});

describe("daily cap", () => {
  const capped = (bookings: AvailabilityBooking[], dailyCap: number | null = 2) =>
    input({
      type: { ...input().type, dailyCap },
      advisors: [advisor("A1", { hours: { mon: [["10:00", "20:00"]] } })],
      bookings,
    });
  const twoStylings = [
    booking({ start: at("10:00"), end: at("11:00") }),
    booking({ start: at("11:00"), end: at("12:00") }),
  ];

  it("offers no start of a type once the advisor has the cap of that type that day", () => {
    expect(slotTimes(capped(twoStylings))).toEqual([]);
  });

  it("other types are unaffected by a reached cap", () => {
    const viewing = { code: "jewelry_viewing", durationMin: 60, bufferMin: 0, noticeMin: 0, dailyCap: 2 };
    expect(slotTimes({ ...capped(twoStylings), type: viewing })).toEqual(quarters("12:00", "19:00"));
  });

  it("below the cap, starts are offered", () => {
    expect(slotTimes(capped(twoStylings.slice(0, 1)))).toEqual(quarters("11:00", "19:00"));
    expect(slotTimes(capped(twoStylings, 3))).toEqual(quarters("12:00", "19:00"));
    expect(slotTimes(capped(twoStylings, null))).toEqual(quarters("12:00", "19:00"));
  });

  it("counts only non-cancelled bookings of the type on that local day", () => {
    const bookings = [
      booking({ start: at("10:00"), end: at("11:00"), status: "cancelled" }),
      booking({ start: at("11:00"), end: at("12:00"), typeCode: "jewelry_viewing" }),
      booking({ start: at("12:00", "2026-11-29"), end: at("13:00", "2026-11-29") }),
      // 23:30 on the 29th in Shanghai is still the 29th there (15:30 UTC), whatever the UTC date.
      booking({ start: "2026-11-29T15:30:00Z", end: "2026-11-29T15:45:00Z" }),
      booking({ start: at("12:00"), end: at("13:00") }),
    ];
    expect(slotTimes(capped(bookings))).toEqual(["10:00", ...quarters("13:00", "19:00")]);
  });
});

describe("time off and closures", () => {
  it("a closure of part of the day blocks every visit that overlaps it; touching it is fine", () => {
    const slots = slotTimes(input({ closures: [{ start: at("11:00"), end: at("12:00") }] }));
    expect(slots).toEqual(["10:00", ...quarters("12:00", "13:00")]);
  });

  it("a closure counts the visit's buffer too", () => {
    const slots = slotTimes(
      input({ type: { ...input().type, bufferMin: 15 }, closures: [{ start: at("12:00"), end: at("14:00") }] }),
    );
    expect(slots).toEqual(quarters("10:00", "10:45"));
  });

  it("time off spanning midnight blocks the end of one day and the start of the next", () => {
    const nightBefore = advisor("A1", { timeOff: [{ start: at("20:00", "2026-11-29"), end: at("11:30") }] });
    expect(slotTimes(input({ advisors: [nightBefore] }))).toEqual(quarters("11:30", "13:00"));
    const evening = advisor("A1", {
      hours: { mon: [["10:00", "23:00"]] },
      timeOff: [{ start: at("18:00"), end: at("09:00", "2026-12-01") }],
    });
    expect(slotTimes(input({ advisors: [evening] }))).toEqual(quarters("10:00", "17:00"));
  });

  it("time off of another advisor or another day does not matter", () => {
    const others = input({
      advisorId: null,
      advisors: [
        advisor("A1", { timeOff: [{ start: at("10:00", "2026-12-01"), end: at("14:00", "2026-12-01") }] }),
        advisor("A2", { timeOff: [{ start: at("10:00"), end: at("14:00") }] }),
      ],
    });
    expect(availableSlots(others).map((slot) => slot.advisorIds)).toEqual(Array(13).fill(["A1"]));
  });
});

describe("one advisor or any advisor", () => {
  const two = input({
    advisors: [advisor("A1"), advisor("A2", { hours: { mon: [["12:00", "16:00"]] } })],
    bookings: [booking({ advisorId: "A1", start: at("11:00"), end: at("13:00") })],
  });

  it("an advisor asked for: only that advisor is considered", () => {
    const slots = availableSlots(two);
    expect(slots.map((slot) => slot.time)).toEqual(["10:00", "13:00"]);
    expect(slots.every((slot) => slot.advisorIds.length === 1 && slot.advisorIds[0] === "A1")).toBe(true);
    expect(slotTimes({ ...two, advisorId: "A2" })).toEqual(quarters("12:00", "15:00"));
  });

  it("any advisor: the union of the advisors' free starts, with every advisor free at each", () => {
    const slots = availableSlots({ ...two, advisorId: null });
    expect(slots.map((slot) => slot.time)).toEqual(["10:00", ...quarters("12:00", "15:00")]);
    const byTime = Object.fromEntries(slots.map((slot) => [slot.time, slot.advisorIds]));
    expect(byTime["10:00"]).toEqual(["A1"]);
    expect(byTime["12:00"]).toEqual(["A2"]);
    expect(byTime["13:00"]).toEqual(["A1", "A2"]);
    expect(byTime["15:00"]).toEqual(["A2"]);
  });

  it("an advisor not in the input has no free start", () => {
    expect(availableSlots({ ...two, advisorId: "nobody" })).toEqual([]);
    expect(isSlotFree(two, new Date(at("10:00")), "nobody")).toBe(false);
  });

  it("each slot's instant is its store-local time", () => {
    const [first] = availableSlots(two);
    expect(first).toEqual({ time: "10:00", startsAt: new Date("2026-11-30T02:00:00Z"), advisorIds: ["A1"] });
  });
});

describe("time zones", () => {
  const allDay = (overrides: Partial<AvailabilityInput>) =>
    input({
      type: { code: "quick", durationMin: 15, bufferMin: 0, noticeMin: 0, dailyCap: null },
      advisors: [advisor("A1", { hours: { mon: [["00:00", "23:59"]], sun: [["00:00", "23:59"]] } })],
      ...overrides,
    });

  it("a local day in Asia/Shanghai runs from 16:00 UTC to 16:00 UTC", () => {
    const slots = availableSlots(allDay({}));
    expect(slots).toHaveLength(95); // 00:00 … 23:30: a visit from 23:45 would end after 23:59
    expect(slots[0]!.startsAt).toEqual(new Date("2026-11-29T16:00:00Z"));
    expect(slots.at(-1)).toMatchObject({ time: "23:30", startsAt: new Date("2026-11-30T15:30:00Z") });
  });

  it("bookings at the edges of the local day: the previous local day's do not count, the last hour's do", () => {
    const edges = allDay({
      bookings: [
        booking({ start: "2026-11-29T15:00:00Z", end: "2026-11-29T16:00:00Z" }), // 23:00–24:00 on the 29th
        booking({ start: "2026-11-30T15:00:00Z", end: "2026-11-30T15:45:00Z" }), // 23:00–23:45 on the 30th
      ],
    });
    const slots = slotTimes(edges);
    expect(slots[0]).toBe("00:00");
    expect(slots.at(-1)).toBe("22:45");
  });

  it("on a day the clocks go forward (Europe/Berlin), the starts are the quarter hours that exist", () => {
    const berlin = allDay({
      timeZone: "Europe/Berlin",
      date: "2026-03-29", // a Sunday: 02:00 CET becomes 03:00 CEST
      now: "2026-03-01T12:00:00+01:00",
    });
    const slots = availableSlots(berlin);
    const times = slots.map((slot) => slot.time);
    expect(times).toHaveLength(91);
    expect(times).not.toContain("02:00");
    expect(times).not.toContain("02:45");
    const byTime = Object.fromEntries(slots.map((slot) => [slot.time, slot.startsAt.toISOString()]));
    expect(byTime["00:00"]).toBe("2026-03-28T23:00:00.000Z");
    expect(byTime["01:45"]).toBe("2026-03-29T00:45:00.000Z");
    expect(byTime["03:00"]).toBe("2026-03-29T01:00:00.000Z");
    expect(byTime["23:30"]).toBe("2026-03-29T21:30:00.000Z");
  });

  it("on that day a visit lasts its real minutes across the change", () => {
    // 01:00–04:00 local is two real hours that night: a two-hour visit fits only from 01:00.
    const berlin = input({
      timeZone: "Europe/Berlin",
      date: "2026-03-29",
      now: "2026-03-01T12:00:00+01:00",
      type: { code: "long", durationMin: 120, bufferMin: 0, noticeMin: 0, dailyCap: null },
      advisors: [advisor("A1", { hours: { sun: [["01:00", "04:00"]] } })],
    });
    expect(slotTimes(berlin)).toEqual(["01:00"]);
  });

  it("on a day the clocks go back (Europe/Berlin), each local quarter hour is offered once", () => {
    const times = slotTimes(
      allDay({ timeZone: "Europe/Berlin", date: "2026-10-25", now: "2026-10-01T12:00:00+02:00" }),
    );
    expect(times).toHaveLength(95);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe("isSlotFree", () => {
  const base = input({
    type: { ...input().type, bufferMin: 15 },
    bookings: [booking({ start: at("12:00"), end: at("12:30") })],
  });

  it("agrees with availableSlots on every quarter hour of the day", () => {
    const free = new Set(slotTimes(base));
    for (const time of quarters("00:00", "23:45")) {
      expect(isSlotFree(base, new Date(at(time)), "A1"), time).toBe(free.has(time));
    }
  });

  it("refuses a start that is not a quarter hour of the day asked about", () => {
    expect(isSlotFree(base, new Date(at("10:00")), "A1")).toBe(true);
    expect(isSlotFree(base, new Date(at("10:05")), "A1")).toBe(false);
    expect(isSlotFree(base, new Date(at("10:00", "2026-12-07")), "A1")).toBe(false);
    expect(isSlotFree(base, new Date(Number.NaN), "A1")).toBe(false);
  });

  it("checks the advisor given, whatever input.advisorId says", () => {
    const two = { ...base, advisorId: null, advisors: [advisor("A1"), advisor("A2")] };
    expect(isSlotFree(two, new Date(at("11:45")), "A1")).toBe(false);
    expect(isSlotFree(two, new Date(at("11:45")), "A2")).toBe(true);
  });
});

describe("availabilityInputSchema", () => {
  it("accepts every worked case", () => {
    for (const testCase of fixture.cases) expect(availabilityInputSchema.safeParse(testCase).success).toBe(true);
  });

  it.each([
    ["an unknown time zone", { timeZone: "Mars/Olympus" }],
    ["a date that does not exist", { date: "2026-02-30" }],
    ["a time without its offset", { now: "2026-11-23T12:00:00" }],
    ["a type without duration", { type: { ...input().type, durationMin: 0 } }],
    [
      "a working range closing before it opens",
      { advisors: [advisor("A1", { hours: { mon: [["14:00", "10:00"]] } })] },
    ],
    ["a working time that is not HH:MM", { advisors: [advisor("A1", { hours: { mon: [["9:00", "10:00"]] } })] }],
    ["an unknown weekday", { advisors: [{ ...advisor("A1"), hours: { monday: [["10:00", "14:00"]] } }] }],
    ["a closure ending before it starts", { closures: [{ start: at("12:00"), end: at("11:00") }] }],
    ["two advisors with one id", { advisors: [advisor("A1"), advisor("A1")] }],
  ])("refuses %s", (_, change) => {
    expect(availabilityInputSchema.safeParse({ ...input(), ...change }).success).toBe(false);
  });
});

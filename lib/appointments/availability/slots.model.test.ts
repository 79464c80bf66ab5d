import { tz } from "@date-fns/tz";
import { addMinutes, areIntervalsOverlapping, format, isValid, parse, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { calendarDay, shiftDay } from "@/lib/time";
import { availableSlots, isSlotFree } from "./slots";
import type { AvailabilityAdvisor, AvailabilityInput, FreeSlot } from "./types";

/**
 * The model: docs/domain.md#availability read literally, every quarter hour of the day asked of
 * every advisor through date-fns, with a time-zone conversion per quarter (the first implementation,
 * kept as the oracle). slots.ts must give exactly what it gives, on any input: ordinary days and
 * the days the clocks change, in zones with whole, half and three-quarter hour offsets.
 */
function modelSlots(input: AvailabilityInput, only?: { startsAt: Date; advisorId: string }): FreeSlot[] {
  const zone = tz(input.timeZone);
  const wallClock = (time: string) =>
    new Date(parse(`${input.date} ${time}`, "yyyy-MM-dd HH:mm", new Date(0), { in: zone }).getTime());
  const weekday: Weekday = WEEKDAYS[Number(format(calendarDay(input.date), "i")) - 1]!;
  const interval = (range: { start: string; end: string }) => ({
    start: parseISO(range.start),
    end: parseISO(range.end),
  });
  const held = input.bookings.filter((booking) => booking.status !== "cancelled");
  const earliest = addMinutes(parseISO(input.now), Math.max(0, input.type.noticeMin));
  const advisors = new Map<string, AvailabilityAdvisor>(input.advisors.map((advisor) => [advisor.id, advisor]));
  const asked = only ? [only.advisorId] : input.advisorId === null ? [...advisors.keys()] : [input.advisorId];

  // What an advisor's day is, computed once per advisor (as the first implementation did).
  const dayOf = (advisor: AvailabilityAdvisor) => {
    const own = held.filter((booking) => booking.advisorId === advisor.id);
    const sameType = own.filter(
      (booking) =>
        booking.typeCode === input.type.code &&
        format(parseISO(booking.start), "yyyy-MM-dd", { in: zone }) === input.date,
    ).length;
    const ranges = (advisor.hours[weekday] ?? [])
      .map(([open, close]) => ({ start: wallClock(open), end: wallClock(close) }))
      .filter((range) => range.end > range.start)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    const working: { start: Date; end: Date }[] = [];
    for (const range of ranges) {
      const last = working.at(-1);
      if (last && range.start <= last.end) {
        if (range.end > last.end) last.end = range.end;
      } else working.push({ ...range });
    }
    const blocked = [
      ...advisor.timeOff.map(interval),
      ...input.closures.map(interval),
      ...own.map((booking) => ({
        start: parseISO(booking.start),
        end: addMinutes(parseISO(booking.end), booking.bufferMin),
      })),
    ];
    return { capReached: input.type.dailyCap !== null && sameType >= input.type.dailyCap, working, blocked };
  };
  const days = new Map([...advisors].map(([id, advisor]) => [id, dayOf(advisor)]));
  const freeAt = (id: string, startsAt: Date) => {
    const day = days.get(id);
    if (!day || day.capReached || startsAt < earliest) return false;
    const visit = { start: startsAt, end: addMinutes(startsAt, input.type.durationMin + input.type.bufferMin) };
    if (!day.working.some((range) => range.start <= visit.start && visit.end <= range.end)) return false;
    return !day.blocked.some((b) => areIntervalsOverlapping(visit, b, { inclusive: false }));
  };

  const slots: FreeSlot[] = [];
  for (let minute = 0; minute < 24 * 60; minute += 15) {
    const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
    const startsAt = wallClock(time);
    if (!isValid(startsAt)) continue;
    if (format(startsAt, "yyyy-MM-dd HH:mm", { in: zone }) !== `${input.date} ${time}`) continue;
    if (only && startsAt.getTime() !== only.startsAt.getTime()) continue;
    const advisorIds = asked.filter((id) => freeAt(id, startsAt));
    if (advisorIds.length > 0) slots.push({ time, startsAt, advisorIds });
  }
  return slots;
}

/** Ordinary days, and the days the clocks go forward or back in one of the zones (any zone may get any day). */
const DAYS = [
  "2026-11-30",
  "2026-07-15",
  "2026-03-29", // Europe/Berlin forward
  "2026-10-25", // Europe/Berlin back
  "2026-03-08", // America/New_York forward
  "2026-11-01", // America/New_York back
  "2026-04-05", // America/Santiago back at midnight, Australia/Lord_Howe back half an hour
  "2026-09-06", // America/Santiago forward: the day has no midnight
  "2026-10-04", // Australia/Lord_Howe forward half an hour
];
const ZONES = [
  "Asia/Shanghai",
  "Europe/Berlin",
  "America/New_York",
  "America/Santiago",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "UTC",
];

/** A wall-clock "HH:MM": mostly a quarter hour of the shop day (so that ranges touch and overlap), any minute sometimes. */
const clock = fc
  .oneof(
    { weight: 3, arbitrary: fc.integer({ min: 8 * 4, max: 22 * 4 }).map((quarter) => quarter * 15) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 24 * 60 - 1 }) },
  )
  .map((minute) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`);
const range = fc
  .tuple(clock, clock)
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a]));

/**
 * An instant around the store-local day: anywhere from 14 hours before the date's UTC midnight to
 * 38 hours after it (the whole local day in every zone), often on a quarter hour, sometimes exactly
 * at the local day's first or last instant.
 */
const around = (date: string, timeZone: string) => {
  const midnight = (day: string) => parse(day, "yyyy-MM-dd", new Date(0), { in: tz(timeZone) }).getTime();
  const edges = [midnight(date), midnight(shiftDay(date, { days: 1 }))];
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.integer({ min: -14 * 12, max: 38 * 12 }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...edges)
          .map((edge) => Math.round((edge - Date.parse(`${date}T00:00:00Z`)) / 300_000)),
      },
    )
    .chain((fiveMinutes) => fc.constantFrom(fiveMinutes, fiveMinutes - (fiveMinutes % 3)))
    .map((fiveMinutes) => Date.parse(`${date}T00:00:00Z`) + fiveMinutes * 5 * 60_000);
};
const span = (date: string, timeZone: string) =>
  fc.tuple(around(date, timeZone), fc.integer({ min: 1, max: 8 * 12 })).map(([start, fiveMinutes]) => ({
    start: new Date(start).toISOString(),
    end: new Date(start + fiveMinutes * 5 * 60_000).toISOString(),
  }));

const advisorIds = ["A1", "A2", "A3", "A4"];

const availabilityInput = fc
  .tuple(fc.constantFrom(...DAYS), fc.constantFrom(...ZONES))
  .chain(([date, timeZone]) =>
    fc.record({
      timeZone: fc.constant(timeZone),
      date: fc.constant(date),
      now: fc
        .oneof(around(date, timeZone), fc.constant(Date.parse(`${date}T00:00:00Z`) - 3 * 24 * 3600_000))
        .map((at) => new Date(at).toISOString()),
      advisorId: fc.constantFrom(null, null, "A1", "A3", "nobody"),
      type: fc.record({
        code: fc.constantFrom("vip_styling", "bridal"),
        durationMin: fc.oneof(
          fc.integer({ min: 1, max: 16 }).map((q) => q * 15),
          fc.integer({ min: 1, max: 300 }),
        ),
        bufferMin: fc.constantFrom(0, 0, 10, 15, 30),
        noticeMin: fc.constantFrom(0, 0, 60, 120, 1440),
        dailyCap: fc.constantFrom(null, 0, 1, 1, 2),
      }),
      advisors: fc.uniqueArray(
        fc.record({
          id: fc.constantFrom(...advisorIds),
          // Mostly working that day (every weekday), sometimes a day off.
          hours: fc.oneof(
            {
              weight: 4,
              arbitrary: fc
                .array(range, { minLength: 1, maxLength: 3 })
                .map((ranges) => Object.fromEntries(WEEKDAYS.map((day) => [day, ranges]))),
            },
            {
              weight: 1,
              arbitrary: fc.dictionary(fc.constantFrom(...WEEKDAYS), fc.array(range, { maxLength: 3 }), { maxKeys: 7 }),
            },
          ),
          timeOff: fc.array(span(date, timeZone), { maxLength: 2 }),
        }),
        { selector: (advisor) => advisor.id, maxLength: 4 },
      ),
      bookings: fc.array(
        fc.record({
          advisorId: fc.constantFrom(...advisorIds, "B9"),
          start: fc.constant(""),
          end: fc.constant(""),
          span: span(date, timeZone),
          bufferMin: fc.constantFrom(0, 0, 15, 30),
          typeCode: fc.constantFrom("vip_styling", "bridal"),
          status: fc.constantFrom("confirmed", "requested", "cancelled", "completed"),
        }),
        { maxLength: 10 },
      ),
      closures: fc.array(span(date, timeZone), { maxLength: 2 }),
    }),
  )
  .map((input): AvailabilityInput => ({
    ...input,
    bookings: input.bookings.map(({ span: { start, end }, ...booking }) => ({ ...booking, start, end })),
  }));

describe("availableSlots agrees with the rule read quarter by quarter", () => {
  it("on generated days, zones, hours, bookings, time off, closures, notice and caps", () => {
    fc.assert(
      fc.property(availabilityInput, (input) => {
        expect(availableSlots(input)).toEqual(modelSlots(input));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("isSlotFree agrees with the model for every quarter hour of the day and off-quarter instants", () => {
    fc.assert(
      fc.property(
        availabilityInput,
        fc.constantFrom(...advisorIds, "nobody"),
        fc.integer({ min: -2 * 96, max: 3 * 96 }),
        (input, advisorId, quarter) => {
          const startsAt = new Date(Date.parse(`${input.date}T00:00:00Z`) + quarter * 15 * 60_000);
          const expected = modelSlots(input, { startsAt, advisorId }).length > 0;
          expect(isSlotFree(input, startsAt, advisorId)).toBe(expected);
          expect(isSlotFree(input, new Date(startsAt.getTime() + 5 * 60_000), advisorId)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

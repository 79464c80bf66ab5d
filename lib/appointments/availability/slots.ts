/**
 * Availability of clienteling appointments (docs/domain.md#availability): the free starts of one
 * store-local day for one advisor or any advisor. Pure: everything comes in `input` (the clock too),
 * so the same function answers the booking page, the booking's re-check and the worked cases.
 */
import { tz } from "@date-fns/tz";
import { addMinutes, areIntervalsOverlapping, format, isValid, parse, parseISO } from "date-fns";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { calendarDay } from "@/lib/time";
import type { AvailabilityAdvisor, AvailabilityInput, FreeSlot } from "./types";

/** Candidate starts are the quarter hours of the local day. */
export const SLOT_STEP_MIN = 15;

type Interval = { start: Date; end: Date };

/** The status a booking no longer holds its advisor in. */
const CANCELLED = "cancelled";

/** A wall-clock "HH:MM" on the store-local date, as an instant (date-fns resolves a time a DST change skips forward). */
function wallClockInstant(date: string, time: string, timeZone: string): Date {
  // The reference date is unused (the pattern names every field): no clock is read here.
  return new Date(parse(`${date} ${time}`, "yyyy-MM-dd HH:mm", new Date(0), { in: tz(timeZone) }).getTime());
}

function toInterval(range: { start: string; end: string }): Interval {
  return { start: parseISO(range.start), end: parseISO(range.end) };
}

/** Half-open intervals: touching is not overlapping. */
function overlaps(a: Interval, b: Interval): boolean {
  return areIntervalsOverlapping(a, b, { inclusive: false });
}

/** The weekday of a store-local date (the date itself, never an instant's weekday in the server's zone). */
function weekdayOf(date: string): Weekday {
  // date-fns "i": 1 = Monday … 7 = Sunday
  return WEEKDAYS[Number(format(calendarDay(date), "i")) - 1]!;
}

/**
 * The local wall-clock quarter hours of the day that exist, as instants: 96 on most days, 92 when
 * the clocks go forward (02:00–02:45 do not exist in Europe/Berlin then); when they go back, a
 * repeated quarter hour is offered once.
 */
function candidateStarts(date: string, timeZone: string): { time: string; startsAt: Date }[] {
  const starts: { time: string; startsAt: Date }[] = [];
  for (let hour = 0; hour < 24; hour++) {
    for (let minute = 0; minute < 60; minute += SLOT_STEP_MIN) {
      const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
      const startsAt = wallClockInstant(date, time, timeZone);
      if (!isValid(startsAt)) continue;
      if (format(startsAt, "yyyy-MM-dd HH:mm", { in: tz(timeZone) }) !== `${date} ${time}`) continue;
      starts.push({ time, startsAt });
    }
  }
  return starts;
}

/** Everything about one advisor that day, as instants: computed once, then asked for every candidate. */
type AdvisorDay = {
  id: string;
  working: Interval[];
  /** Time off, store closures and the other bookings with their buffers: a visit may touch, never overlap them. */
  blocked: Interval[];
  /** The type's daily cap is reached: nothing of this type that day. */
  capReached: boolean;
};

type Day = {
  input: AvailabilityInput;
  /** The new visit and its buffer. */
  heldMin: number;
  /** The earliest start: now plus the type's minimum notice (never in the past). */
  earliest: Date;
  advisors: Map<string, AdvisorDay>;
};

/** Working ranges of the day; touching or overlapping ranges join, so a visit may run across them. */
function workingRanges(advisor: AvailabilityAdvisor, input: AvailabilityInput): Interval[] {
  const ranges = (advisor.hours[weekdayOf(input.date)] ?? [])
    .map(([open, close]) => ({
      start: wallClockInstant(input.date, open, input.timeZone),
      end: wallClockInstant(input.date, close, input.timeZone),
    }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const joined: Interval[] = [];
  for (const range of ranges) {
    const last = joined.at(-1);
    if (last && range.start <= last.end) {
      if (range.end > last.end) last.end = range.end;
    } else joined.push({ ...range });
  }
  return joined;
}

function prepareDay(input: AvailabilityInput): Day {
  const closures = input.closures.map(toInterval);
  const held = input.bookings.filter((booking) => booking.status !== CANCELLED);
  const advisors = new Map<string, AdvisorDay>();
  for (const advisor of input.advisors) {
    const own = held.filter((booking) => booking.advisorId === advisor.id);
    const sameTypeThatDay = own.filter(
      (booking) =>
        booking.typeCode === input.type.code &&
        format(parseISO(booking.start), "yyyy-MM-dd", { in: tz(input.timeZone) }) === input.date,
    ).length;
    advisors.set(advisor.id, {
      id: advisor.id,
      working: workingRanges(advisor, input),
      blocked: [
        ...advisor.timeOff.map(toInterval),
        ...closures,
        // An existing booking holds its advisor until its own buffer ends.
        ...own.map((booking) => ({
          start: parseISO(booking.start),
          end: addMinutes(parseISO(booking.end), booking.bufferMin),
        })),
      ],
      capReached: input.type.dailyCap !== null && sameTypeThatDay >= input.type.dailyCap,
    });
  }
  return {
    input,
    heldMin: input.type.durationMin + input.type.bufferMin,
    earliest: addMinutes(parseISO(input.now), Math.max(0, input.type.noticeMin)),
    advisors,
  };
}

/** The business rule for one advisor and one start (docs/domain.md#availability). */
function advisorFreeAt(day: Day, advisor: AdvisorDay, startsAt: Date): boolean {
  if (advisor.capReached) return false;
  if (startsAt < day.earliest) return false;
  const visit = { start: startsAt, end: addMinutes(startsAt, day.heldMin) };
  // The visit and its buffer lie inside one working range…
  if (!advisor.working.some((range) => range.start <= visit.start && visit.end <= range.end)) return false;
  // …and nothing of them in time off, a closure or another booking (with that booking's buffer).
  return !advisor.blocked.some((interval) => overlaps(visit, interval));
}

/** The advisors the question is about: the one asked for, or all of them for "any advisor". */
function consideredAdvisors(day: Day): AdvisorDay[] {
  const { advisorId } = day.input;
  if (advisorId === null) return [...day.advisors.values()];
  const advisor = day.advisors.get(advisorId);
  return advisor ? [advisor] : [];
}

/**
 * Every free start of the store-local day, in order: its "HH:MM", its instant and the advisors
 * free then (the one asked for, or every free one for "any advisor", in the order of `input.advisors`).
 */
export function availableSlots(input: AvailabilityInput): FreeSlot[] {
  const day = prepareDay(input);
  const advisors = consideredAdvisors(day);
  if (advisors.length === 0) return [];
  const slots: FreeSlot[] = [];
  for (const { time, startsAt } of candidateStarts(input.date, input.timeZone)) {
    const advisorIds = advisors.filter((advisor) => advisorFreeAt(day, advisor, startsAt)).map(({ id }) => id);
    if (advisorIds.length > 0) slots.push({ time, startsAt, advisorIds });
  }
  return slots;
}

/** The free starts as store-local "HH:MM" (the `slots` of the worked cases). */
export function slotTimes(input: AvailabilityInput): string[] {
  return availableSlots(input).map((slot) => slot.time);
}

/**
 * Whether `advisorId` is free for a visit starting at `startsAt` (a booking re-checks the start it
 * was offered). The start must be a quarter hour of `input.date` in the store's zone; `input.advisorId`
 * is not consulted.
 */
export function isSlotFree(input: AvailabilityInput, startsAt: Date, advisorId: string): boolean {
  if (!isValid(startsAt)) return false;
  const local = format(startsAt, "yyyy-MM-dd mm ss SSS", { in: tz(input.timeZone) });
  const [date, minute, second, millisecond] = local.split(" ") as [string, string, string, string];
  if (date !== input.date || Number(minute) % SLOT_STEP_MIN !== 0 || second !== "00" || millisecond !== "000") {
    return false;
  }
  const day = prepareDay(input);
  const advisor = day.advisors.get(advisorId);
  return advisor !== undefined && advisorFreeAt(day, advisor, startsAt);
}

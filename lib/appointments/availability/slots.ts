/**
 * Availability of clienteling appointments (docs/domain.md#availability): the free starts of one
 * store-local day for one advisor or any advisor. Pure: everything comes in `input` (the clock too),
 * so the same function answers the booking page, the booking's re-check and the worked cases.
 *
 * It works on instants as epoch milliseconds. On a steady day (no daylight-saving change, nearly
 * every day) a wall-clock time of the day is the day's midnight plus its minutes, so the time zone
 * is consulted once per day (lib/time.ts steadyDayStart), not per quarter hour or per advisor; on a
 * day with a change, every wall-clock time goes through date-fns as before. The rule for one
 * advisor is turned around once per advisor: instead of asking of every quarter whether the visit
 * fits, it computes the windows a start may lie in (inside a working range, less the visit's
 * length) and the windows it may not (before or inside anything blocked), and each quarter is then
 * a few number comparisons.
 */
import { tz } from "@date-fns/tz";
import { format, isValid, parse, parseISO } from "date-fns";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { calendarDay, steadyDayStart } from "@/lib/time";
import type { AvailabilityAdvisor, AvailabilityInput, FreeSlot } from "./types";

/** Candidate starts are the quarter hours of the local day. */
export const SLOT_STEP_MIN = 15;

const MINUTE_MS = 60_000;
const STEP_MS = SLOT_STEP_MIN * MINUTE_MS;

/** The status a booking no longer holds its advisor in. */
const CANCELLED = "cancelled";

/** A validated wall-clock "HH:MM" (lib/appointments/availability/schemas.ts, advisor hours). */
const WALL_CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "00:00" … "23:45": the wall-clock quarter hours of a day. */
const QUARTER_TIMES = Array.from({ length: (24 * 60) / SLOT_STEP_MIN }, (_, i) => {
  const minute = i * SLOT_STEP_MIN;
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
});

/** An instant as Date#toISOString() writes it (what the database loader sends): Date.parse reads it exactly. */
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** An ISO 8601 instant (with its offset) in epoch milliseconds. */
function instant(text: string): number {
  return CANONICAL_INSTANT.test(text) ? Date.parse(text) : parseISO(text).getTime();
}

/** A wall-clock "HH:MM" on the store-local date, as an instant (date-fns resolves a time a DST change skips forward). */
function wallClockInstant(date: string, time: string, timeZone: string): number {
  // The reference date is unused (the pattern names every field): no clock is read here.
  return parse(`${date} ${time}`, "yyyy-MM-dd HH:mm", new Date(0), { in: tz(timeZone) }).getTime();
}

/** The weekday of a store-local date (the date itself, never an instant's weekday in the server's zone). */
function weekdayOf(date: string): Weekday {
  // date-fns "i": 1 = Monday … 7 = Sunday
  return WEEKDAYS[Number(format(calendarDay(date), "i")) - 1]!;
}

/** The store-local day asked about: its candidate starts and its wall clock as instants. */
type LocalDay = {
  /** The local wall-clock quarter hours of the day that exist, in order. */
  starts: { time: string; startsAt: number }[];
  /** The instant of wall-clock "HH:MM" on the day (NaN when it names no time). */
  instantOf(time: string): number;
  /** Whether an instant's local date is the day. */
  holds(at: number): boolean;
};

/**
 * The day's wall clock: plain arithmetic from midnight on a steady day; on a day the clocks change,
 * 96 quarter hours less the skipped ones (92 when they go forward, 02:00–02:45 do not exist in
 * Europe/Berlin then) and, when they go back, a repeated quarter hour offered once.
 */
function localDay(date: string, timeZone: string): LocalDay {
  const midnight = steadyDayStart(date, timeZone);
  if (midnight !== null) {
    return {
      starts: QUARTER_TIMES.map((time, i) => ({ time, startsAt: midnight + i * STEP_MS })),
      instantOf(time) {
        const clock = WALL_CLOCK.exec(time);
        return clock
          ? midnight + (Number(clock[1]) * 60 + Number(clock[2])) * MINUTE_MS
          : wallClockInstant(date, time, timeZone);
      },
      holds: (at) => at >= midnight && at < midnight + 24 * 60 * MINUTE_MS,
    };
  }
  const zone = tz(timeZone);
  const starts: LocalDay["starts"] = [];
  for (const time of QUARTER_TIMES) {
    const startsAt = wallClockInstant(date, time, timeZone);
    if (!isValid(startsAt)) continue;
    if (format(startsAt, "yyyy-MM-dd HH:mm", { in: zone }) !== `${date} ${time}`) continue;
    starts.push({ time, startsAt });
  }
  return {
    starts,
    instantOf: (time) => wallClockInstant(date, time, timeZone),
    holds: (at) => format(at, "yyyy-MM-dd", { in: zone }) === date,
  };
}

/** Two instants in epoch milliseconds, the earlier first. */
type Span = [from: number, to: number];

/**
 * Everything about one advisor that day, as the windows a start `s` (epoch ms) of the new visit
 * may and may not lie in: it is free when `open[i][0] <= s <= open[i][1]` for some i (the visit and
 * its buffer inside one working range) and `shut[j][0] < s < shut[j][1]` for no j (nothing of them
 * overlaps time off, a closure or another booking with its buffer; touching is fine).
 */
type AdvisorDay = { id: string; open: Span[]; shut: Span[] };

/** A non-cancelled booking, its instants read once: from its start until its own buffer ends. */
type Held = { typeCode: string; start: number; end: number; heldUntil: number };

type Day = {
  local: LocalDay;
  /** The earliest start: now plus the type's minimum notice (never in the past). */
  earliest: number;
  /** The new visit and its buffer, in milliseconds. */
  heldMs: number;
  closures: Span[];
  /** Non-cancelled bookings per advisor. */
  bookings: Map<string, Held[]>;
  input: AvailabilityInput;
};

/** The local days asked about lately: every call about the same day and zone shares its wall clock. */
const localDays = new Map<string, LocalDay>();

function cachedLocalDay(date: string, timeZone: string): LocalDay {
  const key = `${timeZone} ${date}`;
  let day = localDays.get(key);
  if (!day) {
    day = localDay(date, timeZone);
    if (localDays.size >= 200) localDays.clear();
    localDays.set(key, day);
  }
  return day;
}

function prepareDay(input: AvailabilityInput): Day {
  const bookings = new Map<string, Held[]>();
  for (const booking of input.bookings) {
    if (booking.status === CANCELLED) continue;
    const end = instant(booking.end);
    const held: Held = {
      typeCode: booking.typeCode,
      start: instant(booking.start),
      end,
      heldUntil: end + booking.bufferMin * MINUTE_MS,
    };
    const own = bookings.get(booking.advisorId);
    if (own) own.push(held);
    else bookings.set(booking.advisorId, [held]);
  }
  return {
    local: cachedLocalDay(input.date, input.timeZone),
    earliest: instant(input.now) + Math.max(0, input.type.noticeMin) * MINUTE_MS,
    heldMs: (input.type.durationMin + input.type.bufferMin) * MINUTE_MS,
    closures: input.closures.map(({ start, end }) => [instant(start), instant(end)]),
    bookings,
    input,
  };
}

/** Working ranges of the day; touching or overlapping ranges join, so a visit may run across them. */
function workingRanges(advisor: AvailabilityAdvisor, day: Day, weekday: Weekday): Span[] {
  const ranges = (advisor.hours[weekday] ?? [])
    .map(([open, close]): Span => [day.local.instantOf(open), day.local.instantOf(close)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const joined: Span[] = [];
  for (const [start, end] of ranges) {
    const last = joined.at(-1);
    if (last && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else joined.push([start, end]);
  }
  return joined;
}

/**
 * One advisor's windows (docs/domain.md#availability), or null when the type's daily cap is
 * reached: nothing of this type that day.
 */
function advisorDay(advisor: AvailabilityAdvisor, day: Day, weekday: Weekday): AdvisorDay | null {
  const { input, heldMs } = day;
  const own = day.bookings.get(advisor.id) ?? [];
  const { code, dailyCap } = input.type;
  if (dailyCap !== null) {
    let sameTypeThatDay = 0;
    for (const booking of own) {
      if (booking.typeCode === code && day.local.holds(booking.start)) sameTypeThatDay++;
    }
    if (sameTypeThatDay >= dailyCap) return null;
  }
  // A start from the earliest on, the visit and its buffer ending by the range's end.
  const open: Span[] = [];
  for (const [start, end] of workingRanges(advisor, day, weekday)) {
    const from = day.earliest > start ? day.earliest : start;
    const to = end - heldMs;
    if (from <= to) open.push([from, to]);
  }
  if (open.length === 0) return { id: advisor.id, open, shut: [] };
  // The visit [s, s + held) overlaps [a, b) when a - held < s < b. Both intervals are read with
  // their ends in order, as date-fns areIntervalsOverlapping reads them.
  const [lead, lag] = [Math.max(heldMs, 0), Math.min(heldMs, 0)];
  const shut: Span[] = [];
  const block = (a: number, b: number) => shut.push([Math.min(a, b) - lead, Math.max(a, b) - lag]);
  for (const off of advisor.timeOff) block(instant(off.start), instant(off.end));
  for (const [start, end] of day.closures) block(start, end);
  // An existing booking holds its advisor until its own buffer ends.
  for (const booking of own) block(booking.start, booking.heldUntil);
  return { id: advisor.id, open, shut };
}

/** The business rule for one advisor and one start (docs/domain.md#availability). */
function advisorFreeAt(advisor: AdvisorDay, startsAt: number): boolean {
  let inside = false;
  for (const [from, to] of advisor.open) {
    if (from <= startsAt && startsAt <= to) {
      inside = true;
      break;
    }
  }
  if (!inside) return false;
  for (const [from, to] of advisor.shut) if (from < startsAt && startsAt < to) return false;
  return true;
}

/** The advisors the question is about (the one asked for, or all of them for "any advisor"), less those capped. */
function consideredAdvisors(day: Day, advisorId: string | null): AdvisorDay[] {
  // One entry per id: the schema refuses duplicates; were there any, the last one given counts.
  const byId = new Map(day.input.advisors.map((advisor) => [advisor.id, advisor]));
  const one = advisorId === null ? undefined : byId.get(advisorId);
  const asked = advisorId === null ? [...byId.values()] : one ? [one] : [];
  if (asked.length === 0) return [];
  const weekday = weekdayOf(day.input.date);
  return asked.flatMap((advisor) => advisorDay(advisor, day, weekday) ?? []);
}

/**
 * Every free start of the store-local day, in order: its "HH:MM", its instant and the advisors
 * free then (the one asked for, or every free one for "any advisor", in the order of `input.advisors`).
 */
export function availableSlots(input: AvailabilityInput): FreeSlot[] {
  const day = prepareDay(input);
  const advisors = consideredAdvisors(day, input.advisorId).filter((advisor) => advisor.open.length > 0);
  if (advisors.length === 0) return [];
  const slots: FreeSlot[] = [];
  for (const { time, startsAt } of day.local.starts) {
    const advisorIds: string[] = [];
    for (const advisor of advisors) if (advisorFreeAt(advisor, startsAt)) advisorIds.push(advisor.id);
    if (advisorIds.length > 0) slots.push({ time, startsAt: new Date(startsAt), advisorIds });
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
  const [advisor] = consideredAdvisors(prepareDay(input), advisorId);
  return advisor !== undefined && advisorFreeAt(advisor, startsAt.getTime());
}

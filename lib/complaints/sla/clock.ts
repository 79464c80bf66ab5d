/**
 * The complaints SLA clock (docs/domain.md#sla-clock): business minutes counted in the store's
 * calendar — its weekly store-local ranges (split shifts allowed), minus closed dates and closures,
 * in its time zone — with the customer-waiting pauses taken out (overlapping pauses count once).
 * Pure: the calendar, the pauses and the moment asked about all come in, no clock is read.
 *
 * Counting walks the store-local days and their opening ranges as instants (never minute by
 * minute), so a range crossing a daylight-saving change counts its real length.
 */
import { tz } from "@date-fns/tz";
import { format, parse, parseISO } from "date-fns";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { calendarDay, localDate, localDayBounds, shiftDay } from "@/lib/time";
import type { SlaCalendar, SlaCase, SlaPause } from "./types";

/** How many store-local days the clock looks ahead for open time before giving up. */
export const SLA_SEARCH_DAYS = 366;

/** Share of the target at which a complaint is flagged. */
export const SLA_WARNING_RATIO = 0.8;

const MINUTE_MS = 60_000;

/** The far end of time: an open pause (end null) lasts until then. */
const END_OF_TIME = new Date(8.64e15);

/** A half-open interval of instants, in epoch milliseconds. */
type Span = { start: number; end: number };

/** A wall-clock "HH:mm" on a store-local date, as an instant (date-fns resolves a time a DST change skips forward). */
function wallClockInstant(date: string, time: string, timeZone: string): number {
  // The reference date is unused (the pattern names every field): no clock is read here.
  return parse(`${date} ${time}`, "yyyy-MM-dd HH:mm", new Date(0), { in: tz(timeZone) }).getTime();
}

/** The weekday of a store-local date (the date itself, never an instant's weekday in the server's zone). */
function weekdayOf(date: string): Weekday {
  // date-fns "i": 1 = Monday … 7 = Sunday
  return WEEKDAYS[Number(format(calendarDay(date), "i")) - 1]!;
}

/** Sorted, with overlapping or touching spans joined: overlaps count once. */
function merge(spans: Span[]): Span[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Pauses as spans; an open pause (end null) never ends. */
export function pauseSpans(pauses: SlaPause[]): { start: Date; end: Date }[] {
  return pauses.map((pause) => ({
    start: parseISO(pause.start),
    end: pause.end === null ? END_OF_TIME : parseISO(pause.end),
  }));
}

/** Everything known about the calendar and the pauses, prepared once per question. */
type Clock = {
  timeZone: string;
  hours: SlaCalendar["hours"];
  closedDates: Set<string>;
  /** Closures and pauses, merged: no minute in them counts. */
  blocked: Span[];
  start: number;
};

function prepare(calendar: SlaCalendar, start: Date, pauses: SlaPause[]): Clock {
  const hasOpenTime = WEEKDAYS.some((weekday) => (calendar.hours[weekday] ?? []).some(([open, close]) => open < close));
  if (!hasOpenTime) throw new Error(`The SLA calendar (${calendar.timeZone}) has no opening hours on any weekday.`);
  if (Number.isNaN(start.getTime())) throw new Error("The SLA clock's start is not a valid instant.");
  const blocked = merge([
    ...(calendar.closures ?? []).map((closure) => ({
      start: parseISO(closure.start).getTime(),
      end: parseISO(closure.end).getTime(),
    })),
    ...pauseSpans(pauses).map((pause) => ({ start: pause.start.getTime(), end: pause.end.getTime() })),
  ]);
  return {
    timeZone: calendar.timeZone,
    hours: calendar.hours,
    closedDates: new Set(calendar.closedDates),
    blocked,
    start: start.getTime(),
  };
}

/**
 * The counted spans of one store-local date, in order: its opening ranges (joined where they touch)
 * from the clock's start on, minus closures and pauses.
 */
function countedSpansOn(clock: Clock, date: string): Span[] {
  if (clock.closedDates.has(date)) return [];
  const open = merge(
    (clock.hours[weekdayOf(date)] ?? []).map(([from, to]) => ({
      start: Math.max(wallClockInstant(date, from, clock.timeZone), clock.start),
      end: wallClockInstant(date, to, clock.timeZone),
    })),
  );
  const counted: Span[] = [];
  for (const range of open) {
    let cursor = range.start;
    for (const block of clock.blocked) {
      if (block.end <= cursor) continue;
      if (block.start >= range.end) break;
      if (block.start > cursor) counted.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
      if (cursor >= range.end) break;
    }
    if (cursor < range.end) counted.push({ start: cursor, end: range.end });
  }
  return counted;
}

/** Where the clock stops for good (an open pause), if anywhere. */
function stopsForGoodAt(clock: Clock): number | null {
  const last = clock.blocked.at(-1);
  return last && last.end >= END_OF_TIME.getTime() ? last.start : null;
}

/**
 * The instant the clock reaches `targetMinutes` counted minutes after `start`: the end of the
 * target's last counted minute. A clock started outside business hours starts at the next opening;
 * a target of 0 is reached as soon as the clock starts counting (that next opening).
 *
 * `null` when the clock is paused until further notice (a pause with `end` null) at the moment the
 * target would be reached: no due time exists until the pause ends.
 * Throws when the calendar has no opening hours, or none within SLA_SEARCH_DAYS days after the
 * last closure or pause (every day a closed date, say).
 */
export function dueAt(calendar: SlaCalendar, start: Date, targetMinutes: number, pauses: SlaPause[]): Date | null {
  if (!Number.isFinite(targetMinutes) || targetMinutes < 0)
    throw new Error("An SLA target is a number of minutes ≥ 0.");
  const clock = prepare(calendar, start, pauses);
  const stop = stopsForGoodAt(clock);
  const finiteEnds = clock.blocked.map((block) => block.end).filter((end) => end < END_OF_TIME.getTime());
  const searchFrom = Math.max(clock.start, ...finiteEnds);
  const lastDay = shiftDay(localDate(new Date(searchFrom), clock.timeZone), { days: SLA_SEARCH_DAYS });

  let remaining = targetMinutes * MINUTE_MS;
  for (let day = localDate(start, clock.timeZone); day <= lastDay; day = shiftDay(day, { days: 1 })) {
    if (stop !== null && localDayBounds(day, clock.timeZone)!.start.getTime() >= stop) return null;
    for (const span of countedSpansOn(clock, day)) {
      if (remaining <= span.end - span.start) return new Date(span.start + remaining);
      remaining -= span.end - span.start;
    }
  }
  if (stop !== null) return null;
  throw new Error(
    `The SLA calendar (${calendar.timeZone}) has no open time within ${SLA_SEARCH_DAYS} days after ${new Date(searchFrom).toISOString()}.`,
  );
}

/** The due time of a worked case (see dueAt): `null` while an open pause holds the clock at the target. */
export function slaDueAt(input: SlaCase): Date | null {
  return dueAt(input.calendar, parseISO(input.start), input.targetMinutes, input.pauses);
}

/**
 * Whole business minutes counted from `start` to `at` (0 when `at` is not after `start`): opening
 * time of the store's calendar, closures and pauses taken out.
 */
export function businessMinutesElapsed(calendar: SlaCalendar, start: Date, at: Date, pauses: SlaPause[]): number {
  const clock = prepare(calendar, start, pauses);
  const until = at.getTime();
  if (!(until > clock.start)) return 0;
  const lastDay = localDate(at, clock.timeZone);
  let counted = 0;
  for (let day = localDate(start, clock.timeZone); day <= lastDay; day = shiftDay(day, { days: 1 })) {
    for (const span of countedSpansOn(clock, day)) {
      if (span.start >= until) break;
      counted += Math.min(span.end, until) - span.start;
    }
  }
  return Math.floor(counted / MINUTE_MS);
}

export type SlaState = {
  /** Business minutes counted so far. */
  elapsed: number;
  target: number;
  /** elapsed / target; for a target of 0, 1 once the clock has started counting, else 0. */
  ratio: number;
  /** At SLA_WARNING_RATIO (80 %) of the target. */
  warning: boolean;
  /** At 100 % of the target. */
  breached: boolean;
  dueAt: Date | null;
};

/** Where a complaint's clock stands at `at`: minutes counted, share of the target, warning and breach. */
export function slaState(input: SlaCase, at: Date): SlaState {
  const start = parseISO(input.start);
  const target = input.targetMinutes;
  const due = dueAt(input.calendar, start, target, input.pauses);
  const elapsed = businessMinutesElapsed(input.calendar, start, at, input.pauses);
  const ratio = target > 0 ? elapsed / target : due !== null && at.getTime() >= due.getTime() ? 1 : 0;
  return {
    elapsed,
    target,
    ratio,
    warning: ratio >= SLA_WARNING_RATIO,
    breached: ratio >= 1,
    dueAt: due,
  };
}

/** An instant as an ISO string with the store's offset ("2026-11-23T14:00:00+08:00"), as the worked cases show it. */
export function formatSlaInstant(at: Date, timeZone: string): string {
  return format(at, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(timeZone) });
}

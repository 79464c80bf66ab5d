/**
 * Time for people and business rules: instants are `timestamptz` (Date) everywhere; anything a
 * person sees or a rule counts in days (birthdays, expiry, tier anniversaries, "today") is a
 * calendar date (yyyy-MM-dd) in a store's time zone. Every such conversion goes through here.
 */
import { tz, tzOffset } from "@date-fns/tz";
import { addDays, addYears, format, isValid, lightFormat, parse, parseISO } from "date-fns";

/** The programme's and a new store's time zone (the database's default for stores.time_zone too). */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DAY = "yyyy-MM-dd";

/** The local calendar date (yyyy-MM-dd) of a moment in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return format(at, DAY, { in: tz(timeZone) });
}

/** Today's calendar date (yyyy-MM-dd) in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDate(now, timeZone);
}

/** 00:00 local time on a calendar date in a time zone, as an instant. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(parse(day, DAY, new Date(), { in: tz(timeZone) }).getTime());
}

/**
 * The instants bounding the whole of a calendar day ("yyyy-MM-dd") in a time zone: its midnight and
 * the next day's midnight (exclusive). Null for anything that is not a real calendar day.
 */
export function localDayBounds(day: string, timeZone: string): { start: Date; end: Date } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = parse(day, DAY, new Date(), { in: tz(timeZone) });
  if (!isValid(start)) return null;
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const steadyDayStarts = new Map<string, number | null>();

/**
 * The instant (epoch milliseconds) of a calendar day's midnight in a time zone when the day is
 * steady: its midnight and the next both exist and are exactly 24 hours apart, so no
 * daylight-saving change falls in it and wall-clock minute m of the day is the instant `start + m`
 * minutes. Null on a day with a change (or for anything that is not a calendar day): callers then
 * convert each wall-clock time. Remembered per zone and day, so that code working through a day
 * quarter by quarter (availability, the calendars) pays for the time zone once per day, not per
 * quarter.
 */
export function steadyDayStart(day: string, timeZone: string): number | null {
  const key = `${timeZone} ${day}`;
  let start = steadyDayStarts.get(key);
  if (start === undefined) {
    const bounds = localDayBounds(day, timeZone);
    const steady =
      bounds !== null &&
      bounds.end.getTime() - bounds.start.getTime() === DAY_MS &&
      formatIn(bounds.start, "yyyy-MM-dd HH:mm", timeZone) === `${day} 00:00` &&
      formatIn(bounds.end, "yyyy-MM-dd HH:mm", timeZone) === `${shiftDay(day, { days: 1 })} 00:00`;
    start = steady ? bounds.start.getTime() : null;
    if (steadyDayStarts.size >= 2_000) steadyDayStarts.clear();
    steadyDayStarts.set(key, start);
  }
  return start;
}

/**
 * localDate() for an instant expected on `day` (the visits of a day's calendar): plain arithmetic
 * when `day` is steady and holds the instant, the conversion otherwise.
 */
export function localDateNear(at: Date, day: string, timeZone: string): string {
  const start = steadyDayStart(day, timeZone);
  const time = at.getTime();
  return start !== null && time >= start && time < start + DAY_MS ? day : localDate(at, timeZone);
}

/**
 * Memoises `compute(at, timeZone)` for a function of the local calendar date of `at` alone (not of
 * the time of day): per time zone it keeps the last day computed and the instants bounding it, so
 * that the many calls of one day (every purchase's lot expiry and rolling window) convert time zones
 * once per zone and day. A day with a change of UTC offset in it is computed every time, so that a
 * cached value never stands for instants of another local date.
 */
export function perLocalDay<T>(compute: (at: Date, timeZone: string) => T): (at: Date, timeZone: string) => T {
  const last = new Map<string, { from: number; until: number; value: T }>();
  return (at, timeZone) => {
    const time = at.getTime();
    const hit = last.get(timeZone);
    if (hit && time >= hit.from && time < hit.until) return hit.value;
    const value = compute(at, timeZone);
    const bounds = localDayBounds(localDate(at, timeZone), timeZone);
    if (bounds) {
      const [from, until] = [bounds.start.getTime(), bounds.end.getTime()];
      const steady =
        until - from === DAY_MS && tzOffset(timeZone, bounds.start) === tzOffset(timeZone, new Date(until - 1));
      if (steady && time >= from && time < until) last.set(timeZone, { from, until, value });
    }
    return value;
  };
}

/** A moment formatted in a time zone (date-fns pattern), e.g. a file name's `yyyyMMdd-HHmm` stamp. */
export function formatIn(at: Date, pattern: string, timeZone: string): string {
  return format(at, pattern, { in: tz(timeZone) });
}

/**
 * A yyyy-MM-dd calendar date as noon of that day in the process's zone: no daylight-saving change
 * moves noon off its date, so date-fns' calendar arithmetic and formatting on it need no time zone
 * (and run some 25× faster than on a TZDate; the 360° view's tier panel calls them on every render).
 */
export function calendarDay(day: string): Date {
  return parseISO(`${day}T12:00:00`);
}

/** Calendar-date arithmetic on yyyy-MM-dd strings (no time zone involved). */
export function shiftDay(day: string, by: { years?: number; days?: number }): string {
  let date = calendarDay(day);
  if (by.years) date = addYears(date, by.years);
  if (by.days) date = addDays(date, by.days);
  return lightFormat(date, DAY);
}

/**
 * The calendar dates the business deals in (sales, statements, list filters, campaigns, grants):
 * a wider range only lets typos through (year 0001, 9999), and PostgreSQL, date-fns and the time
 * zones break at the far ends (no year 0, local mean time before 1900). Birthdays keep their own
 * range (from 1900, lib/members/schemas.ts).
 */
export const BUSINESS_DAY_MIN = "2000-01-01";
export const BUSINESS_DAY_MAX = "2100-12-31";

/** A yyyy-MM-dd date that exists (no 2024-02-30), between BUSINESS_DAY_MIN and BUSINESS_DAY_MAX. */
export function isBusinessDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < BUSINESS_DAY_MIN || day > BUSINESS_DAY_MAX) return false;
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

/** How far ahead of the server's clock a till's may run. */
const SALE_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a sale (or refund) may have happened at `at`: not before BUSINESS_DAY_MIN, and not more
 * than a day after `now` (a till's clock may be off, a sale in 9999 is a typo).
 */
export function isSaleInstant(at: Date, now: Date = new Date()): boolean {
  const time = at.getTime();
  return time >= Date.parse(`${BUSINESS_DAY_MIN}T00:00:00Z`) && time <= now.getTime() + SALE_CLOCK_SKEW_MS;
}

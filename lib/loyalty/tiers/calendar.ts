import { tz } from "@date-fns/tz";
import { differenceInCalendarYears, startOfDay, subMonths } from "date-fns";
import { calendarDay, perLocalDay, shiftDay } from "@/lib/time";

/**
 * The tier calendar (docs/domain.md, Tiers): the rolling 12-month window and the anniversaries, as
 * pure functions of local dates (lib/time does the time-zone conversions).
 *
 * ── The rolling window, exactly ──────────────────────────────────────────────────────────────────
 * "The last 12 calendar months" at a moment `at`, for a member whose home store is in time zone Z:
 * take the local date of `at` in Z, go back 12 calendar months (date-fns subMonths: 15 June → 15 June
 * a year before; 29 February → 28 February), and start at 00:00 local time that day. The window is
 * [that instant, at], both ends included. So on 15 June 2025 a purchase of 15 June 2024 at 00:00
 * (local) counts and one of 14 June 2024 at 23:30 (local) does not: the window is 12 months plus
 * today. Transactions after `at` (a late POS posting) are not counted. Refunds count at their own
 * time with their negative amount.
 *
 * ── Anniversaries ────────────────────────────────────────────────────────────────────────────────
 * The anniversaries of a tier are the local dates (home-store time zone) of tier_since + k whole
 * years, k ≥ 1 (29 February → 28 February, as date-fns addYears and PostgreSQL's `+ interval` both
 * do). An evaluation of anniversary A writes either a `downgrade` (and tier_since becomes 00:00 local
 * on A, so the next anniversary is a year later) or a `kept` event with effective_on = A; an
 * anniversary is due when it is today or past and no `kept` event on or after it exists. Evaluations
 * use the spend and the programme at the moment the job runs.
 */

/** The first instant of the rolling 12-month window ending at `at` (see the comment at the top). */
export function rollingWindowStart(at: Date, timeZone: string): Date {
  return new Date(windowStartTime(at, timeZone));
}

// A function of the local date alone, asked by every purchase: once per time zone and day.
const windowStartTime = perLocalDay((at: Date, timeZone: string): number => {
  const zone = tz(timeZone);
  return startOfDay(subMonths(at, 12, { in: zone }), { in: zone }).getTime();
});

/** The k-th anniversary of a local date (k whole years later). */
export function anniversary(sinceDay: string, years: number): string {
  return shiftDay(sinceDay, { years });
}

/**
 * The next evaluation date of a tier held since `sinceDay`: the first anniversary after the last
 * evaluation (`lastKeptDay`, or the start of the tier), never before today (an overdue evaluation
 * happens at the next run).
 */
export function nextEvaluationDay(sinceDay: string, lastKeptDay: string | null, today: string): string {
  const after = lastKeptDay && lastKeptDay > sinceDay ? lastKeptDay : sinceDay;
  let k = Math.max(1, differenceInCalendarYears(calendarDay(after), calendarDay(sinceDay)));
  while (anniversary(sinceDay, k) <= after) k++;
  const next = anniversary(sinceDay, k);
  return next < today ? today : next;
}

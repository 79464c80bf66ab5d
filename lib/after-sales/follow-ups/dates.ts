import { addMonths, getISODay, lightFormat } from "date-fns";
import { WEEKDAYS, type BusinessHours } from "@/db/schema/business-hours";
import { calendarDay, shiftDay } from "@/lib/time";

/**
 * The calendar of follow-up calls (docs/domain.md#jewelry-after-sales), pure: every date is a
 * store-local yyyy-MM-dd, computed by lib/time.ts and date-fns on calendar days, never by hand.
 */

/** Days after the pickup's store-local day that each after-service call is due. */
export const FOLLOW_UP_AFTER_DAYS = { day_3: 3, day_30: 30 } as const;

/** A gold or diamond member's piece is reminded of a cleaning this many months after its last visit. */
export const CLEANING_REMINDER_MONTHS = 6;

/** Tiers whose members get cleaning reminders (their tier benefit: free cleaning and maintenance). */
export const CLEANING_REMINDER_TIERS = ["gold", "diamond"] as const;

/**
 * A day-3 or day-30 call overdue by more than this is not created any more: the job was off, or the
 * pickup was recorded late, and a call a month late is no follow-up (as the clienteling care calls).
 */
export const FOLLOW_UP_MAX_OVERDUE_DAYS = 30;

/** The day-3 and day-30 due dates of a pickup on a store-local day. */
export function followUpDueDates(pickupDay: string): { day_3: string; day_30: string } {
  return {
    day_3: shiftDay(pickupDay, { days: FOLLOW_UP_AFTER_DAYS.day_3 }),
    day_30: shiftDay(pickupDay, { days: FOLLOW_UP_AFTER_DAYS.day_30 }),
  };
}

/** `day` plus whole months (31 August + 6 months is 28/29 February, as date-fns and PostgreSQL add months). */
export function addMonthsToDay(day: string, months: number): string {
  return lightFormat(addMonths(calendarDay(day), months), "yyyy-MM-dd");
}

/**
 * The next cleaning reminder of a piece last seen on `anchorDay` (its last pickup, its purchase or its
 * last reminder, whichever is latest): every CLEANING_REMINDER_MONTHS from the anchor, the first one
 * not before `today`, so a piece bought years ago is reminded on its next half-year anniversary
 * instead of getting a backlog of overdue calls. Counted from the anchor each time (anchor + 6k
 * months), so the day of the month does not drift after a short month.
 */
export function nextCleaningReminder(anchorDay: string, today: string): string {
  for (let k = 1; ; k++) {
    const due = addMonthsToDay(anchorDay, CLEANING_REMINDER_MONTHS * k);
    if (due >= today) return due;
  }
}

/**
 * The next day after `day` on which the store opens by its weekly hours (a no-answer is tried again
 * then); tomorrow when the store has no opening hours at all. Closures (store_closures) are not
 * looked at: a call due on a closed day is simply shown as due.
 */
export function nextOpenDay(day: string, hours: BusinessHours | null | undefined): string {
  for (let i = 1; i <= 7; i++) {
    const candidate = shiftDay(day, { days: i });
    const weekday = WEEKDAYS[getISODay(calendarDay(candidate)) - 1]!;
    if ((hours?.[weekday]?.length ?? 0) > 0) return candidate;
  }
  return shiftDay(day, { days: 1 });
}

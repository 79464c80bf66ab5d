import { tz } from "@date-fns/tz";
import { addDays, getHours, set, startOfDay } from "date-fns";

/**
 * No message reaches a member between 21:00 and 09:00 in the store's time zone: a message due then
 * waits for the next 09:00 there. docs/domain.md#messages
 */
export const QUIET_HOURS = { startHour: 21, endHour: 9 } as const;

/** Whether `at` falls in the quiet hours (21:00 inclusive to 09:00 exclusive) of `timeZone`. */
export function inQuietHours(at: Date, timeZone: string): boolean {
  const hour = getHours(at, { in: tz(timeZone) });
  return hour >= QUIET_HOURS.startHour || hour < QUIET_HOURS.endHour;
}

/** `at` itself outside the quiet hours, else the next 09:00 in `timeZone` (the same day before 09:00, the next after 21:00). */
export function outsideQuietHours(at: Date, timeZone: string): Date {
  if (!inQuietHours(at, timeZone)) return at;
  const zone = tz(timeZone);
  const day = getHours(at, { in: zone }) >= QUIET_HOURS.startHour ? addDays(at, 1, { in: zone }) : at;
  const opening = set(startOfDay(day, { in: zone }), { hours: QUIET_HOURS.endHour }, { in: zone });
  return new Date(opening.getTime());
}

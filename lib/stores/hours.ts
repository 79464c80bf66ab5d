import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { WEEKDAYS, type BusinessHours, type Weekday } from "@/db/schema/business-hours";

// The stored shape lives with the table (db/ imports nothing from lib/); the stores domain takes it from here.
export { WEEKDAYS, type BusinessHours, type Weekday };

/** The weekday and wall-clock time of `at` in the store's time zone. */
export function localMoment(at: Date, timeZone: string): { weekday: Weekday; time: string } {
  const local = new TZDate(at, timeZone);
  // date-fns: 1 = Monday … 7 = Sunday
  const isoDay = Number(format(local, "i"));
  return { weekday: WEEKDAYS[isoDay - 1]!, time: format(local, "HH:mm") };
}

/** Whether the store is open at `at` and its opening ranges that day (store-local). */
export function openingStatus(hours: BusinessHours, timeZone: string, at = new Date()) {
  const { weekday, time } = localMoment(at, timeZone);
  const today = hours[weekday] ?? [];
  const open = today.some((range) => range.open <= time && time < range.close);
  return { weekday, time, today, open };
}

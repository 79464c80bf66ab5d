import { z } from "zod";
import { format, lastDayOfMonth, subMonths } from "date-fns";
import { LOCALES } from "@/lib/i18n/config";
import { BUSINESS_DAY_MAX, BUSINESS_DAY_MIN, calendarDay } from "@/lib/time";

/** A calendar month, "YYYY-MM", within the business calendar (2000-01 … 2100-12). */
export const reportMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "monthInvalid" })
  .refine((month) => `${month}-01` >= BUSINESS_DAY_MIN && `${month}-01` <= BUSINESS_DAY_MAX, {
    message: "monthOutOfRange",
  });

/** The download's query: the store, the month and, optionally, the language of the document. */
export const monthlyReportQuerySchema = z.object({
  store: z.uuid(),
  month: reportMonthSchema,
  lang: z.enum(LOCALES).optional(),
});

/** The store-local days of a month: its first and its last. */
export function monthPeriod(month: string): { from: string; to: string } {
  const first = `${month}-01`;
  return { from: first, to: format(lastDayOfMonth(calendarDay(first)), "yyyy-MM-dd") };
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  return format(subMonths(calendarDay(`${month}-01`), 1), "yyyy-MM");
}

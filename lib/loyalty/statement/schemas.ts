import { tz } from "@date-fns/tz";
import { addYears, format, parse, startOfYear, subDays } from "date-fns";
import { z } from "zod";
import { isBusinessDay } from "@/lib/time";

/**
 * The period of a member statement: local calendar dates (the member's home-store time zone), both
 * inclusive. Shared by the form on the member's page and the route that renders the PDF.
 */

export const STATEMENT_MAX_YEARS = 3;
const DAY = "yyyy-MM-dd";
const UTC = tz("UTC");

/** The last day a period starting on `from` may end on: three years, less a day (2023-01-01 → 2025-12-31). */
export function latestStatementEnd(from: string): string {
  const start = parse(from, DAY, new Date(), { in: UTC });
  return format(subDays(addYears(start, STATEMENT_MAX_YEARS, { in: UTC }), 1, { in: UTC }), DAY, { in: UTC });
}

// Within the business's dates (lib/time.ts): year 0000 or 0001 breaks the date arithmetic below and the query.
const isoDate = z.iso
  .date({ error: "statementDateInvalid", abort: true })
  .refine(isBusinessDay, { message: "dateOutOfRange", abort: true });
/** zod runs an object's refinements even when a field failed: compare only two real dates. */
const bothDates = (period: { from: string; to: string }) =>
  isoDate.safeParse(period.from).success && isoDate.safeParse(period.to).success;

export const statementPeriodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((period) => !bothDates(period) || period.to >= period.from, { message: "statementPeriodOrder", path: ["to"] })
  .refine((period) => !bothDates(period) || period.to <= latestStatementEnd(period.from), {
    message: "statementPeriodTooLong",
    path: ["to"],
  });
export type StatementPeriod = z.infer<typeof statementPeriodSchema>;

/** The form's default: 1 January of this year to today, in the given time zone. */
export function defaultStatementPeriod(timeZone: string, now: Date = new Date()): StatementPeriod {
  const zone = tz(timeZone);
  return { from: format(startOfYear(now, { in: zone }), DAY, { in: zone }), to: format(now, DAY, { in: zone }) };
}

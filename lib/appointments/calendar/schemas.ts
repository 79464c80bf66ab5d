import { z } from "zod";
import { listParams } from "@/lib/list-params";
import { isBusinessDay } from "@/lib/time";

/**
 * The calendars' URL parameters (day view, advisor week, list). Every field falls back to its
 * default instead of failing: a hand-edited, stale or hostile link (year 0001, a NUL, a 10 kB
 * string, a repeated parameter) still renders the page. No server imports: client components use
 * the status list and the parameter names.
 */

/** The statuses of appointment_status (db/schema/appointments.ts), in lifecycle order; queries.ts checks they match. */
export const APPOINTMENT_STATUSES = [
  "requested",
  "confirmed",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** A store-local calendar date (yyyy-MM-dd) within the business's dates (lib/time.ts); anything else is ignored. */
export const calendarDayParam = z
  .string()
  .refine((day) => isBusinessDay(day))
  .optional()
  .catch(undefined);

const idParam = z.uuid().optional().catch(undefined);

/** A checkbox in the URL: "1" is on, anything else (or nothing) off. */
const flagParam = z
  .unknown()
  .transform((value) => value === "1")
  .catch(false);

/** The store day view (`/appointments`): which store, which day, and whether cancelled visits show. */
export const storeDayParamsSchema = z.object({
  store: idParam,
  date: calendarDayParam,
  cancelled: flagParam,
});
export type StoreDayParams = z.output<typeof storeDayParamsSchema>;

/** The advisor week view (`/appointments/week`): a store, one of its advisors, any day of the week wanted. */
export const advisorWeekParamsSchema = z.object({
  store: idParam,
  advisor: idParam,
  date: calendarDayParam,
  cancelled: flagParam,
});
export type AdvisorWeekParams = z.output<typeof advisorWeekParamsSchema>;

/**
 * Statuses to show, from `status=a,b` or `status=a&status=b`: unknown values are dropped, each
 * status counted once, in lifecycle order. Empty means every status.
 */
const statusesParam = z
  .union([z.string(), z.array(z.string()).max(20)])
  .optional()
  .transform((value) => {
    const values = (Array.isArray(value) ? value : [value ?? ""]).filter((v) => v.length <= 200);
    const asked = new Set(values.flatMap((v) => v.split(",")));
    return APPOINTMENT_STATUSES.filter((status) => asked.has(status));
  })
  .catch([]);

export const APPOINTMENT_LIST_SORTS = ["startsAt", "status", "advisor"] as const;

/** The appointment list (`/appointments/list`): filters, sort and paging, all in the URL. */
export const appointmentListParamsSchema = z.object({
  store: idParam,
  advisor: idParam,
  type: idParam,
  status: statusesParam,
  /** First store-local day (inclusive), in each appointment's store's time zone. */
  from: calendarDayParam,
  /** Last store-local day (inclusive). */
  to: calendarDayParam,
  sort: z.enum(APPOINTMENT_LIST_SORTS).default("startsAt").catch("startsAt"),
  ...listParams({ dir: "desc", maxPage: 10_000 }),
});
export type AppointmentListParams = z.output<typeof appointmentListParamsSchema>;

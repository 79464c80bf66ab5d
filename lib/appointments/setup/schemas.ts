import { tz } from "@date-fns/tz";
import { addDays, isValid, parse } from "date-fns";
import { z } from "zod";
import { WEEKDAYS, type BusinessHours, type Weekday } from "@/db/schema/business-hours";
import { isBusinessDay } from "@/lib/time";

/**
 * Appointment setup's zod schemas (types, rooms, advisor hours, time off, store closures), shared by
 * the forms (zodResolver) and the use cases. No server imports: client components use them. Custom
 * messages are keys of the `appointmentSetup.errors` catalogue; the forms translate them.
 */

export { WEEKDAYS, type BusinessHours, type Weekday };

/** A whole number from an <input type="number"> (react-hook-form's valueAsNumber gives NaN when empty). */
function wholeNumber(min: number, max: number, message: string) {
  return z.number({ error: "wholeNumber" }).int({ error: "wholeNumber" }).min(min, message).max(max, message);
}

// ── Appointment types ─────────────────────────────────────────────────────────────────────────

export const MIN_DURATION_MIN = 15;
export const MAX_DURATION_MIN = 480;
/** Availability is offered in 15-minute steps, so a visit lasts a whole number of them. */
export const SLOT_STEP_MIN = 15;
export const MAX_BUFFER_MIN = 120;
/** 30 days: nobody books a counter visit further ahead than that as a rule. */
export const MAX_NOTICE_MIN = 30 * 24 * 60;
export const MAX_DAILY_CAP = 50;
export const MAX_SORT_ORDER = 999;

/** The mini-program and the availability cases name a type by this code, so it is short, lower-case and never changes. */
export const appointmentTypeCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, { message: "codeFormat" });

/** null: every member may book it; else the lowest tier (a code of the tier programme, checked by the service). */
export const minTierSchema = z
  .union([
    z.literal(""),
    z.null(),
    z
      .string()
      .trim()
      .regex(/^[a-z_]{1,20}$/, { message: "tierUnknown" }),
  ])
  .transform((value) => value || null);

/** What an edit can change: everything but the code (kept fixed: bookings and integrations refer to it). */
export const appointmentTypeDetailsSchema = z.object({
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  durationMin: wholeNumber(MIN_DURATION_MIN, MAX_DURATION_MIN, "durationRange").refine(
    (minutes) => minutes % SLOT_STEP_MIN === 0,
    { message: "durationStep" },
  ),
  bufferMin: wholeNumber(0, MAX_BUFFER_MIN, "bufferRange"),
  noticeMin: wholeNumber(0, MAX_NOTICE_MIN, "noticeRange"),
  minTier: minTierSchema,
  needsRoom: z.boolean(),
  /** null: no cap. */
  dailyCap: wholeNumber(1, MAX_DAILY_CAP, "dailyCapRange").nullable(),
  sortOrder: wholeNumber(0, MAX_SORT_ORDER, "sortOrderRange"),
});
export type AppointmentTypeDetailsInput = z.input<typeof appointmentTypeDetailsSchema>;

export const createAppointmentTypeSchema = appointmentTypeDetailsSchema.extend({ code: appointmentTypeCodeSchema });
export type CreateAppointmentTypeInput = z.input<typeof createAppointmentTypeSchema>;

export const updateAppointmentTypeSchema = appointmentTypeDetailsSchema.extend({ id: z.uuid() });

export const appointmentTypeIdSchema = z.object({ id: z.uuid() });

// ── Rooms ─────────────────────────────────────────────────────────────────────────────────────

const roomNames = {
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().max(60),
};

export const createRoomSchema = z.object({ storeId: z.uuid({ error: "storeRequired" }), ...roomNames });
export type CreateRoomInput = z.input<typeof createRoomSchema>;

export const renameRoomSchema = z.object({ id: z.uuid(), ...roomNames });
export type RenameRoomInput = z.input<typeof renameRoomSchema>;

export const roomIdSchema = z.object({ id: z.uuid() });

// ── Advisor working hours ─────────────────────────────────────────────────────────────────────

/** At most this many working ranges a day (a split shift is two). */
export const MAX_RANGES_PER_DAY = 4;

/** "HH:MM" on the quarter hour (availability is offered in 15-minute steps), 00:00–23:45. */
const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "timeFormat", abort: true })
  .refine((time) => Number(time.slice(3)) % SLOT_STEP_MIN === 0, { message: "quarterHour" });

export const workingRangeSchema = z
  .object({ open: clock, close: clock })
  .refine((range) => range.open < range.close, { message: "closeAfterOpen", path: ["close"] });

/** One week of store-local working ranges: [] is a day off; ranges of a day must not overlap (touching is fine). */
export const workingHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(workingRangeSchema).max(MAX_RANGES_PER_DAY)])) as Record<
      Weekday,
      z.ZodArray<typeof workingRangeSchema>
    >,
  )
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const ranges = [...hours[day]].sort((a, b) => a.open.localeCompare(b.open));
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i]!.open < ranges[i - 1]!.close) {
          ctx.addIssue({ code: "custom", message: "rangesOverlap", path: [day] });
          break;
        }
      }
    }
  })
  // Stored in order, whatever order they were typed in.
  .transform(
    (hours) =>
      Object.fromEntries(
        WEEKDAYS.map((day) => [day, [...hours[day]].sort((a, b) => a.open.localeCompare(b.open))]),
      ) as BusinessHours,
  );
export type WorkingHoursInput = z.input<typeof workingHoursSchema>;

export const setAdvisorHoursSchema = z.object({
  storeId: z.uuid(),
  staffId: z.uuid(),
  hours: workingHoursSchema,
});
export type SetAdvisorHoursInput = z.input<typeof setAdvisorHoursSchema>;

/** A week with no working time: the editor's start for an advisor without hours. */
export function emptyWeek(): BusinessHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as BusinessHours;
}

// ── Store-local date-times (time off, closures) ───────────────────────────────────────────────

/** What <input type="datetime-local"> gives (without seconds) and <input type="date">. */
export const LOCAL_DATE_TIME = "yyyy-MM-dd'T'HH:mm";
export const LOCAL_DAY = "yyyy-MM-dd";

/** A store-local "yyyy-MM-ddTHH:mm" (already validated) as the instant it names in the store's time zone. */
export function storeLocalInstant(local: string, timeZone: string): Date {
  return new Date(parse(local, LOCAL_DATE_TIME, new Date(), { in: tz(timeZone) }).getTime());
}

function parsesAs(value: string, pattern: string): boolean {
  return isValid(parse(value, pattern, new Date()));
}

/** A store-local "yyyy-MM-ddTHH:mm" that exists, on a business day (lib/time.ts range). */
export const localDateTimeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: "dateTimeInvalid", abort: true })
  .refine((value) => parsesAs(value, LOCAL_DATE_TIME), { message: "dateTimeInvalid", abort: true })
  .refine((value) => isBusinessDay(value.slice(0, 10)), { message: "dateOutOfRange" });

/** A store-local calendar day "yyyy-MM-dd" on a business day. */
export const localDaySchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "dateInvalid", abort: true })
  .refine(isBusinessDay, { message: "dateInvalid" });

/** Whether `end` is more than `days` wall-clock days after `start` (both local, already valid). */
function longerThanDays(start: string, end: string, pattern: string, days: number): boolean {
  return parse(end, pattern, new Date()) > addDays(parse(start, pattern, new Date()), days);
}

// ── Time off ──────────────────────────────────────────────────────────────────────────────────

export const MAX_TIME_OFF_DAYS = 90;

export const addTimeOffSchema = z
  .object({
    /** The store whose time zone the times are in (and whose advisor it is). */
    storeId: z.uuid(),
    staffId: z.uuid({ error: "advisorRequired" }),
    startsAt: localDateTimeSchema,
    endsAt: localDateTimeSchema,
    reason: z.string().trim().max(200),
  })
  .superRefine((value, ctx) => {
    // Same fixed-width format: the text order is the time order.
    if (value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endAfterStart" });
    } else if (longerThanDays(value.startsAt, value.endsAt, LOCAL_DATE_TIME, MAX_TIME_OFF_DAYS)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "timeOffTooLong" });
    }
  });
export type AddTimeOffInput = z.input<typeof addTimeOffSchema>;

/** The store names the page the delete comes from: the time off must be of one of its advisors. */
export const deleteTimeOffSchema = z.object({ storeId: z.uuid(), id: z.uuid() });

// ── Store closures ────────────────────────────────────────────────────────────────────────────

/** A closure longer than this is a store closing, not a closure: deactivate the store instead. */
export const MAX_CLOSURE_DAYS = 366;

export const CLOSURE_KINDS = ["day", "range"] as const;

export const addClosureSchema = z
  .object({
    storeId: z.uuid(),
    /** "day": whole store-local days from `day` to `lastDay` (inclusive; empty = that day); "range": from `startsAt` to `endsAt`. */
    kind: z.enum(CLOSURE_KINDS),
    day: z.string().trim(),
    lastDay: z.string().trim(),
    startsAt: z.string().trim(),
    endsAt: z.string().trim(),
    reason: z.string().trim().max(200),
  })
  .superRefine((value, ctx) => {
    const check = (schema: z.ZodType, field: "day" | "lastDay" | "startsAt" | "endsAt") => {
      const result = schema.safeParse(value[field]);
      for (const issue of result.error?.issues ?? [])
        ctx.addIssue({ code: "custom", path: [field], message: issue.message });
      return result.success;
    };
    if (value.kind === "day") {
      const first = check(localDaySchema, "day");
      if (value.lastDay === "" || !check(localDaySchema, "lastDay") || !first) return;
      if (value.lastDay < value.day) ctx.addIssue({ code: "custom", path: ["lastDay"], message: "lastDayBeforeFirst" });
      else if (longerThanDays(value.day, value.lastDay, LOCAL_DAY, MAX_CLOSURE_DAYS - 1))
        ctx.addIssue({ code: "custom", path: ["lastDay"], message: "closureTooLong" });
      return;
    }
    const starts = check(localDateTimeSchema, "startsAt");
    const ends = check(localDateTimeSchema, "endsAt");
    if (!starts || !ends) return;
    if (value.endsAt <= value.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endAfterStart" });
    else if (longerThanDays(value.startsAt, value.endsAt, LOCAL_DATE_TIME, MAX_CLOSURE_DAYS))
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "closureTooLong" });
  });
export type AddClosureInput = z.input<typeof addClosureSchema>;

export const deleteClosureSchema = z.object({ id: z.uuid() });

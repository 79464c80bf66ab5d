import { z } from "zod";
import { WEEKDAYS } from "@/lib/stores/hours";
import { timeZoneSchema } from "@/lib/stores/schemas";
import { isBusinessDay } from "@/lib/time";
import type { AvailabilityInput } from "./types";

/** Store-local wall-clock time, as business and advisor hours store it. */
const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:mm" });

/** An instant with its offset ("2026-11-30T10:00:00+08:00" or "…Z"): a time without one would be ambiguous. */
const instant = z.iso.datetime({ offset: true });

const interval = z
  .object({ start: instant, end: instant })
  .refine((r) => Date.parse(r.end) > Date.parse(r.start), { message: "end must be after start", path: ["end"] });

const workingRange = z
  .tuple([wallClock, wallClock])
  .refine(([open, close]) => open < close, { message: "a working range must close after it opens" });

const minutes = z.number().int().min(0);

export const availabilityTypeSchema = z.object({
  code: z.string().min(1),
  durationMin: z.number().int().positive(),
  bufferMin: minutes,
  noticeMin: minutes,
  dailyCap: z.number().int().min(0).nullable(),
});

export const availabilityAdvisorSchema = z.object({
  id: z.string().min(1),
  hours: z.partialRecord(z.enum(WEEKDAYS), z.array(workingRange)),
  timeOff: z.array(interval),
});

export const availabilityBookingSchema = z
  .object({
    advisorId: z.string().min(1),
    start: instant,
    end: instant,
    bufferMin: minutes,
    typeCode: z.string().min(1),
    status: z.string().min(1),
  })
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), { message: "end must be after start", path: ["end"] });

/** Everything availableSlots() needs (lib/appointments/availability/types.ts), checked: what the CLI reads. */
export const availabilityInputSchema = z
  .object({
    timeZone: timeZoneSchema,
    date: z.string().refine(isBusinessDay, { message: "a calendar date yyyy-MM-dd between 2000 and 2100" }),
    now: instant,
    advisorId: z.string().min(1).nullable(),
    type: availabilityTypeSchema,
    advisors: z.array(availabilityAdvisorSchema),
    bookings: z.array(availabilityBookingSchema),
    closures: z.array(interval),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    input.advisors.forEach((advisor, index) => {
      if (ids.has(advisor.id))
        ctx.addIssue({ code: "custom", message: "duplicate advisor id", path: ["advisors", index] });
      ids.add(advisor.id);
    });
  }) satisfies z.ZodType<AvailabilityInput>;

/** One worked case: an input and the free starts ("HH:MM"), given or to be computed. */
export const availabilityCaseSchema = availabilityInputSchema.and(z.object({ slots: z.array(wallClock).optional() }));

/** A file of cases (tests/fixtures/availability-cases.json): what `npm run availability` reads. */
export const availabilityCasesFileSchema = z.looseObject({
  about: z.string().optional(),
  cases: z.array(availabilityCaseSchema),
});

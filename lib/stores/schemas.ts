import { z } from "zod";
import { WEEKDAYS } from "./hours";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:mm" });

export const openingRangeSchema = z
  .object({ open: time, close: time })
  .refine((r) => r.open < r.close, { message: "closeAfterOpen", path: ["close"] });

/** Opening ranges per weekday; ranges of a day must not overlap. */
export const businessHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(openingRangeSchema).max(4)])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodArray<typeof openingRangeSchema>
    >,
  )
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const ranges = [...hours[day]].sort((a, b) => a.open.localeCompare(b.open));
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i]!.open < ranges[i - 1]!.close) {
          ctx.addIssue({ code: "custom", message: "rangesOverlap", path: [day] });
        }
      }
    }
  });

export const timeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "invalidTimeZone" },
);

export const storeCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9-]{2,16}$/, { message: "storeCodeFormat" });

export const storeFormSchema = z.object({
  code: storeCodeSchema,
  name: z.string().trim().min(1).max(80),
  nameEn: z.string().trim().max(80).optional().or(z.literal("")),
  timeZone: timeZoneSchema,
  businessHours: businessHoursSchema,
  active: z.boolean(),
});
export type StoreFormInput = z.input<typeof storeFormSchema>;

export const updateStoreSchema = storeFormSchema.extend({ id: z.uuid() });

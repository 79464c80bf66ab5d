import { z } from "zod";
import { isBusinessDay, shiftDay } from "@/lib/time";

/** The longest period the dashboard compares (a year, with a leap day). */
export const DASHBOARD_MAX_DAYS = 366;

export const DASHBOARD_PRESETS = ["this_month", "last_month", "last_30_days"] as const;
export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number];

/**
 * Issues are message keys of `reportsDashboard.errors`, so the page shows them in the staff member's
 * language: a bad URL gives a clear message, never a 500.
 */
const day = z
  .string({ error: "dateInvalid" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "dateInvalid" })
  .refine(isBusinessDay, { error: "dateOutOfRange" });

/** One store id or several (`store=…&store=…`); none: every store in the viewer's scope. */
const storeIds = z
  .union([
    z.uuid({ error: "storeInvalid" }),
    z.array(z.uuid({ error: "storeInvalid" })).max(200, { error: "storeInvalid" }),
  ])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/** The dashboard's period: store-local days, both inclusive. */
export const dashboardFilterSchema = z.object({ from: day, to: day, store: storeIds }).superRefine((value, ctx) => {
  // Zod runs this even when a date failed above (a bad format does not stop it): compare real days only.
  if (!isBusinessDay(value.from) || !isBusinessDay(value.to)) return;
  if (value.from > value.to) ctx.addIssue({ code: "custom", message: "rangeReversed", path: ["to"] });
  else if (shiftDay(value.from, { days: DASHBOARD_MAX_DAYS - 1 }) < value.to)
    ctx.addIssue({ code: "custom", message: "rangeTooLong", path: ["to"] });
});
export type DashboardFilter = z.output<typeof dashboardFilterSchema>;

/** The days a preset covers, counted from `today` (a store-local date). */
export function presetRange(preset: DashboardPreset, today: string): { from: string; to: string } {
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case "this_month":
      return { from: firstOfMonth, to: today };
    case "last_month": {
      const lastDay = shiftDay(firstOfMonth, { days: -1 });
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
    case "last_30_days":
      return { from: shiftDay(today, { days: -29 }), to: today };
  }
}

/**
 * The page's URL: a preset, or from/to (with stores). No dates and no preset: this month.
 * A bad value is reported (issue keys of `reportsDashboard.errors`) and the page shows this month.
 */
export function parseDashboardParams(
  params: Record<string, string | string[] | undefined>,
  today: string,
): { filter: DashboardFilter; preset: DashboardPreset | null; errors: string[] } {
  const presetParam = typeof params.preset === "string" ? params.preset : undefined;
  const preset = (DASHBOARD_PRESETS as readonly string[]).includes(presetParam ?? "")
    ? (presetParam as DashboardPreset)
    : null;
  const hasDates = params.from !== undefined || params.to !== undefined;
  const range = preset || !hasDates ? presetRange(preset ?? "this_month", today) : { from: params.from, to: params.to };
  const parsed = dashboardFilterSchema.safeParse({ ...range, store: params.store });
  if (parsed.success) return { filter: parsed.data, preset: preset ?? (hasDates ? null : "this_month"), errors: [] };
  const errors = [...new Set(parsed.error.issues.map((issue) => issue.message))];
  const fallback = dashboardFilterSchema.safeParse({ ...presetRange("this_month", today), store: params.store });
  return {
    filter: fallback.success ? fallback.data : { ...presetRange("this_month", today), store: [] },
    preset: "this_month",
    errors,
  };
}

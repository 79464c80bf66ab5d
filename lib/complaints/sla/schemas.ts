import { z } from "zod";
import { localDateTime } from "@/lib/loyalty/earn-rules/schemas";
import { WEEKDAYS } from "@/lib/stores/hours";
import { timeZoneSchema } from "@/lib/stores/schemas";
import { isBusinessDay } from "@/lib/time";
import type { SlaCalendar, SlaCase, SlaPause } from "./types";

// ── The worked cases (tests/fixtures/sla-cases.json, `npm run sla:due`) ──────────────────────────

/** Store-local wall-clock time, as business hours store it. */
const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:mm" });

/** An instant with its offset ("2026-11-23T09:00:00+08:00" or "…Z"): a time without one would be ambiguous. */
const instant = z.iso.datetime({ offset: true });

const openingRange = z
  .tuple([wallClock, wallClock])
  .refine(([open, close]) => open < close, { message: "an opening range must close after it opens" });

const closure = z
  .object({ start: instant, end: instant })
  .refine((r) => Date.parse(r.end) > Date.parse(r.start), { message: "end must be after start", path: ["end"] });

export const slaCalendarSchema = z
  .object({
    timeZone: timeZoneSchema,
    hours: z.partialRecord(z.enum(WEEKDAYS), z.array(openingRange)),
    closedDates: z.array(z.string().refine(isBusinessDay, { message: "a calendar date yyyy-MM-dd" })),
    closures: z.array(closure).optional(),
  })
  .refine((calendar) => Object.values(calendar.hours).some((ranges) => ranges.length > 0), {
    message: "the calendar has no opening hours",
    path: ["hours"],
  }) satisfies z.ZodType<SlaCalendar>;

const pauseEnd = (pause: SlaPause) => pause.end === null || Date.parse(pause.end) > Date.parse(pause.start);

/** A pause as `{ start, end }` or as the worked cases write it, `[start, end]`; `end` null = still paused. */
export const slaPauseSchema = z
  .union([
    z.object({ start: instant, end: instant.nullable() }),
    z.tuple([instant, instant.nullable()]).transform(([start, end]) => ({ start, end })),
  ])
  .refine(pauseEnd, { message: "a pause must end after it starts" }) satisfies z.ZodType<SlaPause, unknown>;

export const slaCaseSchema = z.object({
  calendar: slaCalendarSchema,
  start: instant,
  targetMinutes: z.number().int().min(0).max(1_000_000),
  pauses: z.array(slaPauseSchema),
}) satisfies z.ZodType<SlaCase, unknown>;

/** One worked case: the input and its due time (an instant with the store's offset, or null), given or to be computed. */
export const slaWorkedCaseSchema = z.looseObject({
  ...slaCaseSchema.shape,
  dueAt: instant.nullable().optional(),
});

/** A file of cases ({ about?, cases: [...] }, other keys kept): what `npm run sla:due` reads. */
export const slaCasesFileSchema = z.looseObject({
  about: z.string().optional(),
  cases: z.array(slaWorkedCaseSchema),
});
export type SlaCasesFile = z.output<typeof slaCasesFileSchema>;

// ── The SLA policy (a versioned setting, lib/complaints/sla/policy.ts) ──────────────────────────

export const SLA_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type SlaSeverity = (typeof SLA_SEVERITIES)[number];

/** A year of business minutes is more than any SLA. */
export const MAX_SLA_MINUTES = 60 * 24 * 366;

const targetMinutes = z.number().int().min(1).max(MAX_SLA_MINUTES);

export const slaTargetsSchema = z
  .object({ firstResponseMinutes: targetMinutes, resolutionMinutes: targetMinutes })
  .refine((targets) => targets.firstResponseMinutes <= targets.resolutionMinutes, {
    message: "slaFirstResponseAboveResolution",
    path: ["firstResponseMinutes"],
  });
export type SlaTargets = z.output<typeof slaTargetsSchema>;

/** Business minutes per severity for the first response and the resolution (docs/domain.md#sla-clock). */
export const slaPolicySchema = z.object({
  low: slaTargetsSchema,
  medium: slaTargetsSchema,
  high: slaTargetsSchema,
  critical: slaTargetsSchema,
});
export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** Minutes as typed: a whole number from 1 to MAX_SLA_MINUTES. */
const minutesField = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, { message: "slaMinutesRange", abort: true })
  .refine((value) => Number(value) >= 1 && Number(value) <= MAX_SLA_MINUTES, { message: "slaMinutesRange" });

const targetsField = z
  .object({ firstResponseMinutes: minutesField, resolutionMinutes: minutesField })
  .refine((targets) => Number(targets.firstResponseMinutes) <= Number(targets.resolutionMinutes), {
    message: "slaFirstResponseAboveResolution",
    path: ["firstResponseMinutes"],
  });

/** The admin form for a new version of the policy; the effective time works as on the earn-rules form. */
export const slaPolicyFormSchema = z.object({
  /** Local date-time in the programme's zone (Asia/Shanghai); empty means at once. */
  effectiveFrom: localDateTime,
  low: targetsField,
  medium: targetsField,
  high: targetsField,
  critical: targetsField,
});
export type SlaPolicyFormInput = z.input<typeof slaPolicyFormSchema>;
export type SlaPolicyFormOutput = z.output<typeof slaPolicyFormSchema>;

export function slaPolicyFromForm(form: SlaPolicyFormOutput): SlaPolicy {
  const targets = (field: SlaPolicyFormOutput[SlaSeverity]): SlaTargets => ({
    firstResponseMinutes: Number(field.firstResponseMinutes),
    resolutionMinutes: Number(field.resolutionMinutes),
  });
  return {
    low: targets(form.low),
    medium: targets(form.medium),
    high: targets(form.high),
    critical: targets(form.critical),
  };
}

/** The policy as the form's starting values. */
export function slaPolicyToForm(policy: SlaPolicy): Omit<SlaPolicyFormInput, "effectiveFrom"> {
  const targets = (value: SlaTargets) => ({
    firstResponseMinutes: String(value.firstResponseMinutes),
    resolutionMinutes: String(value.resolutionMinutes),
  });
  return {
    low: targets(policy.low),
    medium: targets(policy.medium),
    high: targets(policy.high),
    critical: targets(policy.critical),
  };
}

import type { Weekday } from "@/db/schema/business-hours";

/**
 * A store's business calendar for the SLA clock, in the shape of the worked cases
 * (tests/fixtures/sla-cases.json): weekly store-local ranges (split shifts allowed), closed
 * store-local dates, and closed ranges (store_closures) as instants.
 */
export type SlaCalendar = {
  timeZone: string;
  hours: Partial<Record<Weekday, [string, string][]>>;
  closedDates: string[];
  closures?: { start: string; end: string }[];
};

/** A time the clock did not run (waiting on the customer); `end` null = still paused. Overlaps count once. */
export type SlaPause = { start: string; end: string | null };

export type SlaCase = {
  calendar: SlaCalendar;
  /** ISO instant with offset: when the clock starts (outside hours it starts at the next opening). */
  start: string;
  targetMinutes: number;
  pauses: SlaPause[];
};

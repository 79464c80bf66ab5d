import type { Weekday } from "@/db/schema/business-hours";

/**
 * The input of the availability function, in the shape of the worked cases
 * (tests/fixtures/availability-cases.json): everything it needs, nothing read from the database.
 * Times are ISO 8601 instants with their offset; "HH:MM" and dates are store-local.
 */
export type AvailabilityType = {
  code: string;
  durationMin: number;
  bufferMin: number;
  noticeMin: number;
  /** Non-cancelled bookings of this type one advisor may have that day; null = no cap. */
  dailyCap: number | null;
};

export type AvailabilityAdvisor = {
  id: string;
  /** Working ranges per weekday, store-local ["HH:MM", "HH:MM"]; a missing weekday is a day off. */
  hours: Partial<Record<Weekday, [string, string][]>>;
  timeOff: { start: string; end: string }[];
};

export type AvailabilityBooking = {
  advisorId: string;
  start: string;
  end: string;
  bufferMin: number;
  typeCode: string;
  status: string;
};

export type AvailabilityInput = {
  timeZone: string;
  /** The store-local day, YYYY-MM-DD. */
  date: string;
  now: string;
  /** One advisor, or null for "any advisor". */
  advisorId: string | null;
  type: AvailabilityType;
  advisors: AvailabilityAdvisor[];
  bookings: AvailabilityBooking[];
  closures: { start: string; end: string }[];
};

/** A free start: store-local "HH:MM", its instant, and the advisors free then (one, or every free one for "any advisor"). */
export type FreeSlot = { time: string; startsAt: Date; advisorIds: string[] };

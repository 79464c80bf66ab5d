// Kept apart from the tables (no drizzle import) so that client components can use the weekdays.
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Opening ranges per weekday in the store's local time ("HH:mm"); split shifts allowed, [] = closed. */
export type BusinessHours = Record<Weekday, { open: string; close: string }[]>;

/**
 * Links between the calendars and to the appointment pages (booking, detail), built in one place so
 * that the views agree on their parameter names (lib/appointments/calendar/schemas.ts).
 */

/** A path with its query, leaving out empty values. */
export function calendarHref(path: string, query: Record<string, string | undefined | null | false>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function dayHref(query: { store?: string; date?: string; cancelled?: boolean }) {
  return calendarHref("/appointments", { ...query, cancelled: query.cancelled && "1" });
}

export function weekHref(query: { store?: string; advisor?: string; date?: string; cancelled?: boolean }) {
  return calendarHref("/appointments/week", { ...query, cancelled: query.cancelled && "1" });
}

export function listHref(query: { store?: string; from?: string; to?: string }) {
  return calendarHref("/appointments/list", query);
}

/** The booking page, prefilled with what the calendar knows (a quarter clicked: the advisor and the start). */
export function bookingHref(query: { storeId: string; date?: string; advisorId?: string; startsAt?: Date }) {
  return calendarHref("/appointments/new", {
    storeId: query.storeId,
    date: query.date,
    advisorId: query.advisorId,
    startsAt: query.startsAt?.toISOString(),
  });
}

export function appointmentHref(id: string) {
  return `/appointments/${id}`;
}

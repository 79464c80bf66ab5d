import { createEvent, type EventAttributes, type EventStatus } from "ics";
import type { Locale } from "@/lib/i18n/config";
import { confirmationFacts, type VisitConfirmationLabels } from "./labels";
import type { VisitConfirmation } from "./queries";

/**
 * A visit as an iCalendar event (RFC 5545), written by the `ics` package (escaping, line folding,
 * CRLF): the member or the advisor adds it to their calendar. The UID is the appointment's, so a
 * later file (rescheduled, cancelled) updates the same event; SEQUENCE grows with each reschedule
 * and once more on cancellation (see VisitConfirmation.sequence). Times are UTC instants; the
 * description carries the store-local date and time as printed on the PDF.
 */

/** Stable per appointment, the same in every file made for it. */
export function visitEventUid(appointmentId: string): string {
  return `appointment-${appointmentId}@atrium`;
}

const STATUS: Record<VisitConfirmation["status"], EventStatus> = {
  requested: "TENTATIVE",
  confirmed: "CONFIRMED",
  checked_in: "CONFIRMED",
  completed: "CONFIRMED",
  no_show: "CONFIRMED",
  cancelled: "CANCELLED",
};

export function visitConfirmationIcs(
  confirmation: VisitConfirmation,
  labels: VisitConfirmationLabels,
  locale: Locale,
  issuedAt: Date = new Date(),
): string {
  const facts = confirmationFacts(confirmation, locale);
  const description = [
    labels.intro[confirmation.status],
    `${facts.date} ${facts.time}`,
    labels.calendarAdvisor(confirmation.advisorName),
    facts.roomName ? labels.calendarRoom(facts.roomName) : null,
    confirmation.note && confirmation.status !== "cancelled" ? labels.note(confirmation.note) : null,
    labels.policy,
    labels.calendarReference(confirmation.reference),
  ]
    .filter((line): line is string => !!line)
    .join("\n");
  const attributes: EventAttributes = {
    productId: "-//Atrium//Appointments//EN",
    method: "PUBLISH",
    uid: visitEventUid(confirmation.appointmentId),
    sequence: confirmation.sequence,
    start: confirmation.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: confirmation.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: labels.calendarSummary(facts.typeName, facts.storeName),
    location: facts.storeName,
    description,
    status: STATUS[confirmation.status],
    lastModified: confirmation.updatedAt.getTime(),
  };
  // DTSTAMP is when the file was made; the package reads it from `timestamp`, which its types omit.
  const { error, value } = createEvent({ ...attributes, timestamp: issuedAt.getTime() } as EventAttributes);
  if (error || !value) throw error ?? new Error("ics: no calendar produced");
  return value;
}

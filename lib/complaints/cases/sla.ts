import { addYears } from "date-fns";
import type { Db } from "@/db/client";
import { slaDueAt, slaState, type SlaState } from "@/lib/complaints/sla/clock";
import { loadSlaCalendar } from "@/lib/complaints/sla/policy";
import type { SlaCalendar, SlaPause } from "@/lib/complaints/sla/types";
import { AppError } from "@/lib/errors";

/**
 * The complaint's two SLA clocks (docs/domain.md#intake-work-and-escalation) on top of the SLA clock
 * (lib/complaints/sla): first response (from received, no pauses: a complaint cannot wait on the
 * customer before it has been answered) and resolution (from received, the waiting-on-customer
 * pauses taken out). The calendar covers from the receipt to a year after `until`, the clock's own
 * search horizon.
 */

export type ComplaintClockFields = {
  storeId: string;
  receivedAt: Date;
  firstResponseTargetMin: number;
  resolutionTargetMin: number;
  firstRespondedAt: Date | null;
};

export type PauseRow = { startedAt: Date; endedAt: Date | null };

export function slaPauses(rows: readonly PauseRow[]): SlaPause[] {
  return rows.map((row) => ({
    start: row.startedAt.toISOString(),
    end: row.endedAt ? row.endedAt.toISOString() : null,
  }));
}

/**
 * The store's calendar for complaints received from `from` and looked at until `until`: closures up
 * to a year later, as far as the clock looks ahead for a due time.
 */
export async function calendarFor(db: Db, storeId: string, from: Date, until: Date): Promise<SlaCalendar> {
  return loadSlaCalendar(db, storeId, from, addYears(until, 1));
}

/** A due time, which exists unless an open pause holds the clock (then the caller keeps the last one). */
export function dueTime(calendar: SlaCalendar, start: Date, targetMinutes: number, pauses: SlaPause[]): Date | null {
  try {
    return slaDueAt({ calendar, start: start.toISOString(), targetMinutes, pauses });
  } catch {
    // The calendar has no opening hours (a store set up without hours): no due time can be given.
    throw new AppError("conflict", {
      messageKey: "complaintNoBusinessHours",
      detail: "The store has no business hours.",
    });
  }
}

export type ComplaintClocks = { response: SlaState | null; resolution: SlaState };

/**
 * Where both clocks stand at `at`; the response clock is null once answered (it stopped). The
 * calendar must cover receivedAt..at.
 */
export function complaintClocks(
  calendar: SlaCalendar,
  complaint: ComplaintClockFields,
  pauses: SlaPause[],
  at: Date,
): ComplaintClocks {
  const start = complaint.receivedAt.toISOString();
  return {
    response: complaint.firstRespondedAt
      ? null
      : slaState({ calendar, start, targetMinutes: complaint.firstResponseTargetMin, pauses: [] }, at),
    resolution: slaState({ calendar, start, targetMinutes: complaint.resolutionTargetMin, pauses }, at),
  };
}

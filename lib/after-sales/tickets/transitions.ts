import type { serviceTicketStatus } from "@/db/schema";

// The service ticket workflow (docs/domain.md#jewelry-after-sales): pure data, no server imports,
// so forms, pages and services read the same table.

export type ServiceTicketStatus = (typeof serviceTicketStatus.enumValues)[number];

export const SERVICE_TICKET_STATUSES: readonly ServiceTicketStatus[] = [
  "received",
  "at_workshop",
  "in_repair",
  "quality_check",
  "ready_for_pickup",
  "picked_up",
  "closed",
  "cancelled",
];

/** Statuses in which the piece is still with the store and the ticket may be cancelled. */
export const OPEN_STATUSES: readonly ServiceTicketStatus[] = [
  "received",
  "at_workshop",
  "in_repair",
  "quality_check",
  "ready_for_pickup",
];

/**
 * The forward step from each status. A cleaning done at the counter may skip the workshop
 * (received → quality_check), and a piece that fails quality control goes back to repair.
 */
const NEXT: Record<ServiceTicketStatus, readonly ServiceTicketStatus[]> = {
  received: ["at_workshop", "quality_check"],
  at_workshop: ["in_repair", "quality_check"],
  in_repair: ["quality_check"],
  quality_check: ["ready_for_pickup", "in_repair"],
  ready_for_pickup: ["picked_up"],
  picked_up: ["closed"],
  closed: [],
  cancelled: [],
};

export function nextStatuses(from: ServiceTicketStatus): readonly ServiceTicketStatus[] {
  return OPEN_STATUSES.includes(from) ? [...NEXT[from], "cancelled"] : NEXT[from];
}

export function transitionAllowed(from: ServiceTicketStatus, to: ServiceTicketStatus): boolean {
  return nextStatuses(from).includes(to);
}

export function isOpen(status: ServiceTicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

import type { Db } from "@/db/client";
import { serviceTicketEvents, type serviceTicketEventKind } from "@/db/schema";
import type { ServiceTicketStatus } from "./transitions";

export type ServiceTicketEventKind = (typeof serviceTicketEventKind.enumValues)[number];

/** Appends one entry to a ticket's custody trail (append-only: the table refuses updates and deletes). */
export async function recordTicketEvent(
  db: Db,
  event: {
    ticketId: string;
    kind: ServiceTicketEventKind;
    staffId: string | null;
    at: Date;
    fromStatus?: ServiceTicketStatus | null;
    toStatus?: ServiceTicketStatus | null;
    note?: string | null;
  },
): Promise<void> {
  await db.insert(serviceTicketEvents).values({
    ticketId: event.ticketId,
    kind: event.kind,
    staffId: event.staffId,
    at: event.at,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    note: event.note ?? null,
  });
}

import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jewelryItems, outboundMessages, serviceTickets, stores } from "@/db/schema";
import { hashTrackingToken, newTrackingToken, trackingUrlFor } from "@/lib/after-sales/tracking/service";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { enqueueMessage } from "@/lib/messaging/service";
import { recordTicketEvent } from "./events";
import type { ChangeTicketStatusValues, TicketNoteValues } from "./schemas";
import { transitionAllowed, type ServiceTicketStatus } from "./transitions";

/**
 * Working a service ticket (docs/domain.md#jewelry-after-sales): the
 * workflow steps, cancelling and internal notes. Each step locks the ticket row (SELECT … FOR
 * UPDATE: two clicks run one after the other and the second finds the new status), checks the
 * workflow table (transitions.ts; anything else is a conflict), stamps staff and time in the
 * custody trail, writes the audit entry and updated_at. Ready for pickup tells the customer, with
 * a fresh tracking link. Picked up is not a step here: lib/after-sales/pickup does it, after the
 * claim code and the weight.
 */

export type TicketRow = typeof serviceTickets.$inferSelect;

/** The ticket, locked when asked, if its store is one of the staff member's; else not found. */
export async function loadTicketInScope(
  db: Db,
  staff: StaffPrincipal,
  ticketId: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ ticket: TicketRow; timeZone: string }> {
  const query = db
    .select({ ticket: serviceTickets, timeZone: stores.timeZone })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(staff))));
  const [row] = options.forUpdate ? await query.for("update", { of: serviceTickets }) : await query;
  if (!row) throw new AppError("not_found");
  return row;
}

/** The ticket's audit entry: ids, statuses and counts only, never the customer's words or the claim code. */
export async function auditTicket(
  db: Db,
  actor: Actor,
  action: string,
  ticket: Pick<TicketRow, "id" | "storeId">,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(db, {
    ...byActor(actor),
    action,
    entityType: "service_ticket",
    entityId: ticket.id,
    storeId: ticket.storeId,
    details,
  });
}

export function wrongStatus(status: ServiceTicketStatus): AppError {
  return new AppError("conflict", {
    messageKey: "ticketWrongStatus",
    detail: `The service ticket is ${status}; this change does not apply.`,
    details: { status },
  });
}

/** The pending "ready" message of a ticket ends when it no longer makes sense (picked up, cancelled). */
export const readyMessageKey = (ticketId: string) => `service_ready:${ticketId}`;

export async function endPendingReadyMessage(db: Db, ticketId: string, reason: "picked_up" | "ticket_cancelled") {
  await db
    .update(outboundMessages)
    .set({ status: "skipped", skipReason: reason, updatedAt: new Date() })
    .where(and(eq(outboundMessages.dedupeKey, readyMessageKey(ticketId)), eq(outboundMessages.status, "pending")));
}

export type TicketChangeResult = {
  ticketId: string;
  storeId: string;
  status: ServiceTicketStatus;
  /** The new tracking token when this change sent the "ready" message (the caller's tests follow the link). */
  trackingToken?: string;
};

/**
 * One step of the workflow, or a cancellation (with its reason). Picked up is refused here with a
 * message that says where it happens; any step the table does not allow is a conflict that names
 * the current status.
 */
export async function changeTicketStatus(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: ChangeTicketStatusValues,
  now: Date = new Date(),
): Promise<TicketChangeResult> {
  const { ticket } = await loadTicketInScope(db, staff, input.ticketId, { forUpdate: true });
  const from = ticket.status;
  const to = input.to;
  if (to === "picked_up" && transitionAllowed(from, to)) {
    throw new AppError("conflict", {
      messageKey: "ticketPickupOnly",
      detail: "A piece is handed back through the pickup (claim code and weight), not as a status change.",
      details: { status: from },
    });
  }
  if (!transitionAllowed(from, to)) throw wrongStatus(from);

  const set: Partial<typeof serviceTickets.$inferInsert> = { status: to, updatedAt: now };
  if (to === "ready_for_pickup") set.readyAt = now;
  if (to === "closed") set.closedAt = now;
  if (to === "cancelled") {
    set.cancelledAt = now;
    set.cancelReason = input.reason!;
  }
  await db.update(serviceTickets).set(set).where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "status",
    staffId: actor.staffId,
    at: now,
    fromStatus: from,
    toStatus: to,
    note: to === "cancelled" ? input.reason : input.note,
  });
  await auditTicket(db, actor, to === "cancelled" ? "after_sales.ticket.cancel" : "after_sales.ticket.status", ticket, {
    from,
    to,
  });

  const result: TicketChangeResult = { ticketId: ticket.id, storeId: ticket.storeId, status: to };
  if (to === "ready_for_pickup") {
    const sent = await notifyTicketReady(db, ticket, now);
    if (sent) result.trackingToken = sent.trackingToken;
  }
  if (to === "cancelled") await endPendingReadyMessage(db, ticket.id, "ticket_cancelled");
  return result;
}

/**
 * Tells the customer the piece is ready, once per ticket, in the caller's transaction: a new
 * tracking token replaces the old one (only its hash is kept, so the message can carry a link only
 * by making a new one; the intake receipt's link stops working then), and the `service_ready`
 * message goes through the outbox (consent and quiet hours are its business). The guarded update
 * on ready_notified_at, and the outbox's dedupe key behind it, make a second call do nothing — so
 * the link already sent keeps working. The message holds no claim code.
 */
export async function notifyTicketReady(
  db: Db,
  ticket: Pick<TicketRow, "id" | "storeId" | "memberId" | "reference" | "itemId" | "serviceType">,
  now: Date = new Date(),
): Promise<{ trackingToken: string } | null> {
  const trackingToken = newTrackingToken();
  const [marked] = await db
    .update(serviceTickets)
    .set({ trackingTokenHash: hashTrackingToken(trackingToken), readyNotifiedAt: now })
    .where(and(eq(serviceTickets.id, ticket.id), isNull(serviceTickets.readyNotifiedAt)))
    .returning({ id: serviceTickets.id });
  if (!marked) return null;
  const [item] = await db
    .select({ category: jewelryItems.category })
    .from(jewelryItems)
    .where(eq(jewelryItems.id, ticket.itemId));
  await enqueueMessage(db, {
    memberId: ticket.memberId,
    storeId: ticket.storeId,
    templateCode: "service_ready",
    params: {
      reference: ticket.reference,
      readyAt: now.toISOString(),
      category: item!.category,
      serviceType: ticket.serviceType,
      trackingUrl: trackingUrlFor(trackingToken),
    },
    dedupeKey: readyMessageKey(ticket.id),
    now,
  });
  return { trackingToken };
}

/** An internal note on the ticket's custody trail (any status: a remark after pickup is still useful). */
export async function addTicketNote(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: TicketNoteValues,
  now: Date = new Date(),
): Promise<{ ticketId: string }> {
  const { ticket } = await loadTicketInScope(db, staff, input.ticketId, { forUpdate: true });
  await db.update(serviceTickets).set({ updatedAt: now }).where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, { ticketId: ticket.id, kind: "note", staffId: actor.staffId, at: now, note: input.body });
  // The note's words stay on the ticket; the audit log keeps only that one was written.
  await auditTicket(db, actor, "after_sales.ticket.note", ticket, { length: input.body.length });
  return { ticketId: ticket.id };
}

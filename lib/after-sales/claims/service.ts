import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { salesTransactions, serviceTicketEvents, serviceTickets, stores } from "@/db/schema";
import { notifyTicketReady } from "@/lib/after-sales/tickets/service";
import { recordTicketEvent } from "@/lib/after-sales/tickets/events";
import { isOpen, transitionAllowed, type ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError, isAppError } from "@/lib/errors";
import { recordRefund } from "@/lib/loyalty/purchases/refunds";
import { atInspection, type DecideClaimValues, type DefectOutcome, type FlagDefectValues } from "./schemas";

/**
 * Quality-defect claims (三包, docs/domain.md#jewelry-after-sales). At inspection, staff flag a
 * ticket as the product's fault with the evidence: it becomes a claim, free of charge. A manager
 * of the ticket's store who did not flag it decides the outcome:
 * - repair: the ticket goes on through the workflow as it is, free of charge;
 * - exchange: a replacement piece is handed over, so the ticket goes straight on to
 *   ready_for_pickup (through quality_check when it has not reached it: each step is a transition
 *   of the workflow table, recorded), and is picked up as any other;
 * - refund: the linked purchase is refunded through the POS refund path (`recordRefund`: points
 *   reversed, stored value returned exactly as at the till), and the ticket is closed at once —
 *   the store keeps the faulty piece, there is nothing to pick up. This is the one step outside
 *   the workflow table (which closes only after a pickup), recorded as a status event like the rest.
 * Every write locks the ticket row first, so a decision and a flag, or two decisions, run one after
 * the other.
 */

type TicketRow = typeof serviceTickets.$inferSelect;

/** The ticket, locked, if its store is one of the staff member's; else not found. */
async function lockTicketInScope(db: Db, staff: StaffPrincipal, ticketId: string) {
  const [row] = await db
    .select({ ticket: serviceTickets, timeZone: stores.timeZone })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(staff))))
    .for("update", { of: serviceTickets });
  if (!row) throw new AppError("not_found");
  return row;
}

async function auditClaim(
  db: Db,
  actor: Actor,
  action: string,
  ticket: Pick<TicketRow, "id" | "storeId">,
  details: Record<string, unknown>,
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

export type FlagDefectResult = { ticketId: string; memberId: string };

/**
 * Flags a ticket at inspection as a defect claim with the evidence (photos are attached on the
 * ticket's page): the price basis becomes `defect_claim` and the charge 0; a `defect_flagged`
 * event names who flagged it (that person may not decide it).
 */
export async function flagDefectClaim(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: FlagDefectValues,
  now: Date = new Date(),
): Promise<FlagDefectResult> {
  const { ticket } = await lockTicketInScope(db, staff, input.ticketId);
  if (ticket.isDefectClaim) throw new AppError("conflict", { messageKey: "claimAlreadyFlagged" });
  if (!atInspection(ticket)) throw new AppError("conflict", { messageKey: "claimNotAtInspection" });

  await db
    .update(serviceTickets)
    .set({
      isDefectClaim: true,
      defectEvidence: input.evidence,
      priceBasis: "defect_claim",
      chargeFen: 0,
      updatedAt: now,
    })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "defect_flagged",
    staffId: actor.staffId,
    at: now,
    note: input.evidence,
  });
  await auditClaim(db, actor, "after_sales.claim.flag", ticket, {
    reference: ticket.reference,
    status: ticket.status,
    before: { priceBasis: ticket.priceBasis, chargeFen: ticket.chargeFen },
    after: { priceBasis: "defect_claim", chargeFen: 0 },
  });
  return { ticketId: ticket.id, memberId: ticket.memberId };
}

export type DecideClaimResult = {
  ticketId: string;
  memberId: string;
  outcome: DefectOutcome;
  status: ServiceTicketStatus;
  /** True when the claim had already been decided the same way: nothing was written again. */
  alreadyDecided: boolean;
  refund: {
    refundTransactionId: string;
    amountFen: number;
    pointsReversed: number;
    pointsReturned: number;
    storedValueReturnedFen: number;
  } | null;
};

/** The refund's external id, one per ticket: the POS refund's unique (purchase, refundId) makes a second refund impossible. */
export function claimRefundId(ticketId: string): string {
  return `defect-claim-${ticketId}`;
}

/** Who flagged the ticket (the latest defect_flagged event). */
async function flaggedBy(db: Db, ticketId: string): Promise<string | null> {
  const [row] = await db
    .select({ staffId: serviceTicketEvents.staffId })
    .from(serviceTicketEvents)
    .where(and(eq(serviceTicketEvents.ticketId, ticketId), eq(serviceTicketEvents.kind, "defect_flagged")))
    .orderBy(desc(serviceTicketEvents.at), desc(serviceTicketEvents.id))
    .limit(1);
  return row?.staffId ?? null;
}

/** What a recorded refund took back, read from its own rows (the answer to a repeated decision). */
async function refundFigures(db: Db, refundTransactionId: string): Promise<NonNullable<DecideClaimResult["refund"]>> {
  const [refund] = await db
    .select({
      totalPaidFen: salesTransactions.totalPaidFen,
      pointsEarned: salesTransactions.pointsEarned,
      pointsReturned: sql<number>`coalesce((select -sum(p.points) from sales_payments p
        where p.transaction_id = ${salesTransactions.id} and p.method = 'points'), 0)::int`.mapWith(Number),
      storedValueReturnedFen: sql<number>`coalesce((select -sum(p.amount_fen) from sales_payments p
        where p.transaction_id = ${salesTransactions.id} and p.method = 'stored_value'), 0)::bigint`.mapWith(Number),
    })
    .from(salesTransactions)
    .where(eq(salesTransactions.id, refundTransactionId));
  return {
    refundTransactionId,
    amountFen: -(refund?.totalPaidFen ?? 0),
    pointsReversed: -(refund?.pointsEarned ?? 0),
    pointsReturned: refund?.pointsReturned ?? 0,
    storedValueReturnedFen: refund?.storedValueReturnedFen ?? 0,
  };
}

/** Moves the ticket one workflow step (checked against the workflow table) and records it. */
async function stepTo(
  db: Db,
  actor: Actor,
  ticket: { id: string },
  from: ServiceTicketStatus,
  to: ServiceTicketStatus,
  now: Date,
  note: string,
  options: { allowOutsideWorkflow?: boolean } = {},
): Promise<void> {
  if (!options.allowOutsideWorkflow && !transitionAllowed(from, to)) {
    throw new AppError("conflict", { messageKey: "claimTicketNotOpen", detail: `No transition ${from} → ${to}.` });
  }
  await db
    .update(serviceTickets)
    .set({
      status: to,
      updatedAt: now,
      ...(to === "ready_for_pickup" ? { readyAt: now } : {}),
      ...(to === "closed" ? { closedAt: now } : {}),
    })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "status",
    staffId: actor.staffId,
    at: now,
    fromStatus: from,
    toStatus: to,
    note,
  });
}

/**
 * Decides a flagged claim: repair, exchange or refund of the linked purchase (see the top of this
 * file for what each does to the ticket). Deciding again the same way returns the decision already
 * made and writes nothing (a double click or a retried request cannot refund twice); another outcome
 * is a conflict.
 */
export async function decideDefectClaim(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: DecideClaimValues,
  now: Date = new Date(),
): Promise<DecideClaimResult> {
  const { ticket } = await lockTicketInScope(db, staff, input.ticketId);
  if (!ticket.isDefectClaim) throw new AppError("conflict", { messageKey: "claimNotFlagged" });

  if (ticket.defectOutcome) {
    if (ticket.defectOutcome !== input.outcome) throw new AppError("conflict", { messageKey: "claimAlreadyDecided" });
    return {
      ticketId: ticket.id,
      memberId: ticket.memberId,
      outcome: ticket.defectOutcome,
      status: ticket.status,
      alreadyDecided: true,
      refund: ticket.refundTransactionId ? await refundFigures(db, ticket.refundTransactionId) : null,
    };
  }

  if (!ticket.defectEvidence?.trim()) throw new AppError("conflict", { messageKey: "claimEvidenceMissing" });
  const flagger = await flaggedBy(db, ticket.id);
  // Four eyes: the one who judged the piece faulty does not also decide what the store gives for it.
  if (flagger === actor.staffId) throw new AppError("forbidden", { messageKey: "claimFlaggerCannotDecide" });
  if (!isOpen(ticket.status)) throw new AppError("conflict", { messageKey: "claimTicketNotOpen" });

  let status = ticket.status;
  let refund: DecideClaimResult["refund"] = null;
  const eventNote = input.note ? `${input.outcome}: ${input.note}` : input.outcome;

  if (input.outcome === "refund") {
    refund = await refundLinkedPurchase(db, actor, ticket, input);
    await stepTo(db, actor, ticket, status, "closed", now, "defect_claim:refund", { allowOutsideWorkflow: true });
    status = "closed";
  } else if (input.outcome === "exchange") {
    // The replacement piece is ready at once: on to ready_for_pickup by the workflow's own steps.
    if (status !== "ready_for_pickup") {
      if (status !== "quality_check") {
        await stepTo(db, actor, ticket, status, "quality_check", now, "defect_claim:exchange");
        status = "quality_check";
      }
      await stepTo(db, actor, ticket, status, "ready_for_pickup", now, "defect_claim:exchange");
      status = "ready_for_pickup";
    }
    // The customer is told the replacement is ready, as for any ready piece (once: the ticket remembers it).
    await notifyTicketReady(db, ticket, now);
  }

  await db
    .update(serviceTickets)
    .set({
      defectOutcome: input.outcome,
      defectDecidedBy: actor.staffId,
      defectDecidedAt: now,
      ...(refund ? { refundTransactionId: refund.refundTransactionId } : {}),
      // Whatever the outcome, a claim costs the customer nothing.
      priceBasis: "defect_claim",
      chargeFen: 0,
      updatedAt: now,
    })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "defect_decided",
    staffId: actor.staffId,
    at: now,
    note: eventNote,
  });
  await auditClaim(db, actor, "after_sales.claim.decide", ticket, {
    reference: ticket.reference,
    outcome: input.outcome,
    flaggedBy: flagger,
    before: { status: ticket.status, defectOutcome: null, refundTransactionId: null, chargeFen: ticket.chargeFen },
    after: {
      status,
      defectOutcome: input.outcome,
      refundTransactionId: refund?.refundTransactionId ?? null,
      chargeFen: 0,
    },
    refund,
  });

  return {
    ticketId: ticket.id,
    memberId: ticket.memberId,
    outcome: input.outcome,
    status,
    alreadyDecided: false,
    refund,
  };
}

/**
 * Refunds the ticket's linked purchase through the POS refund path, as if the purchase's own till
 * had sent it: the purchase's store is the source, the amount what remains paid unless the manager
 * gave one, the refund id derived from the ticket (a second refund for the ticket is refused by the
 * refunds' unique index even if everything else failed). The purchase must be the ticket member's.
 */
async function refundLinkedPurchase(
  db: Db,
  actor: Actor,
  ticket: TicketRow,
  input: DecideClaimValues,
): Promise<NonNullable<DecideClaimResult["refund"]>> {
  if (!ticket.linkedTransactionId) {
    throw new AppError("validation", { fieldErrors: { outcome: ["claimRefundNeedsPurchase"] } });
  }
  // Locked before the remaining amount is read, so a till refund at the same moment waits.
  const [purchase] = await db
    .select()
    .from(salesTransactions)
    .where(and(eq(salesTransactions.id, ticket.linkedTransactionId), eq(salesTransactions.kind, "purchase")))
    .for("update");
  if (!purchase) throw new AppError("validation", { fieldErrors: { outcome: ["claimRefundNeedsPurchase"] } });
  if (purchase.memberId !== ticket.memberId) throw new AppError("conflict", { messageKey: "claimPurchaseNotMembers" });

  const refundId = claimRefundId(ticket.id);
  const [existing] = await db
    .select({ id: salesTransactions.id })
    .from(salesTransactions)
    .where(and(eq(salesTransactions.originalId, purchase.id), eq(salesTransactions.externalId, refundId)));
  if (existing) return refundFigures(db, existing.id);

  const [refunded] = await db
    .select({ fen: sql<number>`coalesce(-sum(${salesTransactions.totalPaidFen}), 0)::bigint`.mapWith(Number) })
    .from(salesTransactions)
    .where(and(eq(salesTransactions.originalId, purchase.id), eq(salesTransactions.kind, "refund")));
  const remainingFen = purchase.totalPaidFen - (refunded?.fen ?? 0);
  if (remainingFen <= 0) throw new AppError("conflict", { messageKey: "claimNothingToRefund" });
  const amountFen = input.refundAmountFen ?? remainingFen;
  if (amountFen > remainingFen) {
    throw new AppError("validation", {
      fieldErrors: { refundAmountFen: ["claimRefundExceedsRemaining"] },
      details: { remainingFen },
    });
  }

  try {
    const result = await recordRefund(db, { storeId: purchase.storeId, staffId: actor.staffId }, purchase.externalId, {
      refundId,
      amountFen,
      lines: input.refundLines,
    });
    return {
      refundTransactionId: result.refundTransactionId,
      amountFen,
      pointsReversed: result.pointsReversed,
      pointsReturned: result.pointsReturned,
      storedValueReturnedFen: result.storedValueReturnedFen,
    };
  } catch (error) {
    // The refund's line checks name fields `lines.<i>.…`; the form's field is refundLines.
    if (isAppError(error) && error.code === "validation" && error.fieldErrors) {
      const fieldErrors = Object.fromEntries(
        Object.entries(error.fieldErrors).map(([field, messages]) => [
          field.startsWith("lines") ? `refundLines${field.slice("lines".length)}` : field,
          messages,
        ]),
      );
      throw new AppError("validation", { fieldErrors });
    }
    throw error;
  }
}

import { createHash, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { serviceTickets } from "@/db/schema";
import { scheduleCallsAfterPickup } from "@/lib/after-sales/follow-ups/schedule-job";
import { recordTicketEvent } from "@/lib/after-sales/tickets/events";
import {
  auditTicket,
  endPendingReadyMessage,
  loadTicketInScope,
  wrongStatus,
  type TicketRow,
} from "@/lib/after-sales/tickets/service";
import type { Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { CLAIM_MAX_FAILURES, parseGramsToCg, weightCheck, type PickupValues } from "./schemas";

/**
 * The pickup (docs/domain.md#jewelry-after-sales): the claim code, then
 * the weight. The ticket row is locked first (SELECT … FOR UPDATE), so simultaneous tries at the
 * counter count one after the other: each wrong code adds one to claim_failures with a
 * claim_failed event, the fifth locks the ticket (claim_locked_at, a claim_locked event) and from
 * then on even the right code is refused until a manager unlocks it with a note.
 *
 * A wrong code fails the use case, yet its count must stay: the error carries `keepWrites`, so the
 * use case's transaction commits what was written before it (lib/actions/use-case.ts), as the
 * password check of lib/staff/service.ts does.
 */

/** Compares two codes in constant time (their SHA-256, so that lengths do not matter either). */
export function claimCodeMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

function claimLocked(keepWrites: boolean): AppError {
  return new AppError("locked", {
    messageKey: "claimLocked",
    detail: "Too many wrong claim codes: the ticket is locked until a manager reviews it.",
    keepWrites,
    fieldErrors: { claimCode: ["claimCodeLocked"] },
  });
}

/** Counts one wrong code (and locks at the fifth); returns the error to throw. */
async function countWrongCode(db: Db, actor: Actor, ticket: TicketRow, now: Date): Promise<AppError> {
  const failures = ticket.claimFailures + 1;
  const locking = failures >= CLAIM_MAX_FAILURES;
  await db
    .update(serviceTickets)
    .set({ claimFailures: sql`${serviceTickets.claimFailures} + 1`, ...(locking ? { claimLockedAt: now } : {}) })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, { ticketId: ticket.id, kind: "claim_failed", staffId: actor.staffId, at: now });
  await auditTicket(db, actor, "after_sales.ticket.claim_failed", ticket, { failures });
  if (locking) {
    await recordTicketEvent(db, { ticketId: ticket.id, kind: "claim_locked", staffId: actor.staffId, at: now });
    await auditTicket(db, actor, "after_sales.ticket.claim_locked", ticket, { failures });
    return claimLocked(true);
  }
  return new AppError("validation", {
    fieldErrors: { claimCode: ["claimCodeWrong"] },
    details: { attemptsLeft: CLAIM_MAX_FAILURES - failures },
    keepWrites: true,
  });
}

export type PickupResult = { ticketId: string; storeId: string; differenceCg: number };

/**
 * Hands the piece back: ready for pickup → picked up, with the weight out, the stones out, the
 * note and the acknowledgement, who and when. A difference beyond 0.01 g (or in the stones)
 * without a note and the customer's acknowledgement is refused on those fields, and nothing changes.
 */
export async function pickUpTicket(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: PickupValues,
  now: Date = new Date(),
): Promise<PickupResult> {
  const { ticket, timeZone } = await loadTicketInScope(db, staff, input.ticketId, { forUpdate: true });
  if (ticket.status !== "ready_for_pickup") throw wrongStatus(ticket.status);
  if (ticket.claimLockedAt) throw claimLocked(false);
  if (!claimCodeMatches(input.claimCode, ticket.claimCode)) throw await countWrongCode(db, actor, ticket, now);

  const weightOutCg = parseGramsToCg(input.weightOut)!;
  const check = weightCheck(ticket.weightInCg, weightOutCg, ticket.stoneCountIn, input.stoneCountOut);
  if (check.needsAcknowledgement) {
    const fieldErrors: Record<string, string[]> = {};
    if (!input.weightNote) fieldErrors.weightNote = ["weightNoteRequired"];
    if (!input.weightAcknowledged) fieldErrors.weightAcknowledged = ["weightAcknowledgementRequired"];
    if (Object.keys(fieldErrors).length) {
      throw new AppError("validation", { fieldErrors, details: { differenceCg: check.differenceCg } });
    }
  }

  await db
    .update(serviceTickets)
    .set({
      status: "picked_up",
      weightOutCg,
      stoneCountOut: input.stoneCountOut,
      weightNote: input.weightNote ?? null,
      weightAcknowledged: check.needsAcknowledgement ? true : Boolean(input.weightAcknowledged),
      pickedUpAt: now,
      pickedUpBy: actor.staffId,
      updatedAt: now,
    })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "status",
    staffId: actor.staffId,
    at: now,
    fromStatus: ticket.status,
    toStatus: "picked_up",
    note: input.weightNote,
  });
  await auditTicket(db, actor, "after_sales.ticket.pickup", ticket, {
    weightInCg: ticket.weightInCg,
    weightOutCg,
    differenceCg: check.differenceCg,
    stoneCountIn: ticket.stoneCountIn,
    stoneCountOut: input.stoneCountOut,
    acknowledged: check.needsAcknowledgement,
  });
  // A "ready" message still waiting for the morning (quiet hours) has nothing left to say.
  await endPendingReadyMessage(db, ticket.id, "picked_up");
  await scheduleCallsAfterPickup(db, ticket, now, timeZone);
  return { ticketId: ticket.id, storeId: ticket.storeId, differenceCg: check.differenceCg };
}

/**
 * A manager's review of a locked claim code (aftersales.unlock): the lock and the count of wrong
 * tries are cleared, with the manager's note on the custody trail and an audit entry.
 */
export async function unlockClaim(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { ticketId: string; note: string },
  now: Date = new Date(),
): Promise<{ ticketId: string }> {
  const { ticket } = await loadTicketInScope(db, staff, input.ticketId, { forUpdate: true });
  if (!ticket.claimLockedAt) {
    throw new AppError("conflict", { messageKey: "claimNotLocked", detail: "The claim code is not locked." });
  }
  await db
    .update(serviceTickets)
    .set({ claimLockedAt: null, claimFailures: 0, updatedAt: now })
    .where(eq(serviceTickets.id, ticket.id));
  await recordTicketEvent(db, {
    ticketId: ticket.id,
    kind: "claim_unlocked",
    staffId: actor.staffId,
    at: now,
    note: input.note,
  });
  await auditTicket(db, actor, "after_sales.ticket.claim_unlock", ticket, {
    failures: ticket.claimFailures,
    lockedAt: ticket.claimLockedAt.toISOString(),
  });
  return { ticketId: ticket.id };
}

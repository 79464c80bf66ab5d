import { and, count, eq, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointmentPicks, appointmentPurchases, salesTransactions } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { appointmentInScopeOrThrow, outcomeWindow } from "./queries";
import {
  MAX_PICKS_PER_VISIT,
  outcomeOpen,
  trayOpen,
  type AddPickValues,
  type PurchaseLinkInput,
  type RemovePickInput,
} from "./schemas";

/**
 * The writes of visit preparation and outcome, in the caller's transaction, audited. Each locks
 * the appointment row (in the staff member's stores, else not found), so that a tray change or a
 * link runs after, not beside, a status change of the same visit (lib/appointments/booking locks
 * the same row) and the tray's size is counted under the lock.
 */

function visitClosed(status: string): AppError {
  return new AppError("conflict", { messageKey: "visitTrayClosed", details: { reason: "trayClosed", status } });
}

/** Puts a piece on the visit's tray. */
export async function addPick(db: Db, staff: StaffPrincipal, actor: Actor, input: AddPickValues) {
  const visit = await appointmentInScopeOrThrow(db, staff, input.appointmentId, { forUpdate: true });
  if (!trayOpen(visit.status)) throw visitClosed(visit.status);
  const [held] = await db
    .select({ value: count() })
    .from(appointmentPicks)
    .where(eq(appointmentPicks.appointmentId, visit.id));
  if ((held?.value ?? 0) >= MAX_PICKS_PER_VISIT) {
    throw new AppError("conflict", { messageKey: "visitTrayFull", details: { reason: "trayFull" } });
  }
  const [pick] = await db
    .insert(appointmentPicks)
    .values({
      appointmentId: visit.id,
      sku: input.sku,
      name: input.name,
      priceFen: input.priceFen,
      note: input.note,
      addedBy: actor.staffId,
    })
    .returning({ id: appointmentPicks.id });
  await recordAudit(db, {
    action: "appointment.pick.add",
    ...byActor(actor),
    entityType: "appointment",
    entityId: visit.id,
    storeId: visit.storeId,
    details: { pickId: pick!.id, sku: input.sku },
  });
  return { appointmentId: visit.id, pickId: pick!.id };
}

/** Takes a piece off the tray; a pick of another visit (or none) is not found. */
export async function removePick(db: Db, staff: StaffPrincipal, actor: Actor, input: RemovePickInput) {
  const visit = await appointmentInScopeOrThrow(db, staff, input.appointmentId, { forUpdate: true });
  if (!trayOpen(visit.status)) throw visitClosed(visit.status);
  const [removed] = await db
    .delete(appointmentPicks)
    .where(and(eq(appointmentPicks.id, input.pickId), eq(appointmentPicks.appointmentId, visit.id)))
    .returning({ id: appointmentPicks.id, sku: appointmentPicks.sku });
  if (!removed) throw new AppError("not_found");
  await recordAudit(db, {
    action: "appointment.pick.remove",
    ...byActor(actor),
    entityType: "appointment",
    entityId: visit.id,
    storeId: visit.storeId,
    details: { pickId: removed.id, sku: removed.sku },
  });
  return { appointmentId: visit.id, pickId: removed.id };
}

async function attendedVisit(db: Db, staff: StaffPrincipal, appointmentId: string) {
  const visit = await appointmentInScopeOrThrow(db, staff, appointmentId, { forUpdate: true });
  if (!outcomeOpen(visit.status)) {
    throw new AppError("conflict", {
      messageKey: "visitNotAttended",
      details: { reason: "notAttended", status: visit.status },
    });
  }
  return visit;
}

/**
 * Attributes a purchase to a visit that took place: the member's own purchase, at the visit's store,
 * on the visit's local day or the day after (anything else is not found: it is not a purchase this
 * visit can claim). A purchase is attributed to one visit at most — the unique index on
 * appointment_purchases.transaction_id decides, so two visits claiming it at once cannot both win:
 * the second waits for the first to commit, inserts nothing and is told it is taken (conflict).
 * Linking a purchase already linked to this visit changes nothing.
 */
export async function linkPurchase(db: Db, staff: StaffPrincipal, actor: Actor, input: PurchaseLinkInput) {
  const visit = await attendedVisit(db, staff, input.appointmentId);
  const window = outcomeWindow(visit.startsAt, visit.timeZone);
  const [purchase] = await db
    .select({ id: salesTransactions.id })
    .from(salesTransactions)
    .where(
      and(
        eq(salesTransactions.id, input.transactionId),
        eq(salesTransactions.kind, "purchase"),
        eq(salesTransactions.memberId, visit.memberId),
        eq(salesTransactions.storeId, visit.storeId),
        gte(salesTransactions.occurredAt, window.startsAt),
        lt(salesTransactions.occurredAt, window.endsBefore),
      ),
    );
  if (!purchase) throw new AppError("not_found");

  const inserted = await db
    .insert(appointmentPurchases)
    .values({ appointmentId: visit.id, transactionId: purchase.id, linkedBy: actor.staffId })
    .onConflictDoNothing()
    .returning({ transactionId: appointmentPurchases.transactionId });
  if (inserted.length === 0) {
    const [holder] = await db
      .select({ appointmentId: appointmentPurchases.appointmentId })
      .from(appointmentPurchases)
      .where(eq(appointmentPurchases.transactionId, purchase.id));
    if (holder?.appointmentId === visit.id)
      return { appointmentId: visit.id, transactionId: purchase.id, linked: true };
    throw new AppError("conflict", {
      messageKey: "purchaseLinkedElsewhere",
      details: { reason: "purchaseLinkedElsewhere" },
    });
  }
  await recordAudit(db, {
    action: "appointment.purchase.link",
    ...byActor(actor),
    entityType: "appointment",
    entityId: visit.id,
    storeId: visit.storeId,
    details: { transactionId: purchase.id },
  });
  return { appointmentId: visit.id, transactionId: purchase.id, linked: true };
}

/** Takes a purchase off a visit that took place; a purchase not linked to it is not found. */
export async function unlinkPurchase(db: Db, staff: StaffPrincipal, actor: Actor, input: PurchaseLinkInput) {
  const visit = await attendedVisit(db, staff, input.appointmentId);
  const [removed] = await db
    .delete(appointmentPurchases)
    .where(
      and(
        eq(appointmentPurchases.appointmentId, visit.id),
        eq(appointmentPurchases.transactionId, input.transactionId),
      ),
    )
    .returning({ transactionId: appointmentPurchases.transactionId });
  if (!removed) throw new AppError("not_found");
  await recordAudit(db, {
    action: "appointment.purchase.unlink",
    ...byActor(actor),
    entityType: "appointment",
    entityId: visit.id,
    storeId: visit.storeId,
    details: { transactionId: removed.transactionId },
  });
  return { appointmentId: visit.id, transactionId: removed.transactionId, linked: false };
}

import { randomBytes, randomInt } from "node:crypto";
import { and, count, eq, inArray, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jewelryItems, salesTransactionLines, salesTransactions, serviceTickets } from "@/db/schema";
import { activeStoreInScope, insertItem } from "@/lib/after-sales/passports/service";
import { recordTicketEvent } from "@/lib/after-sales/tickets/events";
import { hashTrackingToken, trackingUrlFor } from "@/lib/after-sales/tracking/service";
import { OPEN_STATUSES } from "@/lib/after-sales/tickets/transitions";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { AppError, sqlState } from "@/lib/errors";
import { resolveEffectiveFrom } from "@/lib/loyalty/earn-rules/service";
import { writableMember } from "@/lib/members/scope";
import { saveSetting } from "@/lib/settings/versioned";
import { formatIn, shiftDay, todayIn } from "@/lib/time";
import { renderBagTagPdf } from "./bag-tag-pdf";
import type { IntakeDocumentLabels } from "./labels";
import { AFTER_SALES_PRICE_LIST, priceListAt } from "./price-list";
import { priceService } from "./pricing";
import { qrDrawing } from "./qr";
import { loadIntakeDocument } from "./queries";
import { renderIntakeReceiptPdf } from "./receipt-pdf";
import { PROMISE_MAX_DAYS, ticketHref, type IntakeValues, type PriceBasis, type PriceListFormValues } from "./schemas";

/**
 * Intake of a service ticket (docs/domain.md#jewelry-after-sales), in the caller's
 * transaction: the member of the staff member's stores, the piece (one of that member's passports,
 * or registered with the ticket), the linked purchase (one of that member's purchases), the price by
 * the pricing rule and the list in force, the reference of the store's day, the claim code and the
 * tracking token (only its SHA-256 is kept). The custody trail starts with 'created'; the audit entry
 * holds ids, the service and the price, never the member's personal data or the claim code.
 */

function fieldError(code: "validation" | "not_found" | "conflict", field: string, key: string): AppError {
  return new AppError(code, { ...(code === "conflict" ? { messageKey: key } : {}), fieldErrors: { [field]: [key] } });
}

// ── Reference, claim code, tracking token ─────────────────────────────────────────────────────

/**
 * The next reference of a store-local day, SV-YYYYMMDD-NNNN: the number of that day's tickets plus
 * one, taken under a transaction-scoped advisory lock on the day, so that two intakes at once queue
 * instead of taking the same number (the unique index on reference is the backstop). One sequence
 * for all stores: a reference is unique company-wide and can be quoted on the phone.
 */
export async function nextTicketReference(db: Db, day: string): Promise<string> {
  const compact = day.replaceAll("-", "");
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`atrium.service-ticket-reference:${compact}`}))`);
  const prefix = `SV-${compact}-`;
  const [taken] = await db
    .select({ value: count() })
    .from(serviceTickets)
    .where(like(serviceTickets.reference, `${prefix}%`));
  return `${prefix}${String((taken?.value ?? 0) + 1).padStart(4, "0")}`;
}

/** Six random digits (crypto, uniform), what the customer shows at pickup. */
export function newClaimCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * A new tracking token (24 random bytes, base64url: 32 characters) and what is stored of it, its
 * SHA-256 (hashed and turned into the link by lib/after-sales/tracking, which looks it up).
 */
export function issueTrackingToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashTrackingToken(token) };
}

/** The ticket's staff page, as an absolute address (the bag tag's QR code opens it on a store tablet). */
export function ticketStaffUrl(ticketId: string): string {
  return new URL(ticketHref(ticketId), env.ATRIUM_PUBLIC_URL).toString();
}

// ── Intake ────────────────────────────────────────────────────────────────────────────────────

export type CreatedTicket = {
  ticketId: string;
  reference: string;
  itemId: string;
  memberId: string;
  storeId: string;
  priceBasis: PriceBasis;
  listPriceFen: number;
  chargeFen: number;
};

/** The member's purchase (not a refund); another member's or store's is not found. */
async function membersPurchase(db: Db, memberId: string, transactionId: string) {
  const [purchase] = await db
    .select({ id: salesTransactions.id, occurredAt: salesTransactions.occurredAt })
    .from(salesTransactions)
    .where(
      and(
        eq(salesTransactions.id, transactionId),
        eq(salesTransactions.memberId, memberId),
        eq(salesTransactions.kind, "purchase"),
      ),
    );
  if (!purchase) throw fieldError("not_found", "linkedTransactionId", "intakePurchaseNotFound");
  return purchase;
}

/** The purchase of one of the member's purchase lines (a piece to be registered from it); else not found. */
async function purchaseOfMembersLine(db: Db, memberId: string, lineId: string): Promise<string> {
  const [line] = await db
    .select({ transactionId: salesTransactionLines.transactionId })
    .from(salesTransactionLines)
    .innerJoin(salesTransactions, eq(salesTransactions.id, salesTransactionLines.transactionId))
    .where(
      and(
        eq(salesTransactionLines.id, lineId),
        eq(salesTransactions.memberId, memberId),
        eq(salesTransactions.kind, "purchase"),
      ),
    );
  if (!line) throw fieldError("not_found", "newItem.purchaseLineId", "itemPurchaseNotFound");
  return line.transactionId;
}

export async function createServiceTicket(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: IntakeValues,
  now: Date = new Date(),
): Promise<CreatedTicket> {
  const store = await activeStoreInScope(db, staff, input.storeId);
  const member = await writableMember(db, staff, input.memberId);

  const today = todayIn(store.timeZone, now);
  if (input.promisedOn < today) throw fieldError("validation", "promisedOn", "intakePromisedInPast");
  if (input.promisedOn > shiftDay(today, { days: PROMISE_MAX_DAYS })) {
    throw fieldError("validation", "promisedOn", "intakePromisedTooFar");
  }

  const linked = input.linkedTransactionId ? await membersPurchase(db, member.id, input.linkedTransactionId) : null;

  let itemId: string;
  let registered = false;
  if (input.itemId) {
    // The piece is locked: two intakes of one piece queue, and the second sees the first's open ticket.
    const [item] = await db
      .select({ id: jewelryItems.id, purchaseTransactionId: jewelryItems.purchaseTransactionId })
      .from(jewelryItems)
      .where(and(eq(jewelryItems.id, input.itemId), eq(jewelryItems.memberId, member.id)))
      .for("update");
    if (!item) throw fieldError("not_found", "itemId", "intakeItemNotFound");
    if (linked && item.purchaseTransactionId && item.purchaseTransactionId !== linked.id) {
      throw fieldError("validation", "linkedTransactionId", "intakePurchaseNotPiece");
    }
    const [open] = await db
      .select({ value: count() })
      .from(serviceTickets)
      .where(and(eq(serviceTickets.itemId, item.id), inArray(serviceTickets.status, [...OPEN_STATUSES])));
    if ((open?.value ?? 0) > 0) throw fieldError("conflict", "itemId", "intakeItemHasOpenTicket");
    itemId = item.id;
  } else if (input.newItem) {
    const lineTransaction = input.newItem.purchaseLineId
      ? await purchaseOfMembersLine(db, member.id, input.newItem.purchaseLineId)
      : null;
    if (linked && lineTransaction && lineTransaction !== linked.id) {
      throw fieldError("validation", "linkedTransactionId", "intakePurchaseNotPiece");
    }
    // A piece first weighed at intake keeps that weight on its passport.
    ({ itemId } = await insertItem(db, actor, { memberId: member.id, storeId: store.id }, input.newItem, {
      fieldPrefix: "newItem.",
      weightCg: input.weightIn,
    }));
    registered = true;
  } else {
    throw fieldError("validation", "itemId", "intakeItemRequired");
  }

  const price = priceService({
    serviceType: input.serviceType,
    memberTier: member.tier,
    purchasedAt: linked?.occurredAt ?? null,
    now,
    timeZone: store.timeZone,
    priceList: await priceListAt(db, now),
  });
  const reference = await nextTicketReference(db, formatIn(now, "yyyy-MM-dd", store.timeZone));
  const tracking = issueTrackingToken();

  const [row] = await db
    .insert(serviceTickets)
    .values({
      reference,
      storeId: store.id,
      memberId: member.id,
      itemId,
      serviceType: input.serviceType,
      status: "received",
      weightInCg: input.weightIn,
      stoneCountIn: input.stoneCountIn,
      conditionNotes: input.conditionNotes,
      declaredValueFen: input.declaredValueFen,
      linkedTransactionId: linked?.id ?? null,
      priceBasis: price.basis,
      listPriceFen: price.listPriceFen,
      chargeFen: price.chargeFen,
      estimatedFeeFen: input.estimatedFeeFen,
      promisedOn: input.promisedOn,
      claimCode: newClaimCode(),
      trackingTokenHash: tracking.hash,
      createdBy: actor.staffId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: serviceTickets.id });
  const ticketId = row!.id;
  await recordTicketEvent(db, { ticketId, kind: "created", staffId: actor.staffId, at: now, toStatus: "received" });
  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.ticket.create",
    entityType: "service_ticket",
    entityId: ticketId,
    storeId: store.id,
    details: {
      reference,
      memberId: member.id,
      itemId,
      itemRegistered: registered,
      serviceType: input.serviceType,
      weightInCg: input.weightIn,
      linkedTransactionId: linked?.id ?? null,
      priceBasis: price.basis,
      listPriceFen: price.listPriceFen,
      chargeFen: price.chargeFen,
      estimatedFeeFen: input.estimatedFeeFen,
      promisedOn: input.promisedOn,
    },
  });
  return {
    ticketId,
    reference,
    itemId,
    memberId: member.id,
    storeId: store.id,
    priceBasis: price.basis,
    listPriceFen: price.listPriceFen,
    chargeFen: price.chargeFen,
  };
}

// ── The price list ────────────────────────────────────────────────────────────────────────────

/** A new version of the price list, now or later (never in the past); saveSetting audits it as "settings.save". */
export async function savePriceList(
  db: Db,
  actor: Actor,
  input: PriceListFormValues,
  now: Date = new Date(),
): Promise<{ id: string; effectiveFrom: Date }> {
  const effectiveFrom = resolveEffectiveFrom(input.effectiveFrom, now);
  try {
    const { id } = await saveSetting(db, actor, AFTER_SALES_PRICE_LIST, input.prices, effectiveFrom);
    return { id, effectiveFrom };
  } catch (error) {
    // The settings table allows one version per key and moment.
    if (sqlState(error) === "23505") {
      throw new AppError("conflict", {
        messageKey: "versionAtSameTime",
        fieldErrors: { effectiveFrom: ["versionAtSameTime"] },
      });
    }
    throw error;
  }
}

// ── The intake documents ──────────────────────────────────────────────────────────────────────

export type DocumentRender = { labels: IntakeDocumentLabels; locale: Locale };

/**
 * The intake receipt of a ticket of the staff member's stores (aftersales.intake): it shows the claim
 * code, so each one is audited (`after_sales.ticket.receipt`, without the code), and none is printed
 * while the claim is locked after wrong codes (a manager reviews first; a reprint would hand the code
 * to whoever is at the counter).
 *
 * Only the tracking token's SHA-256 is kept, so the link cannot be printed again: each receipt
 * carries a new token, and the previous link (an earlier receipt's, or the "ready" message's) stops
 * working. A lost receipt replaced is then a lost link retired.
 */
export async function createIntakeReceipt(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  ticketId: string,
  render: DocumentRender,
  now: Date = new Date(),
): Promise<{ pdf: Buffer; filename: string; trackingUrl: string }> {
  authorize(staff, "aftersales.intake");
  const { document, trackingUrl } = await db.transaction(async (tx) => {
    const document = await loadIntakeDocument(tx, staff, ticketId, { forUpdate: true });
    if (document.claimLockedAt) throw new AppError("conflict", { messageKey: "intakeReceiptClaimLocked" });
    const tracking = issueTrackingToken();
    await tx
      .update(serviceTickets)
      .set({ trackingTokenHash: tracking.hash })
      .where(eq(serviceTickets.id, document.ticketId));
    await recordAudit(tx, {
      ...byActor(actor),
      action: "after_sales.ticket.receipt",
      entityType: "service_ticket",
      entityId: document.ticketId,
      storeId: document.store.id,
      details: {
        reference: document.reference,
        status: document.status,
        locale: render.locale,
        trackingReissued: true,
      },
    });
    return { document, trackingUrl: trackingUrlFor(tracking.token) };
  });
  // Rendered after the commit: the row lock is not held while the PDF is drawn.
  const pdf = await renderIntakeReceiptPdf(document, trackingUrl, render.labels, render.locale, now);
  return { pdf, filename: `service-receipt-${document.reference}.pdf`, trackingUrl };
}

/** The bag tag of a ticket of the staff member's stores (aftersales.intake), audited (`after_sales.ticket.tag`). */
export async function createBagTag(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  ticketId: string,
  render: DocumentRender,
): Promise<{ pdf: Buffer; filename: string }> {
  authorize(staff, "aftersales.intake");
  const document = await loadIntakeDocument(db, staff, ticketId);
  const pdf = await renderBagTagPdf(
    document,
    qrDrawing(ticketStaffUrl(document.ticketId)),
    render.labels,
    render.locale,
  );
  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.ticket.tag",
    entityType: "service_ticket",
    entityId: document.ticketId,
    storeId: document.store.id,
    details: { reference: document.reference, locale: render.locale },
  });
  return { pdf, filename: `bag-tag-${document.reference}.pdf` };
}

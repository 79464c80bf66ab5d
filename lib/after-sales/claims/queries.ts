import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rowsOf, type Db } from "@/db/client";
import {
  jewelryItems,
  members,
  salesTransactionLines,
  salesTransactions,
  serviceTicketEvents,
  serviceTickets,
  staff,
  stores,
} from "@/db/schema";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { pointsBalance } from "@/lib/loyalty/points/queries";
import { maskName } from "@/lib/members/masking";
import { atInspection, type DefectOutcome } from "./schemas";

/**
 * What the claim page shows (docs/domain.md#jewelry-after-sales): the ticket and its claim, who
 * flagged and who decided, and the linked purchase with what a refund of what remains would take
 * back — points reversed, points paid with returned, stored value returned — computed by the
 * refund rules (docs/domain.md#refunds) for a full refund of the remainder. Another store's ticket
 * is not found (null).
 */

export type ClaimPurchase = {
  id: string;
  externalId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  occurredAt: Date;
  totalPaidFen: number;
  refundedFen: number;
  remainingFen: number;
  pointsEarned: number;
  lines: { sku: string; name: string; quantity: number; refundedQuantity: number; unitPriceFen: number }[];
  payments: { method: string; paidFen: number; refundedFen: number }[];
  /** What refunding all that remains would do. */
  fullRefund: { pointsReversed: number; pointsReturned: number; storedValueReturnedFen: number };
  memberPointsBalance: number;
  /** Whether the purchase is the ticket's member's (a refund of anyone else's is refused). */
  sameMember: boolean;
};

export type DefectClaimDetail = {
  ticketId: string;
  reference: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  status: ServiceTicketStatus;
  serviceType: string;
  memberId: string;
  memberName: string;
  itemName: string;
  itemCategory: string;
  itemMaterial: string;
  priceBasis: string;
  listPriceFen: number;
  chargeFen: number;
  atInspection: boolean;
  isDefectClaim: boolean;
  evidence: string | null;
  flaggedBy: { id: string | null; name: string | null; at: Date } | null;
  outcome: DefectOutcome | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  refundTransactionId: string | null;
  linkedTransactionId: string | null;
  purchase: ClaimPurchase | null;
};

export async function getDefectClaim(db: Db, me: StaffPrincipal, ticketId: string): Promise<DefectClaimDetail | null> {
  const decider = alias(staff, "decider");
  const [row] = await db
    .select({
      ticket: serviceTickets,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
      memberName: members.name,
      memberErasedAt: members.erasedAt,
      itemName: jewelryItems.name,
      itemCategory: jewelryItems.category,
      itemMaterial: jewelryItems.material,
      deciderName: decider.displayName,
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .innerJoin(members, eq(members.id, serviceTickets.memberId))
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .leftJoin(decider, eq(decider.id, serviceTickets.defectDecidedBy))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(me))));
  if (!row) return null;
  const { ticket } = row;

  const [flag] = await db
    .select({ staffId: serviceTicketEvents.staffId, name: staff.displayName, at: serviceTicketEvents.at })
    .from(serviceTicketEvents)
    .leftJoin(staff, eq(staff.id, serviceTicketEvents.staffId))
    .where(and(eq(serviceTicketEvents.ticketId, ticket.id), eq(serviceTicketEvents.kind, "defect_flagged")))
    .orderBy(desc(serviceTicketEvents.at), desc(serviceTicketEvents.id))
    .limit(1);

  return {
    ticketId: ticket.id,
    reference: ticket.reference,
    storeId: ticket.storeId,
    storeName: row.storeName,
    storeNameEn: row.storeNameEn,
    timeZone: row.timeZone,
    status: ticket.status,
    serviceType: ticket.serviceType,
    memberId: ticket.memberId,
    memberName: row.memberErasedAt ? "—" : maskName(row.memberName),
    itemName: row.itemName,
    itemCategory: row.itemCategory,
    itemMaterial: row.itemMaterial,
    priceBasis: ticket.priceBasis,
    listPriceFen: ticket.listPriceFen,
    chargeFen: ticket.chargeFen,
    atInspection: atInspection(ticket),
    isDefectClaim: ticket.isDefectClaim,
    evidence: ticket.defectEvidence,
    flaggedBy: flag ? { id: flag.staffId, name: flag.name, at: flag.at } : null,
    outcome: ticket.defectOutcome,
    decidedBy: ticket.defectDecidedBy ? { id: ticket.defectDecidedBy, name: row.deciderName ?? "—" } : null,
    decidedAt: ticket.defectDecidedAt,
    refundTransactionId: ticket.refundTransactionId,
    linkedTransactionId: ticket.linkedTransactionId,
    purchase: ticket.linkedTransactionId ? await claimPurchase(db, ticket.linkedTransactionId, ticket.memberId) : null,
  };
}

/** The linked purchase as the claim page shows it, with a full refund of its remainder worked out. */
async function claimPurchase(db: Db, transactionId: string, ticketMemberId: string): Promise<ClaimPurchase | null> {
  const [purchase] = await db
    .select({
      sale: salesTransactions,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
    })
    .from(salesTransactions)
    .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
    .where(and(eq(salesTransactions.id, transactionId), eq(salesTransactions.kind, "purchase")));
  if (!purchase) return null;
  const { sale } = purchase;

  const refunds = await db
    .select({
      id: salesTransactions.id,
      totalPaidFen: salesTransactions.totalPaidFen,
      points: salesTransactions.pointsEarned,
    })
    .from(salesTransactions)
    .where(and(eq(salesTransactions.originalId, sale.id), eq(salesTransactions.kind, "refund")));
  const refundedFen = -refunds.reduce((sum, r) => sum + r.totalPaidFen, 0);
  const reversedPoints = -refunds.reduce((sum, r) => sum + r.points, 0);

  // Per method (and card): what was paid and what refunds gave back, as the refund path shares them.
  const payments = rowsOf<{ method: string; paid: string | number; refunded: string | number }>(
    await db.execute(sql`
      select p.method::text as method, sum(p.amount_fen)::bigint as paid,
             coalesce((select -sum(r.amount_fen) from sales_payments r
                         join sales_transactions t on t.id = r.transaction_id
                        where t.original_id = ${sale.id} and r.method = p.method
                          and r.stored_value_card_id is not distinct from p.stored_value_card_id), 0)::bigint as refunded
        from sales_payments p
       where p.transaction_id = ${sale.id}
       group by p.method, p.stored_value_card_id
       order by p.method`),
  ).map((p) => ({ method: p.method, paidFen: Number(p.paid), refundedFen: Number(p.refunded) }));
  const left = (method: string) =>
    payments.filter((p) => p.method === method).reduce((sum, p) => sum + p.paidFen - p.refundedFen, 0);

  const lineRows = await db
    .select({
      sku: salesTransactionLines.sku,
      name: salesTransactionLines.name,
      quantity: salesTransactionLines.quantity,
      unitPriceFen: salesTransactionLines.unitPriceFen,
    })
    .from(salesTransactionLines)
    .where(eq(salesTransactionLines.transactionId, sale.id))
    .orderBy(asc(salesTransactionLines.lineNo));
  const refundedLines =
    refunds.length === 0
      ? []
      : await db
          .select({ sku: salesTransactionLines.sku, quantity: salesTransactionLines.quantity })
          .from(salesTransactionLines)
          .where(
            inArray(
              salesTransactionLines.transactionId,
              refunds.map((r) => r.id),
            ),
          );

  return {
    id: sale.id,
    externalId: sale.externalId,
    storeName: purchase.storeName,
    storeNameEn: purchase.storeNameEn,
    timeZone: purchase.timeZone,
    occurredAt: sale.occurredAt,
    totalPaidFen: sale.totalPaidFen,
    refundedFen,
    remainingFen: sale.totalPaidFen - refundedFen,
    pointsEarned: sale.pointsEarned + sale.bonusPoints,
    lines: lineRows.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPriceFen: Number(line.unitPriceFen),
      refundedQuantity: -refundedLines.filter((r) => r.sku === line.sku).reduce((sum, r) => sum + r.quantity, 0),
    })),
    payments,
    fullRefund: {
      // The refund completing a full refund reverses whatever remains of the points earned.
      pointsReversed: Math.max(0, sale.pointsEarned + sale.bonusPoints - reversedPoints),
      pointsReturned: left("points"),
      storedValueReturnedFen: left("stored_value"),
    },
    memberPointsBalance: sale.memberId && sale.memberId === ticketMemberId ? await pointsBalance(db, sale.memberId) : 0,
    sameMember: sale.memberId === ticketMemberId,
  };
}

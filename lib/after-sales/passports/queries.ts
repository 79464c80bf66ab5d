import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { jewelryItems, members, salesTransactionLines, salesTransactions, serviceTickets, stores } from "@/db/schema";
import { itemPhotos } from "@/lib/after-sales/photos/queries";
import type { PhotoView } from "@/lib/after-sales/photos/schemas";
import { OPEN_STATUSES, type ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { contactView } from "@/lib/members/masking";
import { memberInScopeOrThrow, membersInScope } from "@/lib/members/scope";
import type { JewelryCategory } from "./schemas";

/**
 * Reads of item passports (docs/domain.md#jewelry-after-sales). A staff member sees a piece
 * when they can see its member (home store in their stores, lib/members/scope.ts), wherever the piece
 * was registered or serviced: the passport is the piece's whole history. Another store's member's
 * piece is not found. Lists are bounded.
 */

export type ItemRow = typeof jewelryItems.$inferSelect;

/** A piece whose member the staff member can see (locked when asked), else not found. */
export async function itemInScope(
  db: Db,
  staff: StaffPrincipal,
  itemId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ItemRow & { memberErased: boolean }> {
  const query = db
    .select({ item: jewelryItems, erasedAt: members.erasedAt })
    .from(jewelryItems)
    .innerJoin(members, eq(members.id, jewelryItems.memberId))
    .where(and(eq(jewelryItems.id, itemId), membersInScope(staff)));
  const [row] = options.forUpdate ? await query.for("update", { of: jewelryItems }) : await query;
  if (!row) throw new AppError("not_found");
  return { ...row.item, memberErased: row.erasedAt !== null };
}

// ── The member's pieces (360° view, intake form) ──────────────────────────────────────────────

export const MEMBER_ITEMS_LIMIT = 100;

export type MemberItem = {
  id: string;
  name: string;
  category: JewelryCategory;
  material: string;
  weightCg: number | null;
  stoneCount: number;
  certificateNo: string | null;
  purchaseTransactionId: string | null;
  purchasedAt: Date | null;
  createdAt: Date;
  /** The time zone of the store that registered the piece, to show its dates in. */
  timeZone: string;
  /** Tickets not yet picked up, closed or cancelled: the piece is at the store. */
  openTickets: number;
  lastServiceAt: Date | null;
  /** The first passport photo (else any), for a thumbnail. */
  coverPhotoId: string | null;
};

/** The member's pieces, newest first (at most MEMBER_ITEMS_LIMIT); none when the member is not in scope. */
export async function memberItems(db: Db, staff: StaffPrincipal, memberId: string): Promise<MemberItem[]> {
  if (!z.uuid().safeParse(memberId).success) return [];
  const open = sql.join(
    OPEN_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  const rows = await db
    .select({
      id: jewelryItems.id,
      name: jewelryItems.name,
      category: jewelryItems.category,
      material: jewelryItems.material,
      weightCg: jewelryItems.weightCg,
      stoneCount: jewelryItems.stoneCount,
      certificateNo: jewelryItems.certificateNo,
      purchaseTransactionId: jewelryItems.purchaseTransactionId,
      purchasedAt: salesTransactions.occurredAt,
      createdAt: jewelryItems.createdAt,
      timeZone: stores.timeZone,
      openTickets: sql<number>`(select count(*) from service_tickets t
                                  where t.item_id = jewelry_items.id and t.status in (${open}))`.mapWith(Number),
      lastServiceAt:
        sql<Date | null>`(select max(t.created_at) from service_tickets t where t.item_id = jewelry_items.id)`.mapWith(
          serviceTickets.createdAt,
        ),
      coverPhotoId: sql<string | null>`(select p.id from after_sales_photos p where p.item_id = jewelry_items.id
                                         order by (p.stage = 'passport') desc, p.created_at, p.id limit 1)`,
    })
    .from(jewelryItems)
    .innerJoin(members, eq(members.id, jewelryItems.memberId))
    .innerJoin(stores, eq(stores.id, jewelryItems.storeId))
    .leftJoin(salesTransactions, eq(salesTransactions.id, jewelryItems.purchaseTransactionId))
    .where(and(eq(jewelryItems.memberId, memberId), membersInScope(staff)))
    .orderBy(desc(jewelryItems.createdAt), desc(jewelryItems.id))
    .limit(MEMBER_ITEMS_LIMIT);
  return rows;
}

// ── One passport ──────────────────────────────────────────────────────────────────────────────

export type PassportTicket = {
  id: string;
  reference: string;
  serviceType: (typeof serviceTickets.$inferSelect)["serviceType"];
  status: ServiceTicketStatus;
  store: { id: string; name: string; nameEn: string | null };
  timeZone: string;
  /** The ticket's store is one of the staff member's: its page opens (else the row is shown without a link). */
  inScope: boolean;
  createdAt: Date;
  promisedOn: string;
  pickedUpAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  weightInCg: number;
  weightOutCg: number | null;
  priceBasis: (typeof serviceTickets.$inferSelect)["priceBasis"];
  chargeFen: number;
};

export type ItemPassport = {
  item: ItemRow;
  registeredAt: { id: string; name: string; nameEn: string | null };
  member: { id: string; name: string; tier: string; erased: boolean };
  sale: {
    transactionId: string;
    externalId: string;
    occurredAt: Date;
    timeZone: string;
    store: { id: string; name: string; nameEn: string | null };
    totalPaidFen: number;
    line: { name: string; sku: string; quantity: number; amountFen: number } | null;
  } | null;
  tickets: PassportTicket[];
  photos: PhotoView[];
};

/** The passport of a piece: the piece, its member (masked), the sale, every service ticket and the photos; null when not visible. */
export async function itemPassport(db: Db, staff: StaffPrincipal, itemId: string): Promise<ItemPassport | null> {
  if (!z.uuid().safeParse(itemId).success) return null;
  const [row] = await db
    .select({
      item: jewelryItems,
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn },
      member: {
        id: members.id,
        name: members.name,
        phoneE164: members.phoneE164,
        email: members.email,
        address: members.address,
        advisorId: members.advisorId,
        tier: members.tier,
        erasedAt: members.erasedAt,
      },
    })
    .from(jewelryItems)
    .innerJoin(members, eq(members.id, jewelryItems.memberId))
    .innerJoin(stores, eq(stores.id, jewelryItems.storeId))
    .where(and(eq(jewelryItems.id, itemId), membersInScope(staff)));
  if (!row) return null;
  const { item } = row;

  const [sale, tickets, photos] = await Promise.all([
    item.purchaseTransactionId ? purchaseOf(db, item.purchaseTransactionId, item.purchaseLineId) : null,
    db
      .select({
        id: serviceTickets.id,
        reference: serviceTickets.reference,
        serviceType: serviceTickets.serviceType,
        status: serviceTickets.status,
        store: { id: stores.id, name: stores.name, nameEn: stores.nameEn },
        timeZone: stores.timeZone,
        inScope: sql<boolean>`${storeFilter(serviceTickets.storeId, storeScopeOf(staff))}`.mapWith(Boolean),
        createdAt: serviceTickets.createdAt,
        promisedOn: serviceTickets.promisedOn,
        pickedUpAt: serviceTickets.pickedUpAt,
        closedAt: serviceTickets.closedAt,
        cancelledAt: serviceTickets.cancelledAt,
        weightInCg: serviceTickets.weightInCg,
        weightOutCg: serviceTickets.weightOutCg,
        priceBasis: serviceTickets.priceBasis,
        chargeFen: serviceTickets.chargeFen,
      })
      .from(serviceTickets)
      .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
      .where(eq(serviceTickets.itemId, item.id))
      .orderBy(desc(serviceTickets.createdAt), desc(serviceTickets.id)),
    itemPhotos(db, staff, item.id),
  ]);

  const contact = contactView(staff, row.member);
  return {
    item,
    registeredAt: row.store,
    member: { id: row.member.id, name: contact.name, tier: row.member.tier, erased: row.member.erasedAt !== null },
    sale,
    tickets,
    photos,
  };
}

async function purchaseOf(db: Db, transactionId: string, lineId: string | null): Promise<ItemPassport["sale"]> {
  const [row] = await db
    .select({
      transactionId: salesTransactions.id,
      externalId: salesTransactions.externalId,
      occurredAt: salesTransactions.occurredAt,
      timeZone: stores.timeZone,
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn },
      totalPaidFen: salesTransactions.totalPaidFen,
    })
    .from(salesTransactions)
    .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
    .where(eq(salesTransactions.id, transactionId));
  if (!row) return null;
  const [line] = lineId
    ? await db
        .select({
          name: salesTransactionLines.name,
          sku: salesTransactionLines.sku,
          quantity: salesTransactionLines.quantity,
          amountFen: salesTransactionLines.amountFen,
        })
        .from(salesTransactionLines)
        .where(and(eq(salesTransactionLines.id, lineId), eq(salesTransactionLines.transactionId, transactionId)))
    : [];
  return { ...row, line: line ?? null };
}

// ── The member's purchases, to register a piece from or to link at intake ─────────────────────

export const MEMBER_PURCHASES_LIMIT = 30;

export type MemberPurchase = {
  id: string;
  externalId: string;
  occurredAt: string;
  timeZone: string;
  storeName: string;
  storeNameEn: string | null;
  totalPaidFen: number;
  lines: {
    id: string;
    lineNo: number;
    sku: string;
    name: string;
    category: string;
    quantity: number;
    amountFen: number;
    /** Pieces already registered from this line (a line of 2 rings may register two). */
    registered: number;
  }[];
};

/**
 * The member's latest purchases (not refunds) with their lines, JSON-safe for client forms; the
 * member must be in the staff member's stores (else not found).
 */
export async function memberPurchases(db: Db, staff: StaffPrincipal, memberId: string): Promise<MemberPurchase[]> {
  const member = await memberInScopeOrThrow(db, staff, memberId);
  const purchases = await db
    .select({
      id: salesTransactions.id,
      externalId: salesTransactions.externalId,
      occurredAt: salesTransactions.occurredAt,
      timeZone: stores.timeZone,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      totalPaidFen: salesTransactions.totalPaidFen,
    })
    .from(salesTransactions)
    .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
    .where(and(eq(salesTransactions.memberId, member.id), eq(salesTransactions.kind, "purchase")))
    .orderBy(desc(salesTransactions.occurredAt), desc(salesTransactions.id))
    .limit(MEMBER_PURCHASES_LIMIT);
  if (purchases.length === 0) return [];
  const lines = await db
    .select({
      id: salesTransactionLines.id,
      transactionId: salesTransactionLines.transactionId,
      lineNo: salesTransactionLines.lineNo,
      sku: salesTransactionLines.sku,
      name: salesTransactionLines.name,
      category: salesTransactionLines.category,
      quantity: salesTransactionLines.quantity,
      amountFen: salesTransactionLines.amountFen,
      // The outer column written out: drizzle leaves a one-table query's columns unqualified, and an
      // unqualified "id" inside the subquery would be the subquery's own.
      registered:
        sql<number>`(select count(*) from jewelry_items i where i.purchase_line_id = sales_transaction_lines.id)`.mapWith(
          Number,
        ),
    })
    .from(salesTransactionLines)
    .where(
      inArray(
        salesTransactionLines.transactionId,
        purchases.map((purchase) => purchase.id),
      ),
    )
    .orderBy(asc(salesTransactionLines.transactionId), asc(salesTransactionLines.lineNo));
  return purchases.map((purchase) => ({
    ...purchase,
    occurredAt: purchase.occurredAt.toISOString(),
    totalPaidFen: Number(purchase.totalPaidFen),
    lines: lines
      .filter((line) => line.transactionId === purchase.id)
      .map((line) => ({
        id: line.id,
        lineNo: line.lineNo,
        sku: line.sku,
        name: line.name,
        category: line.category,
        quantity: line.quantity,
        amountFen: Number(line.amountFen),
        registered: line.registered,
      })),
  }));
}

import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { jewelryItems, members, serviceTickets, stores } from "@/db/schema";
import {
  memberItems,
  memberPurchases,
  type MemberItem,
  type MemberPurchase,
} from "@/lib/after-sales/passports/queries";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { contactView, maskName, maskPhone } from "@/lib/members/masking";
import { membersInScope } from "@/lib/members/scope";
import type { JewelryCategory } from "@/lib/after-sales/passports/schemas";
import type { PriceBasis, ServiceType } from "./schemas";

/**
 * Reads for the intake form and the intake documents (docs/domain.md#jewelry-after-sales):
 * the stores a ticket may be taken in, a chosen member's pieces and purchases, and one ticket as the
 * receipt and the bag tag print it. Store scope is in every WHERE.
 */

/** The active stores of the staff member's, where a ticket may be taken in. */
export async function intakeStores(db: Db, staff: StaffPrincipal) {
  return db
    .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
    .from(stores)
    .where(and(eq(stores.active, true), storeFilter(stores.id, storeScopeOf(staff))))
    .orderBy(asc(stores.code));
}

export type IntakeMemberContext = {
  member: { id: string; name: string; tier: string };
  items: MemberItem[];
  purchases: MemberPurchase[];
};

/** A member of the staff member's stores (not erased) with their pieces and latest purchases; else not found. */
export async function intakeMemberContext(
  db: Db,
  staff: StaffPrincipal,
  memberId: string,
): Promise<IntakeMemberContext> {
  const [member] = await db
    .select({
      id: members.id,
      name: members.name,
      phoneE164: members.phoneE164,
      email: members.email,
      address: members.address,
      advisorId: members.advisorId,
      tier: members.tier,
    })
    .from(members)
    .where(and(eq(members.id, memberId), membersInScope(staff), isNull(members.erasedAt)));
  if (!member) throw new AppError("not_found");
  const [items, purchases] = await Promise.all([
    memberItems(db, staff, member.id),
    memberPurchases(db, staff, member.id),
  ]);
  return { member: { id: member.id, name: contactView(staff, member).name, tier: member.tier }, items, purchases };
}

// ── One ticket as the intake documents print it ──────────────────────────────────────────────

export type IntakeDocument = {
  ticketId: string;
  itemId: string;
  reference: string;
  status: (typeof serviceTickets.$inferSelect)["status"];
  createdAt: Date;
  timeZone: string;
  store: { id: string; code: string; name: string; nameEn: string | null };
  /** Always masked: the receipt leaves the store with the customer. */
  member: { name: string; phone: string };
  item: {
    name: string;
    category: JewelryCategory;
    material: string;
    stones: string | null;
    certificateNo: string | null;
    size: string | null;
  };
  serviceType: ServiceType;
  weightInCg: number;
  stoneCountIn: number;
  conditionNotes: string | null;
  declaredValueFen: number;
  priceBasis: PriceBasis;
  listPriceFen: number;
  chargeFen: number;
  estimatedFeeFen: number;
  promisedOn: string;
  claimCode: string;
  claimLockedAt: Date | null;
};

/** One ticket of the staff member's stores as the receipt and the tag print it, locked when asked; else not found. */
export async function loadIntakeDocument(
  db: Db,
  staff: StaffPrincipal,
  ticketId: string,
  options: { forUpdate?: boolean } = {},
): Promise<IntakeDocument> {
  if (!z.uuid().safeParse(ticketId).success) throw new AppError("not_found");
  const query = db
    .select({
      ticket: serviceTickets,
      store: { id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      memberName: members.name,
      memberPhone: members.phoneE164,
      item: {
        name: jewelryItems.name,
        category: jewelryItems.category,
        material: jewelryItems.material,
        stones: jewelryItems.stones,
        certificateNo: jewelryItems.certificateNo,
        size: jewelryItems.size,
      },
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .innerJoin(members, eq(members.id, serviceTickets.memberId))
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(staff))));
  const [row] = options.forUpdate ? await query.for("update", { of: serviceTickets }) : await query;
  if (!row) throw new AppError("not_found");
  const { ticket, store } = row;
  return {
    ticketId: ticket.id,
    itemId: ticket.itemId,
    reference: ticket.reference,
    status: ticket.status,
    createdAt: ticket.createdAt,
    timeZone: store.timeZone,
    store: { id: store.id, code: store.code, name: store.name, nameEn: store.nameEn },
    member: { name: maskName(row.memberName), phone: maskPhone(row.memberPhone) },
    item: row.item,
    serviceType: ticket.serviceType,
    weightInCg: ticket.weightInCg,
    stoneCountIn: ticket.stoneCountIn,
    conditionNotes: ticket.conditionNotes,
    declaredValueFen: ticket.declaredValueFen,
    priceBasis: ticket.priceBasis,
    listPriceFen: ticket.listPriceFen,
    chargeFen: ticket.chargeFen,
    estimatedFeeFen: ticket.estimatedFeeFen,
    promisedOn: ticket.promisedOn,
    claimCode: ticket.claimCode,
    claimLockedAt: ticket.claimLockedAt,
  };
}

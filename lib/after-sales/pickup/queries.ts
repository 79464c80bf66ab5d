import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { jewelryItems, members, serviceTickets, staff, stores } from "@/db/schema";
import type { JewelryCategory, ServiceType } from "@/lib/after-sales/tickets/schemas";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName } from "@/lib/members/masking";

/**
 * What the pickup receipt prints (docs/domain.md#jewelry-after-sales):
 * the reference, the piece, the weights in and out to 0.01 g and their difference, the note, the
 * stones, when and by whom. In the staff member's stores only (else not found); a ticket not yet
 * picked up has no pickup receipt (conflict).
 */

export type PickupReceipt = {
  ticketId: string;
  reference: string;
  store: { id: string; name: string; nameEn: string | null; timeZone: string };
  item: { name: string; category: JewelryCategory; material: string };
  serviceType: ServiceType;
  memberMaskedName: string;
  weightInCg: number;
  weightOutCg: number;
  differenceCg: number;
  stoneCountIn: number;
  stoneCountOut: number;
  weightNote: string | null;
  weightAcknowledged: boolean;
  pickedUpAt: Date;
  pickedUpByName: string | null;
};

export async function loadPickupReceipt(db: Db, viewer: StaffPrincipal, ticketId: string): Promise<PickupReceipt> {
  if (!z.uuid().safeParse(ticketId).success) throw new AppError("not_found");
  const [row] = await db
    .select({
      ticketId: serviceTickets.id,
      reference: serviceTickets.reference,
      store: { id: stores.id, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      item: { name: jewelryItems.name, category: jewelryItems.category, material: jewelryItems.material },
      serviceType: serviceTickets.serviceType,
      memberName: members.name,
      memberErasedAt: members.erasedAt,
      weightInCg: serviceTickets.weightInCg,
      weightOutCg: serviceTickets.weightOutCg,
      stoneCountIn: serviceTickets.stoneCountIn,
      stoneCountOut: serviceTickets.stoneCountOut,
      weightNote: serviceTickets.weightNote,
      weightAcknowledged: serviceTickets.weightAcknowledged,
      pickedUpAt: serviceTickets.pickedUpAt,
      pickedUpByName: staff.displayName,
    })
    .from(serviceTickets)
    .innerJoin(stores, eq(stores.id, serviceTickets.storeId))
    .innerJoin(jewelryItems, eq(jewelryItems.id, serviceTickets.itemId))
    .innerJoin(members, eq(members.id, serviceTickets.memberId))
    .leftJoin(staff, eq(staff.id, serviceTickets.pickedUpBy))
    .where(and(eq(serviceTickets.id, ticketId), storeFilter(serviceTickets.storeId, storeScopeOf(viewer))));
  if (!row) throw new AppError("not_found");
  if (!row.pickedUpAt || row.weightOutCg === null) {
    throw new AppError("conflict", {
      messageKey: "ticketNotPickedUp",
      detail: "The piece has not been picked up: there is no pickup receipt yet.",
    });
  }
  const { memberName, memberErasedAt, ...rest } = row;
  return {
    ...rest,
    memberMaskedName: memberErasedAt ? "" : maskName(memberName),
    weightOutCg: row.weightOutCg,
    differenceCg: row.weightOutCg - row.weightInCg,
    stoneCountOut: row.stoneCountOut ?? row.stoneCountIn,
    pickedUpAt: row.pickedUpAt,
  };
}

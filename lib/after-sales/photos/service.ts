import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { afterSalesPhotos, serviceTickets } from "@/db/schema";
import { itemInScope } from "@/lib/after-sales/passports/queries";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, storeFilter, storeScopeOf, type Permission, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { CheckedImage } from "@/lib/uploads/images";
import { MAX_PHOTOS_PER_SET, type PhotoStage, type PhotoView } from "./schemas";

/**
 * Attaching a checked photo (lib/uploads/images.ts: decode and thumbnail happen before, outside the
 * transaction) to a piece's passport or to a ticket at one of its stages. Each stage is the work of
 * one permission, and a ticket's stage is open only while the ticket is at that step: intake photos
 * are taken at intake, not added once the piece has gone to the workshop. At most
 * MAX_PHOTOS_PER_SET per passport or per ticket and stage, counted under a lock on the piece or the
 * ticket so that parallel uploads cannot pass it. Audited with the photo's size and SHA-256.
 */

export const PHOTO_STAGE_PERMISSION: Record<PhotoStage, Permission> = {
  passport: "aftersales.intake",
  intake: "aftersales.intake",
  pickup: "aftersales.pickup",
  defect: "aftersales.work",
};

/** The ticket statuses in which a stage's photos may be added. */
const STAGE_STATUSES: Record<Exclude<PhotoStage, "passport">, readonly ServiceTicketStatus[]> = {
  intake: ["received"],
  pickup: ["ready_for_pickup", "picked_up"],
  defect: ["received", "at_workshop", "in_repair", "quality_check"],
};

export type AttachPhotoInput = {
  itemId: string;
  /** Null for a passport photo; the ticket for every other stage. */
  ticketId: string | null;
  stage: PhotoStage;
};

export async function attachPhoto(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: AttachPhotoInput,
  image: CheckedImage,
): Promise<PhotoView> {
  authorize(staff, PHOTO_STAGE_PERMISSION[input.stage]);
  let storeId: string;
  if (input.stage === "passport") {
    if (input.ticketId) throw new AppError("validation", { fieldErrors: { ticketId: ["photoStageInvalid"] } });
    const item = await itemInScope(db, staff, input.itemId, { forUpdate: true });
    if (item.memberErased) throw new AppError("conflict", { messageKey: "memberErased" });
    storeId = item.storeId;
  } else {
    if (!input.ticketId) throw new AppError("validation", { fieldErrors: { ticketId: ["photoTicketRequired"] } });
    // The ticket of this piece, in the staff member's stores (its workshop may be another store than the piece's).
    const [ticket] = await db
      .select({ id: serviceTickets.id, storeId: serviceTickets.storeId, status: serviceTickets.status })
      .from(serviceTickets)
      .where(
        and(
          eq(serviceTickets.id, input.ticketId),
          eq(serviceTickets.itemId, input.itemId),
          storeFilter(serviceTickets.storeId, storeScopeOf(staff)),
        ),
      )
      .for("update");
    if (!ticket) throw new AppError("not_found");
    if (!STAGE_STATUSES[input.stage].includes(ticket.status)) {
      throw new AppError("conflict", { messageKey: "photoStageClosed" });
    }
    storeId = ticket.storeId;
  }

  const [taken] = await db
    .select({ value: count() })
    .from(afterSalesPhotos)
    .where(
      and(
        eq(afterSalesPhotos.itemId, input.itemId),
        eq(afterSalesPhotos.stage, input.stage),
        input.ticketId ? eq(afterSalesPhotos.ticketId, input.ticketId) : isNull(afterSalesPhotos.ticketId),
      ),
    );
  if ((taken?.value ?? 0) >= MAX_PHOTOS_PER_SET) {
    throw new AppError("conflict", { messageKey: "photoTooMany", fieldErrors: { file: ["photoTooMany"] } });
  }

  const [row] = await db
    .insert(afterSalesPhotos)
    .values({
      itemId: input.itemId,
      ticketId: input.ticketId,
      stage: input.stage,
      contentType: image.contentType,
      bytes: image.bytes,
      thumbnail: image.thumbnail,
      width: image.width,
      height: image.height,
      sizeBytes: image.sizeBytes,
      sha256: image.sha256,
      createdBy: actor.staffId,
    })
    .returning({
      id: afterSalesPhotos.id,
      itemId: afterSalesPhotos.itemId,
      ticketId: afterSalesPhotos.ticketId,
      stage: afterSalesPhotos.stage,
      width: afterSalesPhotos.width,
      height: afterSalesPhotos.height,
      sizeBytes: afterSalesPhotos.sizeBytes,
      createdAt: afterSalesPhotos.createdAt,
    });
  const photo = row!;
  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.photo.attach",
    entityType: "after_sales_photo",
    entityId: photo.id,
    storeId,
    details: {
      itemId: input.itemId,
      ticketId: input.ticketId,
      stage: input.stage,
      contentType: image.contentType,
      sizeBytes: image.sizeBytes,
      sha256: image.sha256,
    },
  });
  return photo;
}

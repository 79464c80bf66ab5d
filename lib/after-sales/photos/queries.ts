import { and, asc, eq, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { afterSalesPhotos, jewelryItems, members, serviceTickets } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { membersInScope } from "@/lib/members/scope";
import { THUMBNAIL_CONTENT_TYPE } from "@/lib/uploads/images";
import type { PhotoView } from "./schemas";

/**
 * Reads of photos. A photo is visible to a staff member who can see its piece (the piece's member
 * is in their stores, lib/members/scope.ts) or, for a ticket's photo, the ticket (its store is one of
 * theirs: the workshop of another store sees the intake photos of what it repairs). Anything else
 * is not found. Lists carry no bytes; the two download routes read one photo's bytes each.
 */

const PHOTO_COLUMNS = {
  id: afterSalesPhotos.id,
  itemId: afterSalesPhotos.itemId,
  ticketId: afterSalesPhotos.ticketId,
  stage: afterSalesPhotos.stage,
  width: afterSalesPhotos.width,
  height: afterSalesPhotos.height,
  sizeBytes: afterSalesPhotos.sizeBytes,
  createdAt: afterSalesPhotos.createdAt,
};

/** Needs the photo joined to its piece, the piece's member and (left) its ticket. */
function photoVisibleTo(staff: StaffPrincipal): SQL {
  return or(membersInScope(staff), storeFilter(serviceTickets.storeId, storeScopeOf(staff)))!;
}

function photosWithScope(db: Db) {
  return db
    .select(PHOTO_COLUMNS)
    .from(afterSalesPhotos)
    .innerJoin(jewelryItems, eq(jewelryItems.id, afterSalesPhotos.itemId))
    .innerJoin(members, eq(members.id, jewelryItems.memberId))
    .leftJoin(serviceTickets, eq(serviceTickets.id, afterSalesPhotos.ticketId));
}

/** A piece's photos (every stage), oldest first, that the staff member may see. */
export async function itemPhotos(db: Db, staff: StaffPrincipal, itemId: string): Promise<PhotoView[]> {
  return photosWithScope(db)
    .where(and(eq(afterSalesPhotos.itemId, itemId), photoVisibleTo(staff)))
    .orderBy(asc(afterSalesPhotos.createdAt), asc(afterSalesPhotos.id));
}

/** A ticket's photos (intake, pickup, defect), oldest first, that the staff member may see. */
export async function ticketPhotos(db: Db, staff: StaffPrincipal, ticketId: string): Promise<PhotoView[]> {
  return photosWithScope(db)
    .where(and(eq(afterSalesPhotos.ticketId, ticketId), photoVisibleTo(staff)))
    .orderBy(asc(afterSalesPhotos.createdAt), asc(afterSalesPhotos.id));
}

/**
 * One photo's bytes (the image or its thumbnail) with its content type, for the download routes:
 * the photo must be of that piece and visible to the staff member, else not found.
 */
export async function photoContent(
  db: Db,
  staff: StaffPrincipal,
  ref: { itemId: string; photoId: string },
  variant: "image" | "thumbnail",
): Promise<{ contentType: string; bytes: Buffer }> {
  const [row] = await db
    .select({
      contentType: afterSalesPhotos.contentType,
      bytes: variant === "image" ? afterSalesPhotos.bytes : afterSalesPhotos.thumbnail,
    })
    .from(afterSalesPhotos)
    .innerJoin(jewelryItems, eq(jewelryItems.id, afterSalesPhotos.itemId))
    .innerJoin(members, eq(members.id, jewelryItems.memberId))
    .leftJoin(serviceTickets, eq(serviceTickets.id, afterSalesPhotos.ticketId))
    .where(and(eq(afterSalesPhotos.id, ref.photoId), eq(afterSalesPhotos.itemId, ref.itemId), photoVisibleTo(staff)));
  if (!row) throw new AppError("not_found");
  // The row's type is the original's; thumbnails are all made in one format.
  return { contentType: variant === "image" ? row.contentType : THUMBNAIL_CONTENT_TYPE, bytes: row.bytes };
}

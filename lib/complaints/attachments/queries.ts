import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintAttachments, complaints, staff as staffTable } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { AttachmentView } from "./schemas";

/** A complaint's files, oldest first, without their bytes; empty for a complaint outside the staff member's stores. */
export async function listComplaintAttachments(
  db: Db,
  staff: StaffPrincipal,
  complaintId: string,
): Promise<AttachmentView[]> {
  const rows = await db
    .select({
      id: complaintAttachments.id,
      fileName: complaintAttachments.fileName,
      contentType: complaintAttachments.contentType,
      sizeBytes: complaintAttachments.sizeBytes,
      createdAt: complaintAttachments.createdAt,
      createdByName: staffTable.displayName,
    })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .leftJoin(staffTable, eq(staffTable.id, complaintAttachments.createdBy))
    .where(and(eq(complaintAttachments.complaintId, complaintId), storeFilter(complaints.storeId, storeScopeOf(staff))))
    .orderBy(asc(complaintAttachments.createdAt), asc(complaintAttachments.id));
  return rows.map((row) => ({ ...row, isImage: row.contentType.startsWith("image/") }));
}

/**
 * One file's bytes (or its thumbnail) for a staff member who may see the complaint; not found
 * otherwise, for an id under another complaint, and for the thumbnail of a PDF.
 */
export async function complaintAttachmentContent(
  db: Db,
  staff: StaffPrincipal,
  ids: { complaintId: string; attachmentId: string },
  variant: "file" | "thumbnail",
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const [row] = await db
    .select({
      fileName: complaintAttachments.fileName,
      contentType: complaintAttachments.contentType,
      bytes: variant === "file" ? complaintAttachments.bytes : complaintAttachments.thumbnail,
    })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .where(
      and(
        eq(complaintAttachments.id, ids.attachmentId),
        eq(complaintAttachments.complaintId, ids.complaintId),
        storeFilter(complaints.storeId, storeScopeOf(staff)),
      ),
    );
  if (!row?.bytes) throw new AppError("not_found");
  return {
    fileName: row.fileName,
    contentType: variant === "file" ? row.contentType : "image/webp",
    bytes: row.bytes,
  };
}

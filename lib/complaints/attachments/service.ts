import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintAttachments } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { cleanFileName, isCheckedImage, type CheckedAttachment } from "@/lib/uploads/documents";
import { loadComplaintInScope } from "../cases/service";
import { MAX_ATTACHMENTS_PER_COMPLAINT } from "./schemas";

/**
 * Adds a checked file to a complaint of the staff member's stores, in the caller's transaction.
 * The complaint row is locked, so two uploads at once cannot pass the per-complaint limit together.
 * Audited with the file's type, size and SHA-256, never its name or content (either may be personal).
 */
export async function addComplaintAttachment(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; fileName: string },
  file: CheckedAttachment,
): Promise<{ id: string; fileName: string; contentType: string; sizeBytes: number }> {
  const { complaint } = await loadComplaintInScope(db, staff, input.complaintId, { forUpdate: true });
  const [existing] = await db
    .select({ value: count() })
    .from(complaintAttachments)
    .where(eq(complaintAttachments.complaintId, complaint.id));
  if ((existing?.value ?? 0) >= MAX_ATTACHMENTS_PER_COMPLAINT) {
    throw new AppError("conflict", {
      messageKey: "complaintAttachmentLimit",
      fieldErrors: { file: ["attachmentLimit"] },
    });
  }
  const fileName = cleanFileName(input.fileName);
  const [row] = await db
    .insert(complaintAttachments)
    .values({
      complaintId: complaint.id,
      fileName,
      contentType: file.contentType,
      bytes: file.bytes,
      thumbnail: isCheckedImage(file) ? file.thumbnail : null,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      createdBy: actor.staffId,
    })
    .returning({ id: complaintAttachments.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: "complaint.attachment.add",
    entityType: "complaint",
    entityId: complaint.id,
    storeId: complaint.storeId,
    details: { attachmentId: row!.id, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 },
  });
  return { id: row!.id, fileName, contentType: file.contentType, sizeBytes: file.sizeBytes };
}

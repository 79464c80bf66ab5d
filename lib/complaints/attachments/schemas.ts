import { z } from "zod";

/**
 * Files with a complaint (docs/domain.md#intake-work-and-escalation): photos of the damage, a
 * receipt, a letter, as images (JPEG, PNG, WebP) or PDFs checked by content (lib/uploads). Shared
 * by the upload route, the forms and the pages; no server imports.
 */

/** Enough for every side of a piece, the receipt and a letter; more belongs in a visit, not a complaint. */
export const MAX_ATTACHMENTS_PER_COMPLAINT = 10;
/** What the file input offers; the server decides by content, whatever the browser says. */
export const ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf";

export const complaintParamsSchema = z.object({ id: z.uuid() });
export const attachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** `POST /complaints/{id}/attachments?name=…` with the file's bytes as the body. */
export const uploadAttachmentQuerySchema = z.object({
  name: z.string().max(1000).default("file"),
});

export type AttachmentView = {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  isImage: boolean;
  createdAt: Date;
  createdByName: string | null;
};

import { bytesBody, download, type BytesBody, type StaffRouteDefinition } from "@/lib/api/staff-route";
import { AppError } from "@/lib/errors";
import { ATTACHMENT_MAX_BYTES, checkAttachmentUpload } from "@/lib/uploads/documents";
import { imageResponseHeaders } from "@/lib/uploads/images";
import { complaintAttachmentContent } from "./queries";
import { attachmentParamsSchema, complaintParamsSchema, uploadAttachmentQuerySchema } from "./schemas";
import { addComplaintAttachment } from "./service";

/**
 * The attachment routes behind the staff session (app/(portal)/complaints/[id]/attachments/…).
 * Upload: one file per request, its bytes as the body — a route, not a server action, because a
 * server action takes at most 1 MB and a phone photo or a scanned letter is more (the same choice
 * as the after-sales photos). Downloads: an image inline with its checked type, a PDF always as an
 * attachment, both nosniff and sandboxed; another store's file is 404.
 */

type ComplaintParams = typeof complaintParamsSchema;
type UploadQuery = typeof uploadAttachmentQuerySchema;
type AttachmentParams = typeof attachmentParamsSchema;

export const uploadComplaintAttachmentRoute: StaffRouteDefinition<ComplaintParams, UploadQuery, BytesBody> = {
  permission: "complaints.handle",
  params: complaintParamsSchema,
  query: uploadAttachmentQuerySchema,
  body: bytesBody(ATTACHMENT_MAX_BYTES),
  // addComplaintAttachment locks the complaint in the staff member's stores.
  scope: "in-run",
  async handler({ request, db, staff, actor, params, query, body }) {
    // A custom header cannot be sent cross-site without a CORS preflight, which this route never grants.
    if (request.headers.get("x-atrium-upload") !== "1") throw new AppError("forbidden");
    const file = await checkAttachmentUpload(body, { field: "file" });
    const attachment = await db.transaction((tx) =>
      addComplaintAttachment(tx, actor, staff, { complaintId: params.id, fileName: query.name }, file),
    );
    return Response.json({ attachment }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
};

function attachmentRoute(variant: "file" | "thumbnail"): StaffRouteDefinition<AttachmentParams, undefined, undefined> {
  return {
    permission: "complaints.read",
    params: attachmentParamsSchema,
    // The query is limited to the complaints the staff member may see.
    scope: "in-run",
    async handler({ db, staff, params }) {
      const { fileName, contentType, bytes } = await complaintAttachmentContent(
        db,
        staff,
        { complaintId: params.id, attachmentId: params.attachmentId },
        variant,
      );
      if (contentType.startsWith("image/")) {
        return new Response(new Uint8Array(bytes), { headers: imageResponseHeaders(contentType, bytes.length) });
      }
      return download(new Uint8Array(bytes), {
        contentType,
        filename: fileName,
        asciiFilename: fileName.replace(/[^\x20-\x7e]/g, "_"),
        headers: {
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "default-src 'none'; sandbox",
          "Cache-Control": "private, no-store",
        },
      });
    },
  };
}

export const complaintAttachmentFileRoute = attachmentRoute("file");
export const complaintAttachmentThumbnailRoute = attachmentRoute("thumbnail");

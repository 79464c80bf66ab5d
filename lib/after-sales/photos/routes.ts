import { bytesBody, type BytesBody, type StaffRouteDefinition } from "@/lib/api/staff-route";
import { AppError } from "@/lib/errors";
import { checkImageUpload, IMAGE_MAX_BYTES, imageResponseHeaders } from "@/lib/uploads/images";
import { photoContent } from "./queries";
import { itemParamsSchema, photoParamsSchema, uploadPhotoQuerySchema } from "./schemas";
import { attachPhoto } from "./service";

/**
 * The photo routes, behind the staff session (app/(portal)/after-sales/items/[id]/photos/… wrap
 * these with staffRoute).
 *
 * Upload: one photo per request, its bytes as the body. A route, not a server action: server
 * actions take at most 1 MB of body (next.config.ts raises no limit, and raising it for every action
 * would let any action take megabytes), while a photo from a phone is 2–6 MB; a staff route reads
 * the body as a stream and stops at IMAGE_MAX_BYTES (413). The proxy in front buffers 10 MB, above
 * one photo. Several photos are several requests, each checked and committed on its own.
 *
 * Downloads: the image and its thumbnail, each with the type its content was checked to have,
 * `Cache-Control: private`, `X-Content-Type-Options: nosniff`. A photo the staff member may not see
 * (another store's) is 404, as is a photo id under another piece.
 */

type ItemParams = typeof itemParamsSchema;
type UploadQuery = typeof uploadPhotoQuerySchema;
type PhotoParams = typeof photoParamsSchema;

export const uploadPhotoRoute: StaffRouteDefinition<ItemParams, UploadQuery, BytesBody> = {
  permission: "aftersales.intake",
  params: itemParamsSchema,
  query: uploadPhotoQuerySchema,
  body: bytesBody(IMAGE_MAX_BYTES),
  // attachPhoto finds the piece or the ticket in the staff member's stores, locked.
  scope: "in-run",
  async handler({ request, db, staff, actor, params, query, body }) {
    // A custom header cannot be sent cross-site without a CORS preflight, which this route never grants.
    if (request.headers.get("x-atrium-upload") !== "1") throw new AppError("forbidden");
    // Decoding is the slow part: done before the transaction, so no lock waits on it.
    const image = await checkImageUpload(body, { field: "file" });
    const photo = await db.transaction((tx) =>
      attachPhoto(tx, actor, staff, { itemId: params.id, ticketId: query.ticketId, stage: query.stage }, image),
    );
    return Response.json({ photo }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
};

function photoRoute(variant: "image" | "thumbnail"): StaffRouteDefinition<PhotoParams, undefined, undefined> {
  return {
    permission: "aftersales.read",
    params: photoParamsSchema,
    // photoContent's query is limited to what the staff member may see.
    scope: "in-run",
    async handler({ db, staff, params }) {
      const { contentType, bytes } = await photoContent(
        db,
        staff,
        { itemId: params.id, photoId: params.photoId },
        variant,
      );
      return new Response(new Uint8Array(bytes), { headers: imageResponseHeaders(contentType, bytes.length) });
    },
  };
}

export const photoImageRoute = photoRoute("image");
export const photoThumbnailRoute = photoRoute("thumbnail");

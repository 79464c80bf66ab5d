import { staffRoute } from "@/lib/api/staff-route";
import { photoThumbnailRoute } from "@/lib/after-sales/photos/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /after-sales/items/{id}/photos/{photoId}/thumbnail: the photo's WebP thumbnail (320 px). */
export const GET = staffRoute(photoThumbnailRoute);

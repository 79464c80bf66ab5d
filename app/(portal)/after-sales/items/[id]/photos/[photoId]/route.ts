import { staffRoute } from "@/lib/api/staff-route";
import { photoImageRoute } from "@/lib/after-sales/photos/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /after-sales/items/{id}/photos/{photoId}: the photo as uploaded (JPEG, PNG or WebP). */
export const GET = staffRoute(photoImageRoute);

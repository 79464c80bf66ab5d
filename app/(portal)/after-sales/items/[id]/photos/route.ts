import { staffRoute } from "@/lib/api/staff-route";
import { uploadPhotoRoute } from "@/lib/after-sales/photos/routes";

// sharp decodes the upload with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /after-sales/items/{id}/photos?stage=passport|intake[&ticketId=…]: one photo, its bytes as the body. */
export const POST = staffRoute(uploadPhotoRoute);

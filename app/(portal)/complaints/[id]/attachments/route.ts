import { staffRoute } from "@/lib/api/staff-route";
import { uploadComplaintAttachmentRoute } from "@/lib/complaints/attachments/routes";

// sharp decodes image uploads with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /complaints/{id}/attachments?name=…: one file (image or PDF), its bytes as the body. */
export const POST = staffRoute(uploadComplaintAttachmentRoute);

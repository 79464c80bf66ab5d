import { staffRoute } from "@/lib/api/staff-route";
import { complaintAttachmentThumbnailRoute } from "@/lib/complaints/attachments/routes";

export const dynamic = "force-dynamic";

export const GET = staffRoute(complaintAttachmentThumbnailRoute);

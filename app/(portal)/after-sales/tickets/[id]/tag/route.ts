import { staffRoute } from "@/lib/api/staff-route";
import { bagTagRoute } from "@/lib/after-sales/intake/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /after-sales/tickets/{id}/tag[?lang=zh-CN|en]: the 60 × 90 mm bag tag with the ticket's QR code, as a PDF. */
export const GET = staffRoute(bagTagRoute);

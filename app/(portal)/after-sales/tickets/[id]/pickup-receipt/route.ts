import { pickupReceiptPdfRoute } from "@/lib/after-sales/pickup/routes";
import { staffRoute } from "@/lib/api/staff-route";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /after-sales/tickets/{id}/pickup-receipt?lang=zh-CN|en: the pickup receipt as a PDF download
 * (aftersales.read, the ticket in the staff member's stores and picked up, a cross-site GET
 * refused; audited). See lib/after-sales/pickup/routes.ts.
 */
export const GET = staffRoute(pickupReceiptPdfRoute);

import { staffRoute } from "@/lib/api/staff-route";
import { intakeReceiptRoute } from "@/lib/after-sales/intake/routes";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /after-sales/tickets/{id}/receipt[?lang=zh-CN|en]: the intake receipt (claim code, tracking link) as a PDF. */
export const GET = staffRoute(intakeReceiptRoute);

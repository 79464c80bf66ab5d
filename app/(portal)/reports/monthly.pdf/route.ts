import { staffRoute } from "@/lib/api/staff-route";
import { monthlyReportPdfRoute } from "@/lib/reports/monthly-report/routes";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /reports/monthly.pdf?store=…&month=YYYY-MM[&lang=]: a store's monthly report as a PDF download
 * (reports.read, the store in the staff member's scope; audited). See lib/reports/monthly-report/routes.ts.
 */
export const GET = staffRoute(monthlyReportPdfRoute);

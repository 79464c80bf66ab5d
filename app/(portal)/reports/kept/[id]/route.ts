import { staffRoute } from "@/lib/api/staff-route";
import { keptMonthlyReportRoute } from "@/lib/reports/monthly-report/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /reports/kept/{id}: a monthly report as the monthly job generated it (reports.read, the
 * report's store in the staff member's scope; audited). See lib/reports/monthly-report/routes.ts.
 */
export const GET = staffRoute(keptMonthlyReportRoute);

import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/auth/request-ip";
import { authorizeRequest } from "@/lib/auth/route-guard";
import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { exportLoyaltyLiabilityCsv, LIABILITY_CSV_COLUMNS } from "@/lib/reports/loyalty-liability";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * GET /loyalty/reports/csv: the loyalty liability report as CSV (UTF-8 with BOM), for the stores in
 * the staff member's scope; `loyalty.reports`, audited as `reports.liability_export`.
 */
export async function GET() {
  const { staff, denied } = await authorizeRequest("loyalty.reports");
  if (denied) return denied;

  const [t, locale] = await Promise.all([getTranslations("loyaltyReports.csv"), getLocale()]);
  const titles = Object.fromEntries([...LIABILITY_CSV_COLUMNS, "total" as const].map((column) => [column, t(column)]));
  const actor = { staffId: staff.id, username: staff.username, ip: clientIp(await headers()) };

  try {
    const { csv, filename } = await exportLoyaltyLiabilityCsv(getDb(), staff, actor, { titles, locale });
    return new Response(csv, {
      headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
    });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.code }, { status: HTTP_STATUS[error.code], headers: NO_STORE });
    throw error;
  }
}

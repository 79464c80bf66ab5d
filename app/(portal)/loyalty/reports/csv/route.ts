import { getTranslations } from "next-intl/server";
import { download, staffRoute } from "@/lib/api/staff-route";
import { exportLoyaltyLiabilityCsv, LIABILITY_CSV_COLUMNS } from "@/lib/reports/loyalty-liability/service";

export const dynamic = "force-dynamic";

/**
 * GET /loyalty/reports/csv: the loyalty liability report as CSV (UTF-8 with BOM), for the stores in
 * the staff member's scope; `loyalty.reports`, audited as `reports.liability_export`.
 */
export const GET = staffRoute({
  permission: "loyalty.reports",
  // The report's queries are limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale }) {
    const t = await getTranslations({ locale, namespace: "loyaltyReports.csv" });
    const titles = Object.fromEntries(
      [...LIABILITY_CSV_COLUMNS, "total" as const].map((column) => [column, t(column)]),
    );
    const { csv, filename } = await exportLoyaltyLiabilityCsv(db, staff, actor, { titles, locale });
    return download(csv, { contentType: "text/csv; charset=utf-8", filename });
  },
});

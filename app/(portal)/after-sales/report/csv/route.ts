import { getTranslations } from "next-intl/server";
import { download, staffRoute } from "@/lib/api/staff-route";
import { afterSalesReportParamsSchema } from "@/lib/after-sales/report/queries";
import { AFTER_SALES_CSV_COLUMNS, exportAfterSalesReportCsv } from "@/lib/after-sales/report/service";
import { SERVICE_TYPES } from "@/lib/after-sales/report/labels";

export const dynamic = "force-dynamic";

/**
 * GET /after-sales/report/csv?from&to&store: the after-sales report as CSV (UTF-8 with BOM), for
 * the stores in the staff member's scope; `aftersales.report`, audited as `after_sales.report_export`.
 */
export const GET = staffRoute({
  permission: "aftersales.report",
  query: afterSalesReportParamsSchema,
  // The report's queries are limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, query }) {
    const t = await getTranslations({ locale, namespace: "afterSalesCalls" });
    const titles = Object.fromEntries(
      [...AFTER_SALES_CSV_COLUMNS, "storeMonth" as const, "serviceTypeGroup" as const, "total" as const].map(
        (column) => [column, t(`report.csvColumns.${column}`)],
      ),
    );
    const serviceTypes = Object.fromEntries(SERVICE_TYPES.map((type) => [type, t(`serviceTypes.${type}`)]));
    const { csv, filename } = await exportAfterSalesReportCsv(db, staff, actor, query, {
      titles,
      serviceTypes,
      locale,
    });
    return download(csv, { contentType: "text/csv; charset=utf-8", filename });
  },
});

import { getTranslations } from "next-intl/server";
import { download, staffRoute } from "@/lib/api/staff-route";
import { dashboardFilterSchema } from "@/lib/reports/dashboard/schemas";
import { DASHBOARD_CSV_COLUMNS, exportDashboardCsv } from "@/lib/reports/dashboard/service";

export const dynamic = "force-dynamic";

/**
 * GET /reports/export.csv?from&to&store: the manager dashboard's figures as CSV (UTF-8 with BOM), for
 * the stores in the staff member's scope; `reports.read`, audited as `report.dashboard_export`.
 */
export const GET = staffRoute({
  permission: "reports.read",
  query: dashboardFilterSchema,
  // The dashboard's queries are limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, query }) {
    const t = await getTranslations({ locale, namespace: "reportsDashboard" });
    const text = (key: string) => t(key as "title");
    const { csv, filename } = await exportDashboardCsv(db, staff, actor, query, {
      columns: Object.fromEntries(DASHBOARD_CSV_COLUMNS.map((c) => [c, text(`csv.columns.${c}`)])) as Record<
        (typeof DASHBOARD_CSV_COLUMNS)[number],
        string
      >,
      section: (key) => text(`sections.${key}`),
      figure: (key) => text(`figures.${key}`),
      tier: (code) => (t.has(`tiers.${code}` as "title") ? text(`tiers.${code}`) : code),
      units: {
        yuan: text("csv.units.yuan"),
        count: text("csv.units.count"),
        share: text("csv.units.share"),
        hours: text("csv.units.hours"),
        score: text("csv.units.score"),
      },
    });
    return download(csv, { contentType: "text/csv; charset=utf-8", filename });
  },
});

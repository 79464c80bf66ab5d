import { download, type StaffRouteDefinition } from "@/lib/api/staff-route";
import type { Locale } from "@/lib/i18n/config";
import { loadMonthlyReportLabels } from "./labels";
import { monthlyReportQuerySchema } from "./schemas";
import { createMonthlyReportPdf } from "./service";

type Query = typeof monthlyReportQuerySchema;

const renderIn = (locale: Locale) => ({ labels: loadMonthlyReportLabels(locale), locale });

/**
 * GET /reports/monthly.pdf?store=…&month=YYYY-MM[&lang=zh-CN|en] (app/(portal)/reports/monthly.pdf):
 * a cross-site GET is refused before anything runs, then session, `reports.read`, the query (422
 * with the field), the store in the staff member's scope (404), and the audited download.
 */
export const monthlyReportPdfRoute: StaffRouteDefinition<undefined, Query, undefined> = {
  permission: "reports.read",
  params: undefined,
  query: monthlyReportQuerySchema,
  scope: ({ query }) => query.store,
  async handler({ db, staff, actor, locale, query }) {
    const { pdf, filename } = await createMonthlyReportPdf(
      db,
      staff,
      actor,
      { storeId: query.store, month: query.month },
      renderIn(query.lang ?? locale),
    );
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};

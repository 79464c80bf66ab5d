import { z } from "zod";
import { download, type StaffRouteDefinition } from "@/lib/api/staff-route";
import type { Locale } from "@/lib/i18n/config";
import { loadMonthlyReportLabels } from "./labels";
import { monthlyReportQuerySchema } from "./schemas";
import { createMonthlyReportPdf, downloadKeptMonthlyReport } from "./service";

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

const keptParams = z.object({ id: z.uuid() });

/**
 * GET /reports/kept/{id} (app/(portal)/reports/kept/[id]/route.ts): a report the monthly job
 * kept, as it was generated; a report of a store outside the staff member's scope is not found.
 */
export const keptMonthlyReportRoute: StaffRouteDefinition<typeof keptParams, undefined, undefined> = {
  permission: "reports.read",
  params: keptParams,
  // The report's store is checked in the query (not found outside the scope).
  scope: "in-run",
  async handler({ db, staff, actor, params }) {
    const { pdf, filename } = await downloadKeptMonthlyReport(db, staff, actor, params.id);
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
};

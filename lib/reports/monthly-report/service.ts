import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monthlyReports, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { dashboardFigures } from "@/lib/reports/dashboard/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { getStoreInScope } from "@/lib/stores/queries";
import { formatIn } from "@/lib/time";
import type { MonthlyReportLabels } from "./labels";
import { renderMonthlyReportPdf } from "./pdf";
import { monthPeriod, previousMonth } from "./schemas";

export type MonthlyReportRender = { labels: MonthlyReportLabels; locale: Locale };

/**
 * A store's report for a month as the viewer may see it: the dashboard's figures (lib/reports/
 * dashboard) for the calendar month and for the month before, each read for that month alone (so
 * "the month before" is the calendar month, not a period of equal length).
 */
export async function renderMonthlyReport(
  db: Db,
  viewer: StaffPrincipal,
  store: { id: string; code: string; name: string; timeZone: string },
  month: string,
  render: MonthlyReportRender,
  now: Date,
): Promise<Buffer> {
  const before = previousMonth(month);
  const [figures, previous] = await Promise.all([
    dashboardFigures(db, viewer, { storeIds: [store.id], ...monthPeriod(month) }, now),
    dashboardFigures(db, viewer, { storeIds: [store.id], ...monthPeriod(before) }, now),
  ]);
  return renderMonthlyReportPdf(
    { store: { code: store.code, name: store.name }, month, previousMonth: before, figures, previous },
    render.labels,
    render.locale,
    formatIn(now, "yyyy-MM-dd HH:mm", store.timeZone),
  );
}

const filenameOf = (storeCode: string, month: string, locale: Locale) =>
  `monthly-report-${storeCode.toLowerCase()}-${month}${locale === "en" ? "-en" : ""}.pdf`;

/**
 * A store's monthly report rendered now, as the download route serves it: `reports.read` for that
 * store (else forbidden; a store outside the staff member's scope is not found, so that its
 * existence does not leak). Each download is audited (`report.monthly_pdf`, month and language).
 */
export async function createMonthlyReportPdf(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  args: { storeId: string; month: string },
  render: MonthlyReportRender,
  now: Date = new Date(),
): Promise<{ filename: string; pdf: Buffer }> {
  authorize(staff, "reports.read");
  const store = await getStoreInScope(db, storeScopeOf(staff), args.storeId);
  if (!store) throw new AppError("not_found");
  authorize(staff, "reports.read", { storeId: store.id });
  const pdf = await renderMonthlyReport(
    db,
    staff,
    { id: store.id, code: store.code, name: storeDisplayName(store, render.locale), timeZone: store.timeZone },
    args.month,
    render,
    now,
  );
  await recordAudit(db, {
    action: "report.monthly_pdf",
    ...byActor(actor),
    entityType: "store",
    entityId: store.id,
    storeId: store.id,
    details: { month: args.month, locale: render.locale },
  });
  return { filename: filenameOf(store.code, args.month, render.locale), pdf };
}

export type KeptMonthlyReport = {
  id: string;
  storeId: string;
  storeCode: string;
  month: string;
  locale: Locale;
  generatedAt: Date;
};

/** The reports the job kept for the stores asked for among the viewer's (all of theirs when none), newest month first. */
export async function listKeptMonthlyReports(
  db: Db,
  viewer: StaffPrincipal,
  args: { storeIds?: readonly string[]; limit?: number } = {},
): Promise<KeptMonthlyReport[]> {
  authorize(viewer, "reports.read");
  const rows = await db
    .select({
      id: monthlyReports.id,
      storeId: monthlyReports.storeId,
      storeCode: stores.code,
      month: monthlyReports.month,
      locale: monthlyReports.locale,
      generatedAt: monthlyReports.generatedAt,
    })
    .from(monthlyReports)
    .innerJoin(stores, eq(stores.id, monthlyReports.storeId))
    .where(
      and(
        storeFilter(monthlyReports.storeId, storeScopeOf(viewer)),
        args.storeIds?.length ? inArray(monthlyReports.storeId, [...args.storeIds]) : undefined,
      ),
    )
    .orderBy(desc(monthlyReports.month), stores.code, monthlyReports.locale)
    .limit(args.limit ?? 48);
  return rows.map((row) => ({ ...row, locale: row.locale as Locale }));
}

/** A kept report's file: not found outside the viewer's stores; audited as a download. */
export async function downloadKeptMonthlyReport(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  id: string,
): Promise<{ filename: string; pdf: Buffer }> {
  authorize(staff, "reports.read");
  const [row] = await db
    .select({
      storeId: monthlyReports.storeId,
      storeCode: stores.code,
      month: monthlyReports.month,
      locale: monthlyReports.locale,
      pdf: monthlyReports.pdf,
    })
    .from(monthlyReports)
    .innerJoin(stores, eq(stores.id, monthlyReports.storeId))
    .where(and(eq(monthlyReports.id, id), storeFilter(monthlyReports.storeId, storeScopeOf(staff))));
  if (!row) throw new AppError("not_found");
  authorize(staff, "reports.read", { storeId: row.storeId });
  await recordAudit(db, {
    action: "report.monthly_pdf_kept",
    ...byActor(actor),
    entityType: "store",
    entityId: row.storeId,
    storeId: row.storeId,
    details: { month: row.month, locale: row.locale, reportId: id },
  });
  return { filename: filenameOf(row.storeCode, row.month, row.locale as Locale), pdf: row.pdf };
}

import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { dashboardFigures } from "@/lib/reports/dashboard/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { getStoreInScope } from "@/lib/stores/queries";
import { formatIn } from "@/lib/time";
import type { MonthlyReportLabels } from "./labels";
import { renderMonthlyReportPdf } from "./pdf";
import { monthPeriod, previousMonth } from "./schemas";

/**
 * A store's monthly report as a PDF: `reports.read` for that store (else forbidden; a store outside
 * the staff member's scope is not found, so that its existence does not leak). The figures are the
 * dashboard's (lib/reports/dashboard), for the calendar month and for the month before, each read
 * for that month alone (so "the month before" is the calendar month, not a period of equal length).
 * Each download is audited (`report.monthly_pdf`, with the month and the language).
 */
export async function createMonthlyReportPdf(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  args: { storeId: string; month: string },
  render: { labels: MonthlyReportLabels; locale: Locale },
  now: Date = new Date(),
): Promise<{ filename: string; pdf: Buffer }> {
  authorize(staff, "reports.read");
  const store = await getStoreInScope(db, storeScopeOf(staff), args.storeId);
  if (!store) throw new AppError("not_found");
  authorize(staff, "reports.read", { storeId: store.id });

  const before = previousMonth(args.month);
  const [figures, previous] = await Promise.all([
    dashboardFigures(db, staff, { storeIds: [store.id], ...monthPeriod(args.month) }, now),
    dashboardFigures(db, staff, { storeIds: [store.id], ...monthPeriod(before) }, now),
  ]);
  const pdf = await renderMonthlyReportPdf(
    {
      store: { code: store.code, name: storeDisplayName(store, render.locale) },
      month: args.month,
      previousMonth: before,
      figures,
      previous,
    },
    render.labels,
    render.locale,
    formatIn(now, "yyyy-MM-dd HH:mm", store.timeZone),
  );
  await recordAudit(db, {
    action: "report.monthly_pdf",
    ...byActor(actor),
    entityType: "store",
    entityId: store.id,
    storeId: store.id,
    details: { month: args.month, locale: render.locale },
  });
  return { filename: `monthly-report-${store.code.toLowerCase()}-${args.month}.pdf`, pdf };
}

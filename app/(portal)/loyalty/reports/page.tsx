import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import { loyaltyLiabilityReport, type LiabilityFigures } from "@/lib/reports/loyalty-liability/queries";
import { storeDisplayName } from "@/lib/stores/display";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyReports");
  return { title: t("title") };
}

/** Points and stored-value liability per store in the staff member's scope, with a totals row and a CSV download. */
export default async function LoyaltyReportsPage() {
  const me = await requirePermission("loyalty.reports");
  const [report, t, format, locale] = await Promise.all([
    loyaltyLiabilityReport(getDb(), me),
    getTranslations("loyaltyReports"),
    getFormatter(),
    getLocale(),
  ]);
  const number = (value: number) => format.number(value);
  const money = (fen: number) => formatFen(fen, locale);

  const cells = (figures: LiabilityFigures) => [
    number(figures.outstandingPoints),
    money(figures.outstandingValueFen),
    number(figures.expiringPoints),
    money(figures.expiringValueFen),
    number(figures.debtMembers),
    number(figures.debtPoints),
    number(figures.cards),
    money(figures.principalFen),
    money(figures.bonusFen),
    money(figures.balanceFen),
    number(figures.frozenCards),
    money(figures.frozenBalanceFen),
  ];
  const pointsColumns = [
    "outstandingPoints",
    "outstandingValue",
    "expiringPoints",
    "expiringValue",
    "debtMembers",
    "debtPoints",
  ] as const;
  const storedValueColumns = ["cards", "principal", "bonus", "balance", "frozenCards", "frozenBalance"] as const;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          report.rows.length ? (
            <a href="/loyalty/reports/csv" download className={buttonClasses("secondary")} title={t("auditNotice")}>
              {t("downloadCsv")}
            </a>
          ) : null
        }
      />
      {report.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <p className="mb-3 text-sm text-stone-600">
            {t("generatedAt", { at: format.dateTime(report.generatedAt, { dateStyle: "medium", timeStyle: "short" }) })}{" "}
            · {t("pointsValueNote", { points: number(report.pointsPerYuan) })} · {t("auditNotice")}
          </p>
          <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200">
            <table className="min-w-full text-sm" data-testid="liability-table">
              <thead className="bg-stone-50 text-xs text-stone-600">
                <tr>
                  <th scope="col" rowSpan={2} className="border-b border-stone-200 px-3 py-2 text-left font-medium">
                    {t("store")}
                  </th>
                  <th
                    scope="colgroup"
                    colSpan={pointsColumns.length}
                    className="border-b border-l border-stone-200 px-3 py-2 text-center font-semibold text-stone-800"
                  >
                    {t("pointsGroup")}
                  </th>
                  <th
                    scope="colgroup"
                    colSpan={storedValueColumns.length}
                    className="border-b border-l border-stone-200 px-3 py-2 text-center font-semibold text-stone-800"
                  >
                    {t("storedValueGroup")}
                  </th>
                </tr>
                <tr>
                  {[...pointsColumns, ...storedValueColumns].map((column, index) => (
                    <th
                      key={column}
                      scope="col"
                      className={`border-b border-stone-200 px-3 py-2 text-right font-medium whitespace-nowrap ${index === 0 || index === pointsColumns.length ? "border-l" : ""}`}
                    >
                      {t(column)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {report.rows.map((row) => (
                  <tr key={row.store.id}>
                    <th scope="row" className="px-3 py-2 text-left font-normal whitespace-nowrap">
                      <span className="font-mono text-xs text-stone-500">{row.store.code}</span>{" "}
                      {storeDisplayName(row.store, locale)}
                    </th>
                    {cells(row).map((value, index) => (
                      <td
                        key={index}
                        className={`px-3 py-2 text-right tabular-nums whitespace-nowrap ${index === 0 || index === pointsColumns.length ? "border-l border-stone-200" : ""}`}
                      >
                        {value}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t-2 border-stone-300 bg-stone-50 font-semibold">
                <tr>
                  <th scope="row" className="px-3 py-2 text-left">
                    {t("total")}
                  </th>
                  {cells(report.totals).map((value, index) => (
                    <td
                      key={index}
                      className={`px-3 py-2 text-right tabular-nums whitespace-nowrap ${index === 0 || index === pointsColumns.length ? "border-l border-stone-200" : ""}`}
                    >
                      {value}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { SimpleTable } from "@/components/ui/simple-table";
import {
  afterSalesReport,
  afterSalesReportParamsSchema,
  type AfterSalesFiguresRow,
} from "@/lib/after-sales/report/queries";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { StoreCheckboxes } from "@/components/form/store-checkboxes";

export async function generateMetadata(): Promise<Metadata> {
  const tm = await getTranslations("afterSalesCalls.report");
  return { title: tm("title") };
}

const cell = "px-3 py-2 whitespace-nowrap";
const number = `${cell} text-right tabular-nums`;

/**
 * The after-sales report (docs/domain.md#jewelry-after-sales): tickets received and completed,
 * turnaround, on-time rate, weight discrepancies and follow-up satisfaction for the stores in scope
 * and a range of store-local days, by store and month and by service type, with a CSV download.
 * The filters are a plain GET form: it works on the counter's tablet without any script.
 */
export default async function AfterSalesReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("aftersales.report");
  const params = afterSalesReportParamsSchema.parse(await searchParams);
  const db = getDb();
  const scope = storeScopeOf(me);
  const [report, stores, format, locale] = await Promise.all([
    afterSalesReport(db, scope, params),
    listStoresInScope(db, scope),
    getFormatter(),
    getLocale(),
  ]);
  const t = await getTranslations("afterSalesCalls");
  const range = { from: report.from, to: report.to };
  const storesById = new Map(stores.map((store) => [store.id, store]));
  const storeName = (id: string | undefined) => {
    const store = id ? storesById.get(id) : undefined;
    return store ? storeDisplayName(store, locale) : "—";
  };
  const decimal = (value: number | null, digits = 1) =>
    value === null ? "—" : format.number(value, { maximumFractionDigits: digits });
  const duration = (hours: number | null) =>
    hours === null
      ? "—"
      : hours >= 24
        ? t("report.daysHours", {
            days: Math.floor(hours / 24),
            hours: format.number(hours - Math.floor(hours / 24) * 24, { maximumFractionDigits: 1 }),
          })
        : t("report.hours", { hours: format.number(hours, { maximumFractionDigits: 1 }) });
  const onTime = (row: AfterSalesFiguresRow) =>
    row.onTimePercent === null
      ? "—"
      : `${format.number(row.onTimePercent / 100, { style: "percent", maximumFractionDigits: 1 })} (${row.onTime}/${row.completed})`;
  const satisfaction = (row: AfterSalesFiguresRow) =>
    row.satisfaction.average === null
      ? "—"
      : t("report.satisfactionValue", {
          average: decimal(row.satisfaction.average, 2),
          answers: row.satisfaction.answers,
        });
  const distribution = (row: AfterSalesFiguresRow) =>
    ([1, 2, 3, 4, 5] as const).map((score) => row.satisfaction.distribution[score]).join(" / ");
  const grams = (cg: number) => format.number(cg / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  const csvQuery = new URLSearchParams({ from: range.from, to: range.to });
  for (const id of params.store) csvQuery.append("store", id);
  const figureLabels = [
    t("report.received"),
    t("report.completed"),
    t("report.pickedUp"),
    t("report.turnaroundAverage"),
    t("report.turnaroundMedian"),
    t("report.onTime"),
    t("report.discrepancies"),
    t("report.satisfaction"),
    t("report.distribution"),
  ];
  const figureCells = (row: AfterSalesFiguresRow) => (
    <>
      <td className={number}>{format.number(row.received)}</td>
      <td className={number}>{format.number(row.completed)}</td>
      <td className={number}>{format.number(row.pickedUp)}</td>
      <td className={number}>{duration(row.turnaroundAverageHours)}</td>
      <td className={number}>{duration(row.turnaroundMedianHours)}</td>
      <td className={number}>{onTime(row)}</td>
      <td className={number}>{format.number(row.weightDiscrepancies)}</td>
      <td className={number}>{satisfaction(row)}</td>
      <td className={number}>{distribution(row)}</td>
    </>
  );
  const totals = report.totals;
  const empty = report.byStoreMonth.length === 0;

  return (
    <>
      <PageHeader
        title={t("report.title")}
        description={t("report.description", { from: report.from, to: report.to })}
        actions={
          <a href={`/after-sales/report/csv?${csvQuery.toString()}`} className={buttonClasses("secondary")} download>
            {t("report.download")}
          </a>
        }
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-stone-200">
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {t("report.from")}
          <Input type="date" name="from" defaultValue={range.from} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {t("report.to")}
          <Input type="date" name="to" defaultValue={range.to} />
        </label>
        <StoreCheckboxes
          stores={stores}
          selected={params.store}
          legend={t("report.stores")}
          hint={t("report.storesHint")}
          locale={locale}
        />
        <button type="submit" className={buttonClasses("primary")}>
          {t("report.apply")}
        </button>
      </form>

      <div className="space-y-4">
        <section className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t("report.totals")}>
          {[
            { label: t("report.received"), value: format.number(totals.received) },
            { label: t("report.completed"), value: format.number(totals.completed) },
            { label: t("report.turnaroundMedian"), value: duration(totals.turnaroundMedianHours) },
            { label: t("report.onTime"), value: onTime(totals) },
            { label: t("report.pickedUp"), value: format.number(totals.pickedUp) },
            { label: t("report.discrepancies"), value: format.number(totals.weightDiscrepancies) },
            { label: t("report.satisfaction"), value: satisfaction(totals) },
            { label: t("report.distribution"), value: distribution(totals) },
          ].map((tile) => (
            <div key={tile.label} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-stone-200">
              <p className="text-xs font-medium text-stone-500">{tile.label}</p>
              <p className="mt-1 text-lg font-semibold text-stone-900 tabular-nums">{tile.value}</p>
            </div>
          ))}
        </section>

        <Card title={t("report.byStoreMonth")}>
          {empty ? (
            <EmptyState title={t("report.emptyTitle")} body={t("report.emptyBody")} />
          ) : (
            <SimpleTable labels={[t("report.store"), t("report.month"), ...figureLabels]}>
              {report.byStoreMonth.map((row) => (
                <tr key={`${row.storeId}-${row.month}`}>
                  <td className={cell}>{storeName(row.storeId)}</td>
                  <td className={cell}>{row.month}</td>
                  {figureCells(row)}
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card title={t("report.byServiceType")}>
          {report.byServiceType.length === 0 ? (
            <EmptyState title={t("report.emptyTitle")} body={t("report.emptyBody")} />
          ) : (
            <SimpleTable labels={[t("report.serviceType"), ...figureLabels]}>
              {report.byServiceType.map((row) => (
                <tr key={row.serviceType}>
                  <td className={cell}>{row.serviceType ? t(`serviceTypes.${row.serviceType}`) : "—"}</td>
                  {figureCells(row)}
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card
          title={t("report.discrepancyList", { count: report.weightDiscrepancies.total })}
          actions={
            report.weightDiscrepancies.total > report.weightDiscrepancies.rows.length ? (
              <span className="text-xs text-stone-500">
                {t("report.discrepancyShown", { shown: report.weightDiscrepancies.rows.length })}
              </span>
            ) : undefined
          }
        >
          {report.weightDiscrepancies.rows.length === 0 ? (
            <EmptyState title={t("report.noDiscrepancies")} body={t("report.discrepancyRule")} />
          ) : (
            <SimpleTable
              labels={[
                t("report.ticket"),
                t("report.store"),
                t("report.pickedUpAt"),
                t("report.weightIn"),
                t("report.weightOut"),
                t("report.difference"),
                t("report.weightNote"),
                t("report.acknowledged"),
              ]}
            >
              {report.weightDiscrepancies.rows.map((row) => (
                <tr key={row.ticketId}>
                  <td className={cell}>
                    <Link href={`/after-sales/tickets/${row.ticketId}`} className="text-amber-800 hover:underline">
                      {row.reference}
                    </Link>
                  </td>
                  <td className={cell}>{storeName(row.storeId)}</td>
                  <td className={cell}>
                    {format.dateTime(row.pickedUpAt, {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: row.timeZone,
                    })}
                  </td>
                  <td className={number}>{grams(row.weightInCg)}</td>
                  <td className={number}>{grams(row.weightOutCg)}</td>
                  <td className={number}>
                    {row.differenceCg > 0 ? "+" : ""}
                    {grams(row.differenceCg)}
                  </td>
                  <td className={`${cell} max-w-xs truncate whitespace-normal`}>{row.note ?? "—"}</td>
                  <td className={cell}>{row.acknowledged ? t("report.yes") : t("report.no")}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
        <p className="text-xs text-stone-500">{t("report.notes")}</p>
      </div>
    </>
  );
}

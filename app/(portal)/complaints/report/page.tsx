import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar } from "@/components/data-table/filter-bar";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { complaintReport, complaintReportParamsSchema } from "@/lib/complaints/report/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintFollowUp.report");
  return { title: t("title") };
}

const cell = "px-3 py-2 whitespace-nowrap";
const number = `${cell} text-right tabular-nums`;

/** docs/domain.md#report: SLA met % by store, month and category; satisfaction; inquiries and answer times. */
export default async function ComplaintReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Reports are for managers and head office: the budget permission (managers and admins).
  const me = await requirePermission("complaints.budget");
  const params = complaintReportParamsSchema.parse(await searchParams);
  const db = getDb();
  const [report, stores, t, tc, format, locale] = await Promise.all([
    complaintReport(db, me, params),
    listStoresInScope(db, storeScopeOf(me)),
    getTranslations("complaintFollowUp.report"),
    getTranslations("complaints"),
    getFormatter(),
    getLocale(),
  ]);
  const pct = (value: number | null, met: number, decided: number) =>
    value === null
      ? "—"
      : `${format.number(value / 100, { style: "percent", maximumFractionDigits: 1 })} (${met}/${decided})`;
  const decimal = (value: number | null) => (value === null ? "—" : format.number(value, { maximumFractionDigits: 1 }));
  const storeName = (row: { storeName: string; storeNameEn: string | null }) =>
    storeDisplayName({ name: row.storeName, nameEn: row.storeNameEn }, locale);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { from: report.from, to: report.to })}
        actions={
          <Link href="/complaints" className={buttonClasses("ghost")}>
            {tc("backToQueue")}
          </Link>
        }
      />
      <div className="mb-4">
        <FilterBar
          filters={[
            { type: "date", name: "from", label: t("from") },
            { type: "date", name: "to", label: t("to") },
            ...(stores.length > 1
              ? [
                  {
                    type: "select" as const,
                    name: "store",
                    label: tc("store"),
                    options: stores.map((s) => ({ value: s.id, label: storeDisplayName(s, locale) })),
                  },
                ]
              : []),
          ]}
        />
      </div>
      <div className="space-y-4">
        <Card title={t("complaintsTitle")}>
          {report.complaints.length === 0 ? (
            <EmptyState title={t("emptyComplaints")} body={t("emptyBody")} />
          ) : (
            <SimpleTable
              labels={[
                tc("store"),
                t("month"),
                tc("category"),
                t("received"),
                t("resolved"),
                t("responseMet"),
                t("resolutionMet"),
                t("satisfaction"),
              ]}
            >
              {report.complaints.map((row) => (
                <tr key={`${row.storeId}-${row.month}-${row.category}`}>
                  <td className={cell}>{storeName(row)}</td>
                  <td className={cell}>{row.month}</td>
                  <td className={cell}>{tc(`categories.${row.category}`)}</td>
                  <td className={number}>{format.number(row.received)}</td>
                  <td className={number}>{format.number(row.resolved)}</td>
                  <td className={number}>{pct(row.responseMetPercent, row.responseMet, row.responseDecided)}</td>
                  <td className={number}>{pct(row.resolutionMetPercent, row.resolutionMet, row.resolutionDecided)}</td>
                  <td className={number}>
                    {row.satisfactionAverage === null
                      ? "—"
                      : t("satisfactionValue", {
                          average: decimal(row.satisfactionAverage),
                          answers: row.satisfactionAnswers,
                        })}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
          <p className="mt-3 text-xs text-stone-500">{t("slaNote")}</p>
        </Card>
        <Card title={t("inquiriesTitle")}>
          {report.inquiries.length === 0 ? (
            <EmptyState title={t("emptyInquiries")} body={t("emptyBody")} />
          ) : (
            <SimpleTable
              labels={[
                tc("store"),
                t("month"),
                t("inquiries"),
                t("answered"),
                t("converted"),
                t("averageMinutes"),
                t("medianMinutes"),
              ]}
            >
              {report.inquiries.map((row) => (
                <tr key={`${row.storeId}-${row.month}`}>
                  <td className={cell}>{storeName(row)}</td>
                  <td className={cell}>{row.month}</td>
                  <td className={number}>{format.number(row.received)}</td>
                  <td className={number}>{format.number(row.answered)}</td>
                  <td className={number}>{format.number(row.converted)}</td>
                  <td className={number}>{decimal(row.averageMinutesToAnswer)}</td>
                  <td className={number}>{decimal(row.medianMinutesToAnswer)}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
      </div>
    </>
  );
}

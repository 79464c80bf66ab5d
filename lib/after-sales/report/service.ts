import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { csvRows, spreadsheetText, UTF8_BOM } from "@/lib/csv";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { DEFAULT_TIME_ZONE, formatIn } from "@/lib/time";
import { afterSalesReport, type AfterSalesFiguresRow, type AfterSalesReportParams } from "./queries";

export const AFTER_SALES_CSV_COLUMNS = [
  "grouping",
  "storeCode",
  "storeName",
  "month",
  "serviceType",
  "received",
  "completed",
  "pickedUp",
  "turnaroundAverageHours",
  "turnaroundMedianHours",
  "onTime",
  "onTimePercent",
  "weightDiscrepancies",
  "satisfactionAnswers",
  "satisfactionAverage",
  "score1",
  "score2",
  "score3",
  "score4",
  "score5",
] as const;
export type AfterSalesCsvColumn = (typeof AFTER_SALES_CSV_COLUMNS)[number];

const text = (value: number | null) => (value === null ? "" : String(value));

function figureCells(row: AfterSalesFiguresRow): string[] {
  return [
    String(row.received),
    String(row.completed),
    String(row.pickedUp),
    text(row.turnaroundAverageHours),
    text(row.turnaroundMedianHours),
    String(row.onTime),
    text(row.onTimePercent),
    String(row.weightDiscrepancies),
    String(row.satisfaction.answers),
    text(row.satisfaction.average),
    ...([1, 2, 3, 4, 5] as const).map((score) => String(row.satisfaction.distribution[score])),
  ];
}

/**
 * The after-sales report as CSV (UTF-8 with BOM, CRLF): the store × month rows, the service-type
 * rows and the total, audited as `after_sales.report_export` (the stores and the range, nothing
 * about customers) before it leaves. `titles` are the localised column titles and labels.
 */
export async function exportAfterSalesReportCsv(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  params: AfterSalesReportParams,
  options: {
    titles?: Partial<Record<AfterSalesCsvColumn | "storeMonth" | "serviceTypeGroup" | "total", string>>;
    serviceTypes?: Partial<Record<string, string>>;
    locale?: string;
  } = {},
  now: Date = new Date(),
): Promise<{ filename: string; csv: string }> {
  const scope = storeScopeOf(staff);
  const [report, stores] = await Promise.all([afterSalesReport(db, scope, params, now), listStoresInScope(db, scope)]);
  const byId = new Map(stores.map((store) => [store.id, store]));
  const titles = options.titles ?? {};
  const serviceType = (type: string | undefined) => (type ? (options.serviceTypes?.[type] ?? type) : "");
  const storeCells = (storeId: string | undefined) => {
    const store = storeId ? byId.get(storeId) : undefined;
    return store
      ? [spreadsheetText(store.code), spreadsheetText(storeDisplayName(store, options.locale ?? "zh-CN"))]
      : ["", ""];
  };
  const records = [
    AFTER_SALES_CSV_COLUMNS.map((column) => titles[column] ?? column),
    ...report.byStoreMonth.map((row) => [
      titles.storeMonth ?? "store_month",
      ...storeCells(row.storeId),
      row.month ?? "",
      "",
      ...figureCells(row),
    ]),
    ...report.byServiceType.map((row) => [
      titles.serviceTypeGroup ?? "service_type",
      "",
      "",
      "",
      serviceType(row.serviceType),
      ...figureCells(row),
    ]),
    [titles.total ?? "total", "", "", "", "", ...figureCells(report.totals)],
  ];
  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.report_export",
    entityType: "report",
    entityId: "after-sales",
    details: {
      from: report.from,
      to: report.to,
      stores: params.store.length > 0 ? params.store : "all",
      generatedAt: now.toISOString(),
    },
  });
  const stamp = formatIn(now, "yyyyMMdd-HHmm", DEFAULT_TIME_ZONE);
  return { filename: `after-sales-${report.from}-${report.to}-${stamp}.csv`, csv: UTF8_BOM + csvRows(records) };
}

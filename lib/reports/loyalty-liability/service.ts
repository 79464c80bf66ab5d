import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { csvRows, spreadsheetText, UTF8_BOM } from "@/lib/csv";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { fenToYuanInput } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { formatIn } from "@/lib/time";
import { loyaltyLiabilityReport, type LiabilityFigures, type LiabilityReport, type LiabilityRow } from "./queries";

export const LIABILITY_CSV_COLUMNS = [
  "storeCode",
  "storeName",
  "outstandingPoints",
  "outstandingValueYuan",
  "expiringPoints",
  "expiringValueYuan",
  "debtMembers",
  "debtPoints",
  "debtValueYuan",
  "cards",
  "principalYuan",
  "bonusYuan",
  "balanceYuan",
  "frozenCards",
  "frozenBalanceYuan",
] as const;
export type LiabilityCsvColumn = (typeof LIABILITY_CSV_COLUMNS)[number];

function csvCells(figures: LiabilityFigures): string[] {
  return [
    String(figures.outstandingPoints),
    fenToYuanInput(figures.outstandingValueFen),
    String(figures.expiringPoints),
    fenToYuanInput(figures.expiringValueFen),
    String(figures.debtMembers),
    String(figures.debtPoints),
    fenToYuanInput(figures.debtValueFen),
    String(figures.cards),
    fenToYuanInput(figures.principalFen),
    fenToYuanInput(figures.bonusFen),
    fenToYuanInput(figures.balanceFen),
    String(figures.frozenCards),
    fenToYuanInput(figures.frozenBalanceFen),
  ];
}

/**
 * The report as CSV (UTF-8 with BOM, amounts in yuan with two decimals, a totals row last), audited
 * as `reports.liability_export` before it leaves. `titles` are the localised column titles and the
 * totals row's label; `locale` picks the store names.
 */
export async function exportLoyaltyLiabilityCsv(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  options: { titles?: Partial<Record<LiabilityCsvColumn | "total", string>>; locale?: string } = {},
  now: Date = new Date(),
): Promise<{ filename: string; csv: string; report: LiabilityReport }> {
  const report = await loyaltyLiabilityReport(db, staff, now);
  const titles = options.titles ?? {};
  const storeName = (store: LiabilityRow["store"]) => storeDisplayName(store, options.locale ?? "zh-CN");
  const records = [
    LIABILITY_CSV_COLUMNS.map((column) => titles[column] ?? column),
    ...report.rows.map((row) => [
      spreadsheetText(row.store.code),
      spreadsheetText(storeName(row.store)),
      ...csvCells(row),
    ]),
    [titles.total ?? "total", "", ...csvCells(report.totals)],
  ];
  await recordAudit(db, {
    action: "reports.liability_export",
    ...byActor(actor),
    entityType: "report",
    entityId: "loyalty-liability",
    details: {
      stores: report.rows.map((row) => row.store.code),
      generatedAt: now.toISOString(),
      pointsPerYuan: report.pointsPerYuan,
    },
  });
  const stamp = formatIn(now, "yyyyMMdd-HHmm", PROGRAMME_TIME_ZONE);
  return { filename: `loyalty-liability-${stamp}.csv`, csv: UTF8_BOM + csvRows(records), report };
}

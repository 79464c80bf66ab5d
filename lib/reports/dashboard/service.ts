import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { csvRows, spreadsheetText, UTF8_BOM } from "@/lib/csv";
import { dashboardFigures, type Compared, type ComparedRatio } from "./queries";
import type { DashboardFilter } from "./schemas";

/** Columns of the dashboard's CSV: one row per figure. */
export const DASHBOARD_CSV_COLUMNS = ["section", "figure", "unit", "current", "previous"] as const;
export type DashboardCsvColumn = (typeof DASHBOARD_CSV_COLUMNS)[number];

/** The words of the CSV in the viewer's language (the page's own: `reportsDashboard`). */
export type DashboardCsvLabels = {
  columns: Record<DashboardCsvColumn, string>;
  section: (key: string) => string;
  figure: (key: string) => string;
  tier: (code: string) => string;
  units: Record<"yuan" | "count" | "share" | "hours" | "score", string>;
};

type Unit = keyof DashboardCsvLabels["units"];

/** A value as a spreadsheet reads it: yuan with two decimals, a share as a fraction, counts whole. */
function cellOf(unit: Unit, value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (unit === "yuan") return (value / 100).toFixed(2);
  if (unit === "count") return String(Math.round(value));
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * The dashboard's figures as CSV (UTF-8 with BOM, one row per figure: section, figure, unit, this
 * period, the previous period; figures "as of now" have no previous value), then the advisors'
 * influenced sales. The same scope as the page (`reports.read`, stores outside it dropped); audited
 * as `report.dashboard_export` with the period and the stores covered (no personal data in it).
 */
export async function exportDashboardCsv(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  filter: DashboardFilter,
  labels: DashboardCsvLabels,
  now: Date = new Date(),
): Promise<{ filename: string; csv: string }> {
  authorize(staff, "reports.read");
  const f = await dashboardFigures(db, staff, { storeIds: filter.store, from: filter.from, to: filter.to }, now);
  const rows: string[][] = [];
  const add = (section: string, figure: string, unit: Unit, current: number | null, previous?: number | null) =>
    rows.push([labels.section(section), figure, labels.units[unit], cellOf(unit, current), cellOf(unit, previous)]);
  const flow = (section: string, key: string, unit: Unit, value: Compared | ComparedRatio) =>
    add(section, labels.figure(key), unit, value.current, value.previous);
  const now_ = (section: string, key: string, unit: Unit, value: number | null) =>
    add(section, labels.figure(key), unit, value);

  const { members, sales, points, appointments, service, complaints } = f;
  flow("members", "membersTotal", "count", members.total);
  flow("members", "membersNew", "count", members.new);
  now_("members", "membersActive", "count", members.active12m);
  now_("members", "membersDormant", "count", members.dormant);
  now_("members", "membersLost", "count", members.lost);
  flow("members", "tierUpgrades", "count", members.tierUpgrades);
  flow("members", "tierDowngrades", "count", members.tierDowngrades);
  for (const row of members.byTier) add("tiers", labels.tier(row.tier), "count", row.members);
  flow("sales", "memberSales", "yuan", sales.memberSalesFen);
  flow("sales", "nonMemberSales", "yuan", sales.nonMemberSalesFen);
  flow("sales", "memberShare", "share", sales.memberShare);
  flow("sales", "refunds", "yuan", sales.refundsFen);
  flow("sales", "memberPurchases", "count", sales.memberPurchases);
  flow("sales", "nonMemberPurchases", "count", sales.nonMemberPurchases);
  flow("sales", "memberAverageTicket", "yuan", sales.memberAverageTicketFen);
  flow("sales", "nonMemberAverageTicket", "yuan", sales.nonMemberAverageTicketFen);
  flow("sales", "repeatRate", "share", sales.repeatPurchaseRate);
  flow("loyalty", "pointsIssued", "count", points.issued);
  flow("loyalty", "pointsRedeemed", "count", points.redeemed);
  flow("loyalty", "pointsExpired", "count", points.expired);
  now_("loyalty", "pointsOutstanding", "count", points.outstanding);
  now_("loyalty", "storedValueLiability", "yuan", f.storedValueLiabilityFen);
  flow("appointments", "appointmentsBooked", "count", appointments.booked);
  flow("appointments", "appointmentsCompleted", "count", appointments.completed);
  flow("appointments", "appointmentsNoShow", "count", appointments.noShow);
  flow("appointments", "appointmentsConverted", "count", appointments.converted);
  flow("appointments", "conversionRate", "share", appointments.conversionRate);
  if (service) {
    flow("service", "ticketsReceived", "count", service.received);
    flow("service", "ticketsCompleted", "count", service.completed);
    flow("service", "turnaround", "hours", service.turnaroundMedianHours);
    flow("service", "onTimeRate", "share", service.onTimeRate);
    flow("service", "serviceSatisfaction", "score", service.satisfactionAverage);
  }
  if (complaints) {
    flow("complaints", "complaintsReceived", "count", complaints.received);
    flow("complaints", "complaintsResolved", "count", complaints.resolved);
    flow("complaints", "slaMet", "share", complaints.resolutionSlaMetRate);
    flow("complaints", "csat", "score", complaints.csatAverage);
  }
  for (const advisor of f.advisors)
    add(
      "advisors",
      spreadsheetText(advisor.advisorName),
      "yuan",
      advisor.amountFen.current,
      advisor.amountFen.previous,
    );

  await recordAudit(db, {
    action: "report.dashboard_export",
    ...byActor(actor),
    entityType: "report",
    entityId: "dashboard",
    details: { from: f.period.from, to: f.period.to, stores: f.storeIds.length, rows: rows.length },
  });
  const header = DASHBOARD_CSV_COLUMNS.map((column) => labels.columns[column]);
  return {
    filename: `dashboard-${f.period.from}-${f.period.to}.csv`,
    csv: UTF8_BOM + csvRows([header, ...rows]),
  };
}

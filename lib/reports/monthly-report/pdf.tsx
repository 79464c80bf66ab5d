import { renderToBuffer, StyleSheet, Svg, Rect, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { formatFen } from "@/lib/money";
import { PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { PDF_COLORS, PdfDocument, PdfFooter, PdfHeader } from "@/lib/pdf/layout";
import type { DashboardFigures } from "@/lib/reports/dashboard/queries";
import type { MonthlyReportLabels } from "./labels";

/**
 * The monthly report of one store (A4): the dashboard's figures for a calendar month beside the month
 * before, with bars drawn as vector graphics (sales of members and non-members, the visits' funnel,
 * members per tier) and the advisors' influenced sales. Every word comes in through `labels`; the
 * fonts of lib/pdf render Chinese on any server.
 */

export type MonthlyReport = {
  store: { code: string; name: string };
  month: string;
  previousMonth: string;
  /** The month, and the month before (its `current` figures are the previous column). */
  figures: DashboardFigures;
  previous: DashboardFigures;
};

const BAR_WIDTH = 260;
/** Members, non-members (lib/../components/charts palette: told apart with colour-vision deficiencies). */
const SERIES_COLOURS = ["#0072B2", "#D55E00"] as const;

const styles = StyleSheet.create({
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 11, color: PDF_COLORS.accent, marginTop: 12, marginBottom: 4 },
  table: { borderTopWidth: 0.75, borderTopColor: PDF_COLORS.rule },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#e7e5e4", paddingVertical: 3 },
  head: { color: PDF_COLORS.muted },
  nameCell: { flex: 1 },
  numberCell: { width: 92, textAlign: "right" },
  changeCell: { width: 64, textAlign: "right" },
  barRow: { flexDirection: "row", alignItems: "center", paddingVertical: 2 },
  barLabel: { width: 120 },
  barValue: { marginLeft: 6, color: PDF_COLORS.muted },
  legend: { flexDirection: "row", marginBottom: 4, color: PDF_COLORS.muted },
  legendItem: { flexDirection: "row", alignItems: "center", marginRight: 12 },
  empty: { color: PDF_COLORS.muted, paddingVertical: 4 },
});

type Kind = "fen" | "count" | "share";
type FigureRow = { key: string; kind: Kind; current: number | null; previous: number | null | "now" };

function formatter(locale: Locale) {
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const shares = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const changes = new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const points = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const value = (kind: Kind, v: number | null) =>
    v === null ? "—" : kind === "fen" ? formatFen(v, locale) : kind === "share" ? shares.format(v) : counts.format(v);
  /** The change against the month before: a percentage for amounts and counts, percentage points for shares. */
  const change = (kind: Kind, current: number | null, previous: number | null) => {
    if (current === null || previous === null) return "—";
    if (kind === "share") return `${points.format((current - previous) * 100)} pp`;
    return previous === 0 ? "—" : changes.format((current - previous) / Math.abs(previous));
  };
  return { value, change, counts };
}

function FigureTable({ rows, labels, locale }: { rows: FigureRow[]; labels: MonthlyReportLabels; locale: Locale }) {
  const f = formatter(locale);
  return (
    <View style={styles.table}>
      <View style={[styles.row, styles.head]} wrap={false}>
        <Text style={styles.nameCell}>{labels.columns.figure}</Text>
        <Text style={styles.numberCell}>{labels.columns.current}</Text>
        <Text style={styles.numberCell}>{labels.columns.previous}</Text>
        <Text style={styles.changeCell}>{labels.columns.change}</Text>
      </View>
      {rows.map((row) => (
        <View key={row.key} style={styles.row} wrap={false}>
          <Text style={styles.nameCell}>
            {labels.figure(row.key)}
            {row.previous === "now" ? ` (${labels.now})` : ""}
          </Text>
          <Text style={styles.numberCell}>{f.value(row.kind, row.current)}</Text>
          <Text style={styles.numberCell}>{row.previous === "now" ? "—" : f.value(row.kind, row.previous)}</Text>
          <Text style={styles.changeCell}>
            {row.previous === "now" ? "—" : f.change(row.kind, row.current, row.previous)}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** One horizontal bar, drawn as a vector rectangle, with its label before and its value after. */
function Bar({
  label,
  value,
  max,
  colour,
  text,
}: {
  label: string;
  value: number;
  max: number;
  colour: string;
  text: string;
}) {
  const width = max > 0 && value > 0 ? Math.max(1, (value / max) * BAR_WIDTH) : 0;
  return (
    <View style={styles.barRow} wrap={false}>
      <Text style={styles.barLabel}>{label}</Text>
      <Svg width={BAR_WIDTH} height={10}>
        <Rect x={0} y={1} width={BAR_WIDTH} height={8} fill="#f5f5f4" />
        {width > 0 ? <Rect x={0} y={1} width={width} height={8} fill={colour} /> : null}
      </Svg>
      <Text style={styles.barValue}>{text}</Text>
    </View>
  );
}

function Swatch({ colour, children }: { colour: string; children: ReactNode }) {
  return (
    <View style={styles.legendItem}>
      <Svg width={8} height={8} style={{ marginRight: 3 }}>
        <Rect x={0} y={0} width={8} height={8} fill={colour} />
      </Svg>
      <Text>{children}</Text>
    </View>
  );
}

export function MonthlyReportDocument({
  report,
  labels,
  locale,
  generatedAt,
}: {
  report: MonthlyReport;
  labels: MonthlyReportLabels;
  locale: Locale;
  generatedAt: string;
}) {
  const { figures: now, previous: before } = report;
  const f = formatter(locale);
  const compared = (key: string, kind: Kind, current: number | null, previous: number | null): FigureRow => ({
    key,
    kind,
    current,
    previous,
  });
  const atPresent = (key: string, kind: Kind, current: number | null): FigureRow => ({
    key,
    kind,
    current,
    previous: "now",
  });
  const m = now.members;
  const s = now.sales;
  const ps = before.sales;
  const a = now.appointments;
  const salesMax = Math.max(
    s.memberSalesFen.current,
    s.nonMemberSalesFen.current,
    ps.memberSalesFen.current,
    ps.nonMemberSalesFen.current,
  );
  const tierMax = Math.max(0, ...m.byTier.map((t) => t.members));
  const funnel = [
    { key: "appointmentsBooked", count: a.booked.current },
    { key: "appointmentsCompleted", count: a.completed.current },
    { key: "appointmentsConverted", count: a.converted.current },
  ];
  const storeLine = `${report.store.code} ${report.store.name}`;

  return (
    <PdfDocument
      title={labels.documentTitle(report.store.name, report.month)}
      author={report.store.name}
      locale={locale}
      size="A4"
    >
      <PdfHeader
        title={labels.title}
        subtitle={labels.period({ month: report.month, previousMonth: report.previousMonth })}
        storeName={storeLine}
        aside={report.month}
      />

      <Text style={styles.sectionTitle}>{labels.sections.members}</Text>
      <FigureTable
        labels={labels}
        locale={locale}
        rows={[
          compared("membersTotal", "count", m.total.current, before.members.total.current),
          compared("membersNew", "count", m.new.current, before.members.new.current),
          compared("tierUpgrades", "count", m.tierUpgrades.current, before.members.tierUpgrades.current),
          compared("tierDowngrades", "count", m.tierDowngrades.current, before.members.tierDowngrades.current),
          atPresent("membersActive", "count", m.active12m),
          atPresent("membersDormant", "count", m.dormant),
          atPresent("membersLost", "count", m.lost),
        ]}
      />

      <Text style={styles.sectionTitle}>{labels.sections.sales}</Text>
      <FigureTable
        labels={labels}
        locale={locale}
        rows={[
          compared("memberSales", "fen", s.memberSalesFen.current, ps.memberSalesFen.current),
          compared("nonMemberSales", "fen", s.nonMemberSalesFen.current, ps.nonMemberSalesFen.current),
          compared("memberShare", "share", s.memberShare.current, ps.memberShare.current),
          compared("memberAverageTicket", "fen", s.memberAverageTicketFen.current, ps.memberAverageTicketFen.current),
          compared(
            "nonMemberAverageTicket",
            "fen",
            s.nonMemberAverageTicketFen.current,
            ps.nonMemberAverageTicketFen.current,
          ),
          compared("repeatRate", "share", s.repeatPurchaseRate.current, ps.repeatPurchaseRate.current),
          compared("refunds", "fen", s.refundsFen.current, ps.refundsFen.current),
        ]}
      />
      <View wrap={false}>
        <Text style={styles.sectionTitle}>{labels.sections.salesChart}</Text>
        <View style={styles.legend}>
          <Swatch colour={SERIES_COLOURS[0]}>{labels.memberSeries}</Swatch>
          <Swatch colour={SERIES_COLOURS[1]}>{labels.nonMemberSeries}</Swatch>
        </View>
        {[
          { month: report.month, sales: s },
          { month: report.previousMonth, sales: ps },
        ].flatMap(({ month, sales }) => [
          <Bar
            key={`${month}-m`}
            label={`${month} · ${labels.memberSeries}`}
            value={sales.memberSalesFen.current}
            max={salesMax}
            colour={SERIES_COLOURS[0]}
            text={formatFen(sales.memberSalesFen.current, locale)}
          />,
          <Bar
            key={`${month}-n`}
            label={`${month} · ${labels.nonMemberSeries}`}
            value={sales.nonMemberSalesFen.current}
            max={salesMax}
            colour={SERIES_COLOURS[1]}
            text={formatFen(sales.nonMemberSalesFen.current, locale)}
          />,
        ])}
      </View>

      <Text style={styles.sectionTitle}>{labels.sections.loyalty}</Text>
      <FigureTable
        labels={labels}
        locale={locale}
        rows={[
          compared("pointsIssued", "count", now.points.issued.current, before.points.issued.current),
          compared("pointsRedeemed", "count", now.points.redeemed.current, before.points.redeemed.current),
          compared("pointsExpired", "count", now.points.expired.current, before.points.expired.current),
          atPresent("pointsOutstanding", "count", now.points.outstanding),
          atPresent("storedValueLiability", "fen", now.storedValueLiabilityFen),
        ]}
      />

      <Text style={styles.sectionTitle}>{labels.sections.appointments}</Text>
      <FigureTable
        labels={labels}
        locale={locale}
        rows={[
          compared("appointmentsBooked", "count", a.booked.current, before.appointments.booked.current),
          compared("appointmentsCompleted", "count", a.completed.current, before.appointments.completed.current),
          compared("appointmentsNoShow", "count", a.noShow.current, before.appointments.noShow.current),
          compared("appointmentsConverted", "count", a.converted.current, before.appointments.converted.current),
          compared("conversionRate", "share", a.conversionRate.current, before.appointments.conversionRate.current),
        ]}
      />
      <View wrap={false}>
        <Text style={styles.sectionTitle}>{labels.sections.funnel}</Text>
        {funnel.map((stage) => (
          <Bar
            key={stage.key}
            label={labels.figure(stage.key)}
            value={stage.count}
            max={funnel[0]!.count}
            colour={SERIES_COLOURS[0]}
            text={
              funnel[0]!.count > 0 && stage !== funnel[0]
                ? `${f.counts.format(stage.count)} · ${f.value("share", stage.count / funnel[0]!.count)}`
                : f.counts.format(stage.count)
            }
          />
        ))}
      </View>

      <View wrap={false}>
        <Text style={styles.sectionTitle}>{labels.sections.tiers}</Text>
        {m.byTier.map((tier) => (
          <Bar
            key={tier.tier}
            label={labels.tier(tier.tier)}
            value={tier.members}
            max={tierMax}
            colour={SERIES_COLOURS[0]}
            text={f.counts.format(tier.members)}
          />
        ))}
      </View>

      <Text style={styles.sectionTitle}>{labels.sections.advisors}</Text>
      {now.advisors.length === 0 ? (
        <Text style={styles.empty}>{labels.advisor.empty}</Text>
      ) : (
        <View style={styles.table}>
          <View style={[styles.row, styles.head]} wrap={false}>
            <Text style={styles.nameCell}>{labels.advisor.name}</Text>
            <Text style={styles.changeCell}>{labels.advisor.visits}</Text>
            <Text style={styles.changeCell}>{labels.advisor.purchases}</Text>
            <Text style={styles.numberCell}>{labels.advisor.amount}</Text>
          </View>
          {now.advisors.slice(0, 15).map((advisor) => (
            <View key={advisor.advisorId} style={styles.row} wrap={false}>
              <Text style={styles.nameCell}>{advisor.advisorName}</Text>
              <Text style={styles.changeCell}>{f.counts.format(advisor.visitsCompleted.current)}</Text>
              <Text style={styles.changeCell}>{f.counts.format(advisor.purchasesLinked.current)}</Text>
              <Text style={styles.numberCell}>{formatFen(advisor.amountFen.current, locale)}</Text>
            </View>
          ))}
        </View>
      )}

      <PdfFooter left={`${storeLine} · ${report.month}`} right={labels.generatedAt(generatedAt)} />
    </PdfDocument>
  );
}

export async function renderMonthlyReportPdf(
  report: MonthlyReport,
  labels: MonthlyReportLabels,
  locale: Locale,
  generatedAt: string,
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(
    <MonthlyReportDocument report={report} labels={labels} locale={locale} generatedAt={generatedAt} />,
  );
}

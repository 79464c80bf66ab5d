import { tz } from "@date-fns/tz";
import { Document, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import { format } from "date-fns";
import type { ReactNode } from "react";
import { formatFen } from "@/lib/money";
import { PDF_FONT, PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { PDF_COLORS } from "@/lib/pdf/layout";
import type { MemberStatementLabels } from "./labels";
import type { MemberStatement } from "./queries";

/**
 * The member statement document (A4). Every word on it comes in through `labels`, in the staff
 * member's language (see statementLabels); numbers, money and dates are formatted here for that
 * locale, dates and times in the member's home-store time zone.
 */

const { ink: INK, muted: MUTED, rule: RULE, accent: ACCENT } = PDF_COLORS;

const styles = StyleSheet.create({
  page: { paddingTop: 40, paddingBottom: 48, paddingHorizontal: 40, fontFamily: PDF_FONT, fontSize: 9, color: INK },
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    borderBottomWidth: 1.5,
    borderBottomColor: ACCENT,
    paddingBottom: 8,
    marginBottom: 12,
  },
  title: { fontFamily: PDF_FONT_BOLD, fontSize: 16 },
  subtitle: { color: MUTED, marginTop: 2 },
  storeName: { fontFamily: PDF_FONT_BOLD, fontSize: 11, textAlign: "right" },
  section: { marginTop: 14 },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 11, marginBottom: 6, color: ACCENT },
  facts: { flexDirection: "row", flexWrap: "wrap" },
  fact: { width: "50%", flexDirection: "row", marginBottom: 3 },
  factLabel: { width: 72, color: MUTED },
  factValue: { flex: 1 },
  summary: { flexDirection: "row", borderWidth: 0.5, borderColor: RULE, marginBottom: 8 },
  summaryCell: { flex: 1, padding: 6, borderRightWidth: 0.5, borderRightColor: RULE },
  summaryLabel: { color: MUTED, fontSize: 8 },
  summaryValue: { fontFamily: PDF_FONT_BOLD, fontSize: 13, marginTop: 2 },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: RULE, paddingVertical: 3 },
  headRow: {
    flexDirection: "row",
    borderBottomWidth: 1,
    borderBottomColor: INK,
    paddingBottom: 3,
    fontFamily: PDF_FONT_BOLD,
  },
  strongRow: { flexDirection: "row", paddingVertical: 3, fontFamily: PDF_FONT_BOLD, backgroundColor: "#f5f5f4" },
  cell: { paddingHorizontal: 3 },
  number: { paddingHorizontal: 3, textAlign: "right" },
  empty: { color: MUTED, paddingVertical: 4 },
  note: { color: MUTED, marginTop: 4 },
  footer: {
    position: "absolute",
    bottom: 22,
    left: 40,
    right: 40,
    flexDirection: "row",
    justifyContent: "space-between",
    color: MUTED,
    fontSize: 7.5,
  },
});

type Column = { width: string; align?: "right" };

function TableRow({
  columns,
  cells,
  style,
}: {
  columns: Column[];
  cells: ReactNode[];
  style: (typeof styles)[keyof typeof styles];
}) {
  return (
    <View style={style} wrap={false}>
      {cells.map((cell, index) => (
        <Text
          key={index}
          style={[columns[index]!.align === "right" ? styles.number : styles.cell, { width: columns[index]!.width }]}
        >
          {cell}
        </Text>
      ))}
    </View>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factLabel}>{label}</Text>
      <Text style={styles.factValue}>{children}</Text>
    </View>
  );
}

export function MemberStatementDocument({
  statement,
  labels,
  locale,
}: {
  statement: MemberStatement;
  labels: MemberStatementLabels;
  locale: string;
}) {
  const zone = tz(statement.timeZone);
  const number = new Intl.NumberFormat(locale);
  const signed = new Intl.NumberFormat(locale, { signDisplay: "exceptZero" });
  const dateTime = (at: Date) => format(at, "yyyy-MM-dd HH:mm", { in: zone });
  const storeName = (store: { name: string; nameEn: string | null } | null) =>
    store ? (locale === "en" && store.nameEn ? store.nameEn : store.name) : "—";
  const { points } = statement;

  const pointsColumns: Column[] = [
    { width: "20%" },
    { width: "24%" },
    { width: "26%" },
    { width: "15%", align: "right" },
    { width: "15%", align: "right" },
  ];
  const purchaseColumns: Column[] = [
    { width: "18%" },
    { width: "24%" },
    { width: "22%" },
    { width: "10%" },
    { width: "14%", align: "right" },
    { width: "12%", align: "right" },
  ];
  const cardColumns: Column[] = [
    { width: "24%" },
    { width: "16%" },
    { width: "20%", align: "right" },
    { width: "20%", align: "right" },
    { width: "20%", align: "right" },
  ];

  return (
    <Document
      title={labels.documentTitle}
      author={storeName(statement.homeStore)}
      creator="Atrium"
      producer="Atrium"
      language={locale}
    >
      <Page size="A4" style={styles.page}>
        <View style={styles.header}>
          <View>
            <Text style={styles.title}>{labels.title}</Text>
            <Text style={styles.subtitle}>{labels.period(statement.period.from, statement.period.to)}</Text>
          </View>
          <View>
            <Text style={styles.storeName}>{storeName(statement.homeStore)}</Text>
            <Text style={[styles.subtitle, { textAlign: "right" }]}>
              {labels.generatedAt(dateTime(statement.generatedAt))}
            </Text>
          </View>
        </View>

        <View style={styles.section}>
          <Text style={styles.sectionTitle}>{labels.memberSection}</Text>
          <View style={styles.facts}>
            <Fact label={labels.memberName}>{statement.maskedName}</Fact>
            <Fact label={labels.tier}>{labels.tiers[statement.tier] ?? statement.tier}</Fact>
            <Fact label={labels.memberCards}>
              {statement.memberCardNos.length ? statement.memberCardNos.join("  ") : labels.none}
            </Fact>
            <Fact label={labels.homeStore}>{storeName(statement.homeStore)}</Fact>
          </View>
        </View>

        <View style={styles.section}>
          <Text style={styles.sectionTitle}>{labels.pointsSection}</Text>
          <View style={styles.summary} wrap={false}>
            <View style={styles.summaryCell}>
              <Text style={styles.summaryLabel}>{labels.openingBalance}</Text>
              <Text style={styles.summaryValue}>{number.format(points.opening)}</Text>
            </View>
            <View style={styles.summaryCell}>
              <Text style={styles.summaryLabel}>{labels.closingBalance}</Text>
              <Text style={styles.summaryValue}>{number.format(points.closing)}</Text>
            </View>
            <View style={[styles.summaryCell, { borderRightWidth: 0 }]}>
              <Text style={styles.summaryLabel}>{labels.expiringSoon(points.expiring.until)}</Text>
              <Text style={styles.summaryValue}>{number.format(points.expiring.total)}</Text>
            </View>
          </View>
          {points.expiring.byDate.length ? (
            points.expiring.byDate.map((lot) => (
              <Text key={lot.expiresOn} style={styles.note}>
                {labels.expiringOn(lot.expiresOn, number.format(lot.points))}
              </Text>
            ))
          ) : (
            <Text style={styles.note}>{labels.noExpiring}</Text>
          )}

          <View style={{ marginTop: 8 }}>
            <TableRow
              style={styles.headRow}
              columns={pointsColumns}
              cells={[labels.date, labels.description, labels.store, labels.points, labels.balance]}
            />
            <TableRow
              style={styles.strongRow}
              columns={pointsColumns}
              cells={[statement.period.from, labels.openingBalance, "", "", number.format(points.opening)]}
            />
            {points.entries.map((entry) => (
              <TableRow
                key={entry.id}
                style={styles.row}
                columns={pointsColumns}
                cells={[
                  dateTime(entry.occurredAt),
                  labels.entryKinds[entry.kind] ?? entry.kind,
                  storeName(entry.store),
                  signed.format(entry.points),
                  number.format(entry.balance),
                ]}
              />
            ))}
            {points.entries.length === 0 ? <Text style={styles.empty}>{labels.noPointsEntries}</Text> : null}
            <TableRow
              style={styles.strongRow}
              columns={pointsColumns}
              cells={[statement.period.to, labels.closingBalance, "", "", number.format(points.closing)]}
            />
          </View>
        </View>

        <View style={styles.section}>
          <Text style={styles.sectionTitle}>{labels.purchasesSection}</Text>
          <TableRow
            style={styles.headRow}
            columns={purchaseColumns}
            cells={[labels.date, labels.store, labels.receiptNo, labels.type, labels.amount, labels.pointsEarned]}
          />
          {statement.transactions.map((sale) => (
            <TableRow
              key={sale.id}
              style={styles.row}
              columns={purchaseColumns}
              cells={[
                dateTime(sale.occurredAt),
                storeName(sale.store),
                sale.externalId,
                labels.transactionKinds[sale.kind],
                formatFen(sale.amountFen, locale),
                signed.format(sale.points),
              ]}
            />
          ))}
          {statement.transactions.length === 0 ? <Text style={styles.empty}>{labels.noPurchases}</Text> : null}
        </View>

        <View style={styles.section} wrap={false}>
          <Text style={styles.sectionTitle}>{labels.cardsSection}</Text>
          <TableRow
            style={styles.headRow}
            columns={cardColumns}
            cells={[labels.cardNo, labels.status, labels.principal, labels.bonus, labels.cardBalance]}
          />
          {statement.cards.map((card, index) => (
            <TableRow
              key={index}
              style={styles.row}
              columns={cardColumns}
              cells={[
                card.maskedCardNo,
                labels.cardStatuses[card.status] ?? card.status,
                formatFen(card.principalFen, locale),
                formatFen(card.bonusFen, locale),
                formatFen(card.balanceFen, locale),
              ]}
            />
          ))}
          {statement.cards.length === 0 ? <Text style={styles.empty}>{labels.noCards}</Text> : null}
        </View>

        <View style={styles.footer} fixed>
          <Text>{labels.footer}</Text>
          <Text render={({ pageNumber, totalPages }) => labels.page(pageNumber, totalPages)} />
        </View>
      </Page>
    </Document>
  );
}

/** Renders the statement to PDF bytes (Node runtime: the fonts are read from disk). */
export async function renderMemberStatementPdf(
  statement: MemberStatement,
  labels: MemberStatementLabels,
  locale: string,
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(<MemberStatementDocument statement={statement} labels={labels} locale={locale} />);
}

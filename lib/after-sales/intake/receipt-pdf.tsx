import { Document, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { formatCg } from "@/lib/after-sales/passports/schemas";
import type { Locale } from "@/lib/i18n/config";
import { formatFen } from "@/lib/money";
import { PDF_FONT, PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { storeDisplayName } from "@/lib/stores/display";
import type { IntakeDocumentLabels } from "./labels";
import type { IntakeDocument } from "./queries";

/**
 * The intake receipt (A5), handed to the customer with the piece's claim code and tracking link.
 * Every word comes in through `labels`; times are in the store's time zone, dates are store-local;
 * the member is named by the masked name and phone only. The fonts of lib/pdf render Chinese.
 */

const INK = "#1c1917";
const MUTED = "#78716c";
const RULE = "#d6d3d1";
const ACCENT = "#b45309";

const styles = StyleSheet.create({
  page: { paddingTop: 26, paddingBottom: 34, paddingHorizontal: 26, fontFamily: PDF_FONT, fontSize: 8, color: INK },
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    borderBottomWidth: 1.5,
    borderBottomColor: ACCENT,
    paddingBottom: 6,
    marginBottom: 10,
  },
  title: { fontFamily: PDF_FONT_BOLD, fontSize: 14 },
  right: { textAlign: "right" },
  storeName: { fontFamily: PDF_FONT_BOLD, fontSize: 10, textAlign: "right" },
  muted: { color: MUTED },
  columns: { flexDirection: "row", justifyContent: "space-between" },
  column: { width: "49%" },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 8.5, color: ACCENT, marginBottom: 2, marginTop: 5 },
  notes: { borderWidth: 0.5, borderColor: RULE, paddingVertical: 3, paddingHorizontal: 6 },
  facts: { borderWidth: 0.5, borderColor: RULE, paddingVertical: 2, paddingHorizontal: 6 },
  fact: { flexDirection: "row", paddingVertical: 2, borderBottomWidth: 0.5, borderBottomColor: "#f5f5f4" },
  factLabel: { width: 50, color: MUTED },
  factValue: { flex: 1 },
  strong: { fontFamily: PDF_FONT_BOLD },
  claim: { marginTop: 6, borderWidth: 1, borderColor: ACCENT, paddingVertical: 4, paddingHorizontal: 6 },
  claimLabel: { fontFamily: PDF_FONT_BOLD },
  // No letter spacing: the code must read (and copy) as one word.
  claimCode: { fontFamily: PDF_FONT_BOLD, fontSize: 20 },
  claimHint: { color: MUTED, fontSize: 7 },
  tracking: { marginTop: 6 },
  link: { fontSize: 7.5 },
  terms: { marginTop: 6, paddingVertical: 4, paddingHorizontal: 6, backgroundColor: "#fef3c7", fontSize: 7.5 },
  signatures: { marginTop: 18, flexDirection: "row", justifyContent: "space-between" },
  signature: { width: "45%", borderTopWidth: 0.5, borderTopColor: INK, paddingTop: 3, color: MUTED, fontSize: 7.5 },
  footer: {
    position: "absolute",
    bottom: 16,
    left: 26,
    right: 26,
    flexDirection: "row",
    justifyContent: "space-between",
    color: MUTED,
    fontSize: 7.5,
  },
});

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View style={styles.fact} wrap={false}>
      <Text style={styles.factLabel}>{label}</Text>
      <Text style={styles.factValue}>{children}</Text>
    </View>
  );
}

/** The document's facts as printed, in the language's words and the store's time zone. */
export function intakeFacts(document: IntakeDocument, labels: IntakeDocumentLabels, locale: Locale) {
  const instant = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: document.timeZone,
  });
  // A store-local date: formatted as the calendar date it is, with no zone to shift it.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  return {
    storeName: storeDisplayName(document.store, locale),
    receivedAt: instant.format(document.createdAt),
    promisedOn: day.format(new Date(`${document.promisedOn}T00:00:00Z`)),
    weightIn: formatCg(document.weightInCg, locale),
    category: labels.categories[document.item.category],
    serviceType: labels.serviceTypes[document.serviceType],
    money: (fen: number) => formatFen(fen, locale),
    issuedAt: (at: Date) => instant.format(at),
  };
}

export function IntakeReceiptDocument({
  document,
  trackingUrl,
  labels,
  locale,
  issuedAt,
}: {
  document: IntakeDocument;
  trackingUrl: string;
  labels: IntakeDocumentLabels;
  locale: Locale;
  issuedAt: Date;
}) {
  const facts = intakeFacts(document, labels, locale);
  const charge =
    document.chargeFen === document.listPriceFen
      ? facts.money(document.chargeFen)
      : `${facts.money(document.chargeFen)} (${labels.listPrice} ${facts.money(document.listPriceFen)})`;
  return (
    <Document
      title={labels.receiptDocumentTitle(document.reference)}
      author={facts.storeName}
      creator="Atrium"
      producer="Atrium"
      language={locale}
    >
      <Page size="A5" style={styles.page}>
        <View style={styles.header}>
          <Text style={styles.title}>{labels.receiptTitle}</Text>
          <View>
            <Text style={styles.storeName}>{facts.storeName}</Text>
            <Text style={[styles.muted, styles.right]}>
              {labels.reference} {document.reference}
            </Text>
          </View>
        </View>

        <View style={styles.columns}>
          <View style={styles.column}>
            <Text style={styles.sectionTitle}>{labels.customerSection}</Text>
            <View style={styles.facts}>
              <Fact label={labels.member}>{document.member.name}</Fact>
              <Fact label={labels.phone}>{document.member.phone}</Fact>
              <Fact label={labels.receivedAt}>{facts.receivedAt}</Fact>
            </View>

            <Text style={styles.sectionTitle}>{labels.pieceSection}</Text>
            <View style={styles.facts}>
              <Fact label={labels.piece}>{document.item.name}</Fact>
              <Fact label={labels.category}>{facts.category}</Fact>
              <Fact label={labels.material}>{document.item.material}</Fact>
              <Fact label={labels.weightIn}>
                <Text style={styles.strong}>{facts.weightIn}</Text>
              </Fact>
              <Fact label={labels.stonesLabel}>{labels.stones(document.stoneCountIn, document.item.stones)}</Fact>
              {document.item.certificateNo ? (
                <Fact label={labels.certificate}>{document.item.certificateNo}</Fact>
              ) : null}
              {document.item.size ? <Fact label={labels.size}>{document.item.size}</Fact> : null}
            </View>
          </View>

          <View style={styles.column}>
            <Text style={styles.sectionTitle}>{labels.serviceSection}</Text>
            <View style={styles.facts}>
              <Fact label={labels.serviceType}>{facts.serviceType}</Fact>
              <Fact label={labels.declaredValue}>{facts.money(document.declaredValueFen)}</Fact>
              <Fact label={labels.priceBasis}>{labels.priceBases[document.priceBasis]}</Fact>
              <Fact label={labels.charge}>{charge}</Fact>
              <Fact label={labels.estimatedFee}>{facts.money(document.estimatedFeeFen)}</Fact>
              <Fact label={labels.promisedOn}>
                <Text style={styles.strong}>{facts.promisedOn}</Text>
              </Fact>
            </View>

            <View style={styles.claim} wrap={false}>
              <Text style={styles.claimLabel}>{labels.claimCode}</Text>
              <Text style={styles.claimCode}>{document.claimCode}</Text>
              <Text style={styles.claimHint}>{labels.claimCodeHint}</Text>
            </View>
          </View>
        </View>

        <Text style={styles.sectionTitle}>{labels.conditionNotes}</Text>
        <Text style={styles.notes}>{document.conditionNotes ?? labels.none}</Text>

        <View style={styles.tracking} wrap={false}>
          <Text style={styles.strong}>{labels.tracking}</Text>
          <Text style={styles.link}>{trackingUrl}</Text>
          <Text style={[styles.muted, { fontSize: 7 }]}>{labels.trackingHint}</Text>
        </View>

        <Text style={styles.terms}>{labels.terms}</Text>

        <View style={styles.signatures} wrap={false}>
          <Text style={styles.signature}>{labels.customerSignature}</Text>
          <Text style={styles.signature}>{labels.staffSignature}</Text>
        </View>

        <View style={styles.footer} fixed>
          <Text>{facts.storeName}</Text>
          <Text>{labels.issuedAt(facts.issuedAt(issuedAt))}</Text>
        </View>
      </Page>
    </Document>
  );
}

export async function renderIntakeReceiptPdf(
  document: IntakeDocument,
  trackingUrl: string,
  labels: IntakeDocumentLabels,
  locale: Locale,
  issuedAt: Date = new Date(),
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(
    <IntakeReceiptDocument
      document={document}
      trackingUrl={trackingUrl}
      labels={labels}
      locale={locale}
      issuedAt={issuedAt}
    />,
  );
}

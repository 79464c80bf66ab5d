import { renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { formatCg } from "@/lib/after-sales/passports/schemas";
import type { Locale } from "@/lib/i18n/config";
import { formatFen } from "@/lib/money";
import { PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { PDF_COLORS, PdfDocument, PdfFact, PdfFacts, PdfFooter, PdfHeader } from "@/lib/pdf/layout";
import { storeDisplayName } from "@/lib/stores/display";
import type { IntakeDocumentLabels } from "./labels";
import type { IntakeDocument } from "./queries";

/**
 * The intake receipt (A5), handed to the customer with the piece's claim code and tracking link.
 * Every word comes in through `labels`; times are in the store's time zone, dates are store-local;
 * the member is named by the masked name and phone only. The fonts of lib/pdf render Chinese.
 */

const styles = StyleSheet.create({
  muted: { color: PDF_COLORS.muted },
  columns: { flexDirection: "row", justifyContent: "space-between" },
  column: { width: "49%" },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 8.5, color: PDF_COLORS.accent, marginBottom: 2, marginTop: 5 },
  notes: { borderWidth: 0.5, borderColor: PDF_COLORS.rule, paddingVertical: 3, paddingHorizontal: 6 },
  facts: { paddingVertical: 2, paddingHorizontal: 6 },
  strong: { fontFamily: PDF_FONT_BOLD },
  claim: { marginTop: 6, borderWidth: 1, borderColor: PDF_COLORS.accent, paddingVertical: 4, paddingHorizontal: 6 },
  claimLabel: { fontFamily: PDF_FONT_BOLD },
  // No letter spacing: the code must read (and copy) as one word.
  claimCode: { fontFamily: PDF_FONT_BOLD, fontSize: 20 },
  claimHint: { color: PDF_COLORS.muted, fontSize: 7 },
  tracking: { marginTop: 6 },
  link: { fontSize: 7.5 },
  terms: { marginTop: 6, paddingVertical: 4, paddingHorizontal: 6, backgroundColor: "#fef3c7", fontSize: 7.5 },
  signatures: { marginTop: 18, flexDirection: "row", justifyContent: "space-between" },
  signature: {
    width: "45%",
    borderTopWidth: 0.5,
    borderTopColor: PDF_COLORS.ink,
    paddingTop: 3,
    color: PDF_COLORS.muted,
    fontSize: 7.5,
  },
});

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <PdfFact label={label} labelWidth={50} density="compact">
      {children}
    </PdfFact>
  );
}

function Facts({ children }: { children: ReactNode }) {
  return <PdfFacts style={styles.facts}>{children}</PdfFacts>;
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
    <PdfDocument
      title={labels.receiptDocumentTitle(document.reference)}
      author={facts.storeName}
      locale={locale}
      size="A5"
      density="compact"
    >
      <PdfHeader
        title={labels.receiptTitle}
        storeName={facts.storeName}
        aside={`${labels.reference} ${document.reference}`}
        density="compact"
      />

      <View style={styles.columns}>
        <View style={styles.column}>
          <Text style={styles.sectionTitle}>{labels.customerSection}</Text>
          <Facts>
            <Fact label={labels.member}>{document.member.name}</Fact>
            <Fact label={labels.phone}>{document.member.phone}</Fact>
            <Fact label={labels.receivedAt}>{facts.receivedAt}</Fact>
          </Facts>

          <Text style={styles.sectionTitle}>{labels.pieceSection}</Text>
          <Facts>
            <Fact label={labels.piece}>{document.item.name}</Fact>
            <Fact label={labels.category}>{facts.category}</Fact>
            <Fact label={labels.material}>{document.item.material}</Fact>
            <Fact label={labels.weightIn}>
              <Text style={styles.strong}>{facts.weightIn}</Text>
            </Fact>
            <Fact label={labels.stonesLabel}>{labels.stones(document.stoneCountIn, document.item.stones)}</Fact>
            {document.item.certificateNo ? <Fact label={labels.certificate}>{document.item.certificateNo}</Fact> : null}
            {document.item.size ? <Fact label={labels.size}>{document.item.size}</Fact> : null}
          </Facts>
        </View>

        <View style={styles.column}>
          <Text style={styles.sectionTitle}>{labels.serviceSection}</Text>
          <Facts>
            <Fact label={labels.serviceType}>{facts.serviceType}</Fact>
            <Fact label={labels.declaredValue}>{facts.money(document.declaredValueFen)}</Fact>
            <Fact label={labels.priceBasis}>{labels.priceBases[document.priceBasis]}</Fact>
            <Fact label={labels.charge}>{charge}</Fact>
            <Fact label={labels.estimatedFee}>{facts.money(document.estimatedFeeFen)}</Fact>
            <Fact label={labels.promisedOn}>
              <Text style={styles.strong}>{facts.promisedOn}</Text>
            </Fact>
          </Facts>

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

      <PdfFooter left={facts.storeName} right={labels.issuedAt(facts.issuedAt(issuedAt))} density="compact" />
    </PdfDocument>
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

import { Document, Page, Rect, renderToBuffer, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT, PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import type { IntakeDocumentLabels } from "./labels";
import type { QrDrawing } from "./qr";
import type { IntakeDocument } from "./queries";
import { intakeFacts } from "./receipt-pdf";

/**
 * The bag tag (60 × 90 mm), tied to the bag the piece travels in to the workshop: the reference,
 * the piece, its weight at intake, the promised date and a QR code of the ticket's staff page,
 * drawn as vector rectangles. No claim code and no customer on it: the tag is seen by everyone who
 * handles the bag.
 */

const MM = 72 / 25.4;
export const BAG_TAG_SIZE = { width: 60 * MM, height: 90 * MM };

const styles = StyleSheet.create({
  page: { padding: 8, fontFamily: PDF_FONT, fontSize: 7, color: "#1c1917" },
  store: { fontSize: 6.5, color: "#78716c" },
  reference: { fontFamily: PDF_FONT_BOLD, fontSize: 10.5, marginTop: 1, marginBottom: 3 },
  line: { marginBottom: 1.5 },
  label: { color: "#78716c" },
  strong: { fontFamily: PDF_FONT_BOLD },
  qr: { alignItems: "center", marginTop: 4 },
  hint: { fontSize: 5.5, color: "#78716c", textAlign: "center", marginTop: 1 },
});

export function BagTagDocument({
  document,
  qr,
  labels,
  locale,
}: {
  document: IntakeDocument;
  qr: QrDrawing;
  labels: IntakeDocumentLabels;
  locale: Locale;
}) {
  const facts = intakeFacts(document, labels, locale);
  const side = BAG_TAG_SIZE.width - 30;
  return (
    <Document title={labels.tagDocumentTitle(document.reference)} creator="Atrium" producer="Atrium" language={locale}>
      <Page size={[BAG_TAG_SIZE.width, BAG_TAG_SIZE.height]} style={styles.page}>
        <Text style={styles.store}>{facts.storeName}</Text>
        <Text style={styles.reference}>{document.reference}</Text>
        <Text style={styles.line}>
          <Text style={styles.label}>{labels.piece} </Text>
          {facts.category} · {document.item.name}
        </Text>
        <Text style={styles.line}>
          <Text style={styles.label}>{labels.weightIn} </Text>
          <Text style={styles.strong}>{facts.weightIn}</Text>
        </Text>
        <Text style={styles.line}>
          <Text style={styles.label}>{labels.serviceType} </Text>
          {facts.serviceType}
        </Text>
        <Text style={styles.line}>
          <Text style={styles.label}>{labels.promisedOn} </Text>
          <Text style={styles.strong}>{facts.promisedOn}</Text>
        </Text>
        <View style={styles.qr}>
          <Svg width={side} height={side} viewBox={`0 0 ${qr.extent} ${qr.extent}`}>
            {qr.rects.map((rect) => (
              <Rect
                key={`${rect.y}:${rect.x}`}
                x={rect.x}
                y={rect.y}
                width={rect.width}
                height={rect.height}
                fill="#000000"
              />
            ))}
          </Svg>
          <Text style={styles.hint}>{labels.tagScanHint}</Text>
        </View>
      </Page>
    </Document>
  );
}

export async function renderBagTagPdf(
  document: IntakeDocument,
  qr: QrDrawing,
  labels: IntakeDocumentLabels,
  locale: Locale,
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(<BagTagDocument document={document} qr={qr} labels={labels} locale={locale} />);
}

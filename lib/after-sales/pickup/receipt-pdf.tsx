import { Document, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT, PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { WEIGHT_TOLERANCE_CG } from "./schemas";
import type { PickupReceipt } from "./queries";
import { pickupReceiptFacts, type PickupReceiptLabels } from "./receipt-labels";

/**
 * The pickup receipt (A5), printed at the counter for the customer to sign: the piece, the
 * weights in and out to 0.01 g and the difference, the note and the acknowledgement, the stones,
 * when and by whom. Every word comes in through `labels`; times are in the store's time zone; the
 * member is named by their masked name only. The fonts of lib/pdf render Chinese on any server.
 */

const INK = "#1c1917";
const MUTED = "#78716c";
const RULE = "#d6d3d1";
const ACCENT = "#b45309";

const styles = StyleSheet.create({
  page: { paddingTop: 36, paddingBottom: 44, paddingHorizontal: 36, fontFamily: PDF_FONT, fontSize: 10, color: INK },
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    borderBottomWidth: 1.5,
    borderBottomColor: ACCENT,
    paddingBottom: 8,
    marginBottom: 14,
  },
  title: { fontFamily: PDF_FONT_BOLD, fontSize: 15 },
  storeName: { fontFamily: PDF_FONT_BOLD, fontSize: 11, textAlign: "right" },
  muted: { color: MUTED },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 10.5, color: ACCENT, marginBottom: 6, marginTop: 10 },
  facts: { borderWidth: 0.5, borderColor: RULE, paddingVertical: 4, paddingHorizontal: 8 },
  fact: { flexDirection: "row", paddingVertical: 3, borderBottomWidth: 0.5, borderBottomColor: "#f5f5f4" },
  factLabel: { width: 90, color: MUTED },
  factValue: { flex: 1 },
  strong: { fontFamily: PDF_FONT_BOLD },
  warning: { color: "#b91c1c", fontFamily: PDF_FONT_BOLD },
  box: { marginTop: 10, paddingVertical: 6, paddingHorizontal: 8, backgroundColor: "#fef3c7" },
  signature: {
    marginTop: 28,
    flexDirection: "row",
    justifyContent: "flex-end",
  },
  signatureLine: { width: 180, borderTopWidth: 0.75, borderTopColor: INK, paddingTop: 4, textAlign: "center" },
  footer: {
    position: "absolute",
    bottom: 20,
    left: 36,
    right: 36,
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

export function PickupReceiptDocument({
  receipt,
  labels,
  locale,
  issuedAt,
}: {
  receipt: PickupReceipt;
  labels: PickupReceiptLabels;
  locale: Locale;
  issuedAt: Date;
}) {
  const facts = pickupReceiptFacts(receipt, labels, locale);
  const beyondTolerance = Math.abs(receipt.differenceCg) > WEIGHT_TOLERANCE_CG;
  const stonesDiffer = receipt.stoneCountIn !== receipt.stoneCountOut;
  return (
    <Document
      title={labels.documentTitle}
      author={facts.storeName}
      creator="Atrium"
      producer="Atrium"
      language={locale}
    >
      <Page size="A5" style={styles.page}>
        <View style={styles.header}>
          <Text style={styles.title}>{labels.title}</Text>
          <View>
            <Text style={styles.storeName}>{facts.storeName}</Text>
            <Text style={[styles.muted, { textAlign: "right" }]}>
              {labels.reference} {receipt.reference}
            </Text>
          </View>
        </View>

        <View style={styles.facts}>
          <Fact label={labels.reference}>{receipt.reference}</Fact>
          <Fact label={labels.customer}>{receipt.memberMaskedName || "—"}</Fact>
          <Fact label={labels.piece}>
            {receipt.item.name} · {labels.category(receipt.item.category)}
          </Fact>
          <Fact label={labels.material}>{receipt.item.material}</Fact>
          <Fact label={labels.service}>{labels.serviceType(receipt.serviceType)}</Fact>
        </View>

        <Text style={styles.sectionTitle}>{labels.weightSection}</Text>
        <View style={styles.facts}>
          <Fact label={labels.weightIn}>{facts.weightIn}</Fact>
          <Fact label={labels.weightOut}>{facts.weightOut}</Fact>
          <Fact label={labels.difference}>
            <Text style={beyondTolerance ? styles.warning : {}}>{facts.difference}</Text>
            {beyondTolerance ? "" : ` (${labels.withinTolerance})`}
          </Fact>
          <Fact label={labels.stonesIn}>{String(receipt.stoneCountIn)}</Fact>
          <Fact label={labels.stonesOut}>
            <Text style={stonesDiffer ? styles.warning : {}}>{String(receipt.stoneCountOut)}</Text>
          </Fact>
          {receipt.weightNote ? <Fact label={labels.note}>{receipt.weightNote}</Fact> : null}
        </View>
        {receipt.weightAcknowledged && (beyondTolerance || stonesDiffer) ? (
          <Text style={styles.box}>{labels.acknowledged}</Text>
        ) : null}

        <View style={[styles.facts, { marginTop: 10 }]}>
          <Fact label={labels.pickedUpAt}>{facts.pickedUpAt}</Fact>
          <Fact label={labels.staff}>{receipt.pickedUpByName ?? "—"}</Fact>
        </View>

        <Text style={[styles.muted, { marginTop: 10 }]}>{labels.declaration}</Text>
        <View style={styles.signature} wrap={false}>
          <Text style={styles.signatureLine}>{labels.customerSignature}</Text>
        </View>

        <View style={styles.footer} fixed>
          <Text>{facts.storeName}</Text>
          <Text>{labels.issuedAt(facts.issuedAt(issuedAt))}</Text>
        </View>
      </Page>
    </Document>
  );
}

export async function renderPickupReceiptPdf(
  receipt: PickupReceipt,
  labels: PickupReceiptLabels,
  locale: Locale,
  issuedAt: Date = new Date(),
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(
    <PickupReceiptDocument receipt={receipt} labels={labels} locale={locale} issuedAt={issuedAt} />,
  );
}

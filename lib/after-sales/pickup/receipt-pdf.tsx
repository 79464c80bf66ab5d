import { renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { PDF_COLORS, PdfDocument, PdfFact, PdfFacts, PdfFooter, PdfHeader } from "@/lib/pdf/layout";
import { WEIGHT_TOLERANCE_CG } from "./schemas";
import type { PickupReceipt } from "./queries";
import { pickupReceiptFacts, type PickupReceiptLabels } from "./receipt-labels";

/**
 * The pickup receipt (A5), printed at the counter for the customer to sign: the piece, the
 * weights in and out to 0.01 g and the difference, the note and the acknowledgement, the stones,
 * when and by whom. Every word comes in through `labels`; times are in the store's time zone; the
 * member is named by their masked name only. The fonts of lib/pdf render Chinese on any server.
 */

const styles = StyleSheet.create({
  sectionTitle: {
    fontFamily: PDF_FONT_BOLD,
    fontSize: 10.5,
    color: PDF_COLORS.accent,
    marginBottom: 6,
    marginTop: 10,
  },
  warning: { color: "#b91c1c", fontFamily: PDF_FONT_BOLD },
  box: { marginTop: 10, paddingVertical: 6, paddingHorizontal: 8, backgroundColor: "#fef3c7" },
  muted: { color: PDF_COLORS.muted, marginTop: 10 },
  signature: { marginTop: 28, flexDirection: "row", justifyContent: "flex-end" },
  signatureLine: {
    width: 180,
    borderTopWidth: 0.75,
    borderTopColor: PDF_COLORS.ink,
    paddingTop: 4,
    textAlign: "center",
  },
});

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <PdfFact label={label} labelWidth={90}>
      {children}
    </PdfFact>
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
    <PdfDocument title={labels.documentTitle} author={facts.storeName} locale={locale} size="A5">
      <PdfHeader title={labels.title} storeName={facts.storeName} aside={`${labels.reference} ${receipt.reference}`} />

      <PdfFacts>
        <Fact label={labels.reference}>{receipt.reference}</Fact>
        <Fact label={labels.customer}>{receipt.memberMaskedName || "—"}</Fact>
        <Fact label={labels.piece}>
          {receipt.item.name} · {labels.category(receipt.item.category)}
        </Fact>
        <Fact label={labels.material}>{receipt.item.material}</Fact>
        <Fact label={labels.service}>{labels.serviceType(receipt.serviceType)}</Fact>
      </PdfFacts>

      <Text style={styles.sectionTitle}>{labels.weightSection}</Text>
      <PdfFacts>
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
      </PdfFacts>
      {receipt.weightAcknowledged && (beyondTolerance || stonesDiffer) ? (
        <Text style={styles.box}>{labels.acknowledged}</Text>
      ) : null}

      <PdfFacts style={{ marginTop: 10 }}>
        <Fact label={labels.pickedUpAt}>{facts.pickedUpAt}</Fact>
        <Fact label={labels.staff}>{receipt.pickedUpByName ?? "—"}</Fact>
      </PdfFacts>

      <Text style={styles.muted}>{labels.declaration}</Text>
      <View style={styles.signature} wrap={false}>
        <Text style={styles.signatureLine}>{labels.customerSignature}</Text>
      </View>

      <PdfFooter left={facts.storeName} right={labels.issuedAt(facts.issuedAt(issuedAt))} />
    </PdfDocument>
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

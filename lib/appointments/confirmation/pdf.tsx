import { renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { PDF_COLORS, PdfDocument, PdfFact, PdfFacts, PdfFooter, PdfHeader } from "@/lib/pdf/layout";
import { confirmationFacts, type VisitConfirmationLabels } from "./labels";
import type { VisitConfirmation } from "./queries";

/**
 * A visit's confirmation (A5), to print or send to the member. Every word comes in through
 * `labels` (see confirmationLabels); dates and times are in the store's time zone. The member is
 * named by their masked name only. The fonts of lib/pdf render Chinese on any server.
 */

const styles = StyleSheet.create({
  greeting: { fontFamily: PDF_FONT_BOLD, fontSize: 11, marginBottom: 4 },
  intro: { marginBottom: 12 },
  cancelled: { color: "#b91c1c", fontFamily: PDF_FONT_BOLD },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 10.5, color: PDF_COLORS.accent, marginBottom: 6, marginTop: 6 },
  paragraph: { marginBottom: 4 },
  policy: { marginTop: 12, paddingVertical: 6, paddingHorizontal: 8, backgroundColor: "#fef3c7" },
});

export function VisitConfirmationDocument({
  confirmation,
  labels,
  locale,
  issuedAt,
}: {
  confirmation: VisitConfirmation;
  labels: VisitConfirmationLabels;
  locale: Locale;
  issuedAt: Date;
}) {
  const facts = confirmationFacts(confirmation, locale);
  const cancelled = confirmation.status === "cancelled";
  return (
    <PdfDocument title={labels.documentTitle} author={facts.storeName} locale={locale} size="A5">
      <PdfHeader
        title={labels.title}
        storeName={facts.storeName}
        aside={`${labels.reference} ${confirmation.reference}`}
      />

      <Text style={styles.greeting}>{labels.greeting(confirmation.maskedName)}</Text>
      <Text style={[styles.intro, cancelled ? styles.cancelled : {}]}>{labels.intro[confirmation.status]}</Text>

      <Text style={styles.sectionTitle}>{labels.detailsSection}</Text>
      <PdfFacts>
        <PdfFact label={labels.type}>{facts.typeName}</PdfFact>
        <PdfFact label={labels.date}>{facts.date}</PdfFact>
        <PdfFact label={labels.time}>{facts.time}</PdfFact>
        <PdfFact label={labels.store}>{facts.storeName}</PdfFact>
        <PdfFact label={labels.advisor}>{confirmation.advisorName}</PdfFact>
        {facts.roomName ? <PdfFact label={labels.room}>{facts.roomName}</PdfFact> : null}
        <PdfFact label={labels.status}>{labels.statuses[confirmation.status]}</PdfFact>
      </PdfFacts>

      {cancelled ? null : (
        <View wrap={false}>
          <Text style={styles.sectionTitle}>{labels.notesSection}</Text>
          <Text style={styles.paragraph}>{labels.whatToBring}</Text>
          {confirmation.note ? <Text style={styles.paragraph}>{labels.note(confirmation.note)}</Text> : null}
        </View>
      )}

      <Text style={styles.policy}>{labels.policy}</Text>

      <PdfFooter left={facts.storeName} right={labels.issuedAt(facts.issuedAt(issuedAt))} />
    </PdfDocument>
  );
}

export async function renderVisitConfirmationPdf(
  confirmation: VisitConfirmation,
  labels: VisitConfirmationLabels,
  locale: Locale,
  issuedAt: Date = new Date(),
): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(
    <VisitConfirmationDocument confirmation={confirmation} labels={labels} locale={locale} issuedAt={issuedAt} />,
  );
}

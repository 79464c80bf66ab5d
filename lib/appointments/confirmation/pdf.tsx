import { Document, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT, PDF_FONT_BOLD, registerPdfFonts } from "@/lib/pdf/fonts";
import { confirmationFacts, type VisitConfirmationLabels } from "./labels";
import type { VisitConfirmation } from "./queries";

/**
 * A visit's confirmation (A5), to print or send to the member. Every word comes in through
 * `labels` (see confirmationLabels); dates and times are in the store's time zone. The member is
 * named by their masked name only. The fonts of lib/pdf render Chinese on any server.
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
  greeting: { fontFamily: PDF_FONT_BOLD, fontSize: 11, marginBottom: 4 },
  intro: { marginBottom: 12 },
  cancelled: { color: "#b91c1c", fontFamily: PDF_FONT_BOLD },
  sectionTitle: { fontFamily: PDF_FONT_BOLD, fontSize: 10.5, color: ACCENT, marginBottom: 6, marginTop: 6 },
  facts: { borderWidth: 0.5, borderColor: RULE, paddingVertical: 4, paddingHorizontal: 8 },
  fact: { flexDirection: "row", paddingVertical: 3, borderBottomWidth: 0.5, borderBottomColor: "#f5f5f4" },
  factLabel: { width: 80, color: MUTED },
  factValue: { flex: 1 },
  paragraph: { marginBottom: 4 },
  policy: {
    marginTop: 12,
    paddingVertical: 6,
    paddingHorizontal: 8,
    backgroundColor: "#fef3c7",
  },
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
              {labels.reference} {confirmation.reference}
            </Text>
          </View>
        </View>

        <Text style={styles.greeting}>{labels.greeting(confirmation.maskedName)}</Text>
        <Text style={[styles.intro, cancelled ? styles.cancelled : {}]}>{labels.intro[confirmation.status]}</Text>

        <Text style={styles.sectionTitle}>{labels.detailsSection}</Text>
        <View style={styles.facts}>
          <Fact label={labels.type}>{facts.typeName}</Fact>
          <Fact label={labels.date}>{facts.date}</Fact>
          <Fact label={labels.time}>{facts.time}</Fact>
          <Fact label={labels.store}>{facts.storeName}</Fact>
          <Fact label={labels.advisor}>{confirmation.advisorName}</Fact>
          {facts.roomName ? <Fact label={labels.room}>{facts.roomName}</Fact> : null}
          <Fact label={labels.status}>{labels.statuses[confirmation.status]}</Fact>
        </View>

        {cancelled ? null : (
          <View wrap={false}>
            <Text style={styles.sectionTitle}>{labels.notesSection}</Text>
            <Text style={styles.paragraph}>{labels.whatToBring}</Text>
            {confirmation.note ? <Text style={styles.paragraph}>{labels.note(confirmation.note)}</Text> : null}
          </View>
        )}

        <Text style={styles.policy}>{labels.policy}</Text>

        <View style={styles.footer} fixed>
          <Text>{facts.storeName}</Text>
          <Text>{labels.issuedAt(facts.issuedAt(issuedAt))}</Text>
        </View>
      </Page>
    </Document>
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

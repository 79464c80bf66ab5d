import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { PDF_FONT, PDF_FONT_BOLD } from "./fonts";

/**
 * The parts every printed document shares (receipts, confirmations, statements): the palette, the
 * page with its document metadata, the header rule with the title and the store, rows of facts and
 * the footer that repeats on every page. A document sets its own type size through `density`.
 */

/** One style object, as StyleSheet.create takes them. */
type Style = Parameters<typeof StyleSheet.create>[0][string];

export const PDF_COLORS = { ink: "#1c1917", muted: "#78716c", rule: "#d6d3d1", accent: "#b45309" } as const;

/** Type sizes and spacing: `regular` for A5 receipts and A4 statements, `compact` for a dense A5. */
const DENSITY = {
  regular: {
    margin: 36,
    footer: 20,
    fontSize: 10,
    title: 15,
    store: 11,
    headerGap: 8,
    headerBelow: 14,
    factPadding: 3,
  },
  compact: { margin: 26, footer: 16, fontSize: 8, title: 14, store: 10, headerGap: 6, headerBelow: 10, factPadding: 2 },
} as const;
export type PdfDensity = keyof typeof DENSITY;

const styles = StyleSheet.create({
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    borderBottomWidth: 1.5,
    borderBottomColor: PDF_COLORS.accent,
  },
  title: { fontFamily: PDF_FONT_BOLD },
  storeName: { fontFamily: PDF_FONT_BOLD, textAlign: "right" },
  muted: { color: PDF_COLORS.muted },
  facts: { borderWidth: 0.5, borderColor: PDF_COLORS.rule, paddingVertical: 4, paddingHorizontal: 8 },
  fact: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#f5f5f4" },
  factLabel: { color: PDF_COLORS.muted },
  factValue: { flex: 1 },
  footer: {
    position: "absolute",
    flexDirection: "row",
    justifyContent: "space-between",
    color: PDF_COLORS.muted,
    fontSize: 7.5,
  },
});

/** One document of one page size, with its metadata (title, author, language) and the fonts that render Chinese. */
export function PdfDocument({
  title,
  author,
  locale,
  size,
  density = "regular",
  pageStyle,
  children,
}: {
  title: string;
  author?: string;
  locale: Locale;
  size: "A4" | "A5";
  density?: PdfDensity;
  pageStyle?: Style;
  children: ReactNode;
}) {
  const d = DENSITY[density];
  const page: Style = {
    paddingTop: d.margin,
    paddingBottom: d.margin + 8,
    paddingHorizontal: d.margin,
    fontFamily: PDF_FONT,
    fontSize: d.fontSize,
    color: PDF_COLORS.ink,
    ...pageStyle,
  };
  return (
    <Document title={title} author={author} creator="Atrium" producer="Atrium" language={locale}>
      <Page size={size} style={page}>
        {children}
      </Page>
    </Document>
  );
}

/** The title on the left, the store and a reference (or any line) on the right, over the accent rule. */
export function PdfHeader({
  title,
  subtitle,
  storeName,
  aside,
  density = "regular",
}: {
  title: string;
  subtitle?: string;
  storeName: string;
  aside: string;
  density?: PdfDensity;
}) {
  const d = DENSITY[density];
  return (
    <View style={[styles.header, { paddingBottom: d.headerGap, marginBottom: d.headerBelow }]}>
      <View>
        <Text style={[styles.title, { fontSize: d.title }]}>{title}</Text>
        {subtitle ? <Text style={[styles.muted, { marginTop: 2 }]}>{subtitle}</Text> : null}
      </View>
      <View>
        <Text style={[styles.storeName, { fontSize: d.store }]}>{storeName}</Text>
        <Text style={[styles.muted, { textAlign: "right" }]}>{aside}</Text>
      </View>
    </View>
  );
}

/** A framed block of fact rows. */
export function PdfFacts({ children, style }: { children: ReactNode; style?: Style }) {
  return <View style={style ? [styles.facts, style] : styles.facts}>{children}</View>;
}

/** A label and its value on one row, kept together across a page break. */
export function PdfFact({
  label,
  labelWidth = 80,
  density = "regular",
  children,
}: {
  label: string;
  labelWidth?: number;
  density?: PdfDensity;
  children: ReactNode;
}) {
  return (
    <View style={[styles.fact, { paddingVertical: DENSITY[density].factPadding }]} wrap={false}>
      <Text style={[styles.factLabel, { width: labelWidth }]}>{label}</Text>
      <Text style={styles.factValue}>{children}</Text>
    </View>
  );
}

/** The line at the foot of every page: the store on the left, when it was issued on the right. */
export function PdfFooter({ left, right, density = "regular" }: { left: string; right: string; density?: PdfDensity }) {
  const d = DENSITY[density];
  return (
    <View style={[styles.footer, { bottom: d.footer, left: d.margin, right: d.margin }]} fixed>
      <Text>{left}</Text>
      <Text>{right}</Text>
    </View>
  );
}

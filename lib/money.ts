/**
 * Money is integer fen everywhere; it becomes yuan text only here, at the edge. The arithmetic is
 * done on integers and handed to Intl as a decimal string, so no float ever rounds a fen away.
 */

function fenToDecimalString(fen: number | bigint): string {
  const value = typeof fen === "bigint" ? fen : BigInt(Math.trunc(fen));
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${yuan}.${cents}`;
}

/** 123450 → "¥1,234.50" (in the given locale's grouping). */
// Building an Intl.NumberFormat costs far more than using one; a page formats dozens of amounts.
const yuanFormats = new Map<string, Intl.NumberFormat>();

export function formatFen(fen: number | bigint, locale: string = "zh-CN"): string {
  let format = yuanFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "CNY",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    yuanFormats.set(locale, format);
  }
  // Intl accepts decimal strings exactly (ECMA-402 NumberFormat v3); the cast keeps older lib typings quiet.
  return format.format(fenToDecimalString(fen) as unknown as number);
}

/** "1234.5" / "1,234.50" / "¥1234" → 123450; null when the text is not an amount of yuan with at most two decimals. */
export function parseYuanToFen(text: string | null | undefined): number | null {
  const cleaned = (text ?? "").normalize("NFKC").replace(/[¥￥,\s]/g, "");
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 123450 → "1234.50", for an input field holding yuan. */
export function fenToYuanInput(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? "" : fenToDecimalString(fen);
}

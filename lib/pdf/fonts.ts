import path from "node:path";
import { Font } from "@react-pdf/renderer";

/**
 * The fonts every PDF document embeds, shipped with the app (lib/pdf/fonts/, built by
 * scripts/build-pdf-font.sh from Noto Sans CJK SC, SIL OFL 1.1): a server without Chinese system
 * fonts still renders Chinese. @react-pdf/renderer cannot read the .ttc collections the system has.
 *
 * Bold covers GB2312 only (it is for headings and labels, to keep the file small); a bold style
 * lists Regular after it, so that a rarer character in, say, a member's name falls back to Regular
 * instead of vanishing.
 */

export const PDF_FONT = "NotoSansSC";
const PDF_FONT_BOLD_ONLY = "NotoSansSCBold";
/** For a style's fontFamily: bold where the bold face has the glyph, regular otherwise. */
export const PDF_FONT_BOLD: string[] = [PDF_FONT_BOLD_ONLY, PDF_FONT];

/** Absolute, from the project root, so that it resolves the same under next dev, next start and vitest. */
export const PDF_FONT_DIR = path.join(process.cwd(), "lib", "pdf", "fonts");

let registered = false;

/** Ideographs, CJK punctuation and full-width forms: a line may break before or after any one of them. */
const CJK_OR_OTHER =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+/g;

/**
 * Where a "word" may be broken. Chinese has no spaces, and react-pdf only breaks at spaces or at
 * hyphenation points (where it draws a hyphen). Between Chinese characters we put an empty piece,
 * which react-pdf lays out as zero-width glue: a break point without a hyphen. Latin words are
 * never hyphenated (card numbers, e-mail addresses and names must stay whole).
 */
export function breakPoints(word: string): string[] {
  const pieces = word.match(CJK_OR_OTHER) ?? [word];
  if (pieces.length <= 1) return [word];
  return pieces.flatMap((piece, index) => (index === 0 ? [piece] : ["", piece]));
}

/** Registers the fonts and the line-breaking rule once per process; every document calls it before rendering. */
export function registerPdfFonts(): void {
  if (registered) return;
  Font.register({ family: PDF_FONT, src: path.join(PDF_FONT_DIR, "NotoSansSC-Regular.otf") });
  Font.register({ family: PDF_FONT_BOLD_ONLY, src: path.join(PDF_FONT_DIR, "NotoSansSC-Bold.otf") });
  Font.registerHyphenationCallback(breakPoints);
  registered = true;
}

import { stringify } from "csv-stringify/sync";

/** Excel needs the byte-order mark to read a CSV as UTF-8 (else Chinese turns into mojibake). */
export const UTF8_BOM = "\uFEFF";

/** Rows as CSV the way spreadsheets on Windows expect them: quoted where needed, CRLF line ends. */
export function csvRows(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { record_delimiter: "\r\n" });
}

/**
 * A cell of text that came from people (names, addresses, store names) made safe for spreadsheets
 * (CSV injection): one starting with = + - @ or a control character is prefixed with ' and read as text.
 */
export function spreadsheetText(value: string | null | undefined): string {
  if (value == null) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The text a person typed, from a cell that `spreadsheetText` protected (a file we wrote, fixed and uploaded again). */
export function unprotectSpreadsheetText(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

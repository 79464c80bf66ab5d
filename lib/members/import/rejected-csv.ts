import { csvRows, spreadsheetText, UTF8_BOM } from "@/lib/csv";
import type { ParsedCsv } from "./csv";
import type { RejectReason } from "./analyze";

/**
 * The rejected rows with their original columns, the file line and the reason, as UTF-8 CSV with a
 * BOM (so that Excel on a Chinese Windows opens it correctly). The original cells came from an
 * uploaded file: each is made spreadsheet-safe, so a formula in them does not run when opened.
 */
export function rejectedRowsCsv(
  csv: ParsedCsv,
  rejectedLines: Map<number, RejectReason>,
  labels: { line: string; reason: string; describe?: (why: RejectReason) => string },
): string {
  const describe = labels.describe ?? ((why: RejectReason) => why);
  const rows = csv.records
    .filter((r) => rejectedLines.has(r.line))
    .map((r) => [String(r.line), describe(rejectedLines.get(r.line)!), ...r.cells.map(spreadsheetText)]);
  return UTF8_BOM + csvRows([[labels.line, labels.reason, ...csv.header.map(spreadsheetText)], ...rows]);
}

import { parse } from "csv-parse/sync";

export type CsvRecord = {
  /** The line of the file this record starts on, the header being line 1 (as an editor shows it). */
  line: number;
  cells: string[];
};

export type ParsedCsv = { header: string[]; records: CsvRecord[] };

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Parses CSV text with csv-parse. Line numbers come from each record's raw text, so quoted fields
 * that span lines (and blank lines) keep the numbering of the file. Records whose cells are all
 * blank are left out.
 */
export function parseCsvText(text: string): ParsedCsv {
  const parsed = parse(text, {
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
  }) as unknown as { record: string[]; raw: string }[];
  let line = 1;
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  for (const { record, raw } of parsed) {
    const startLine = line;
    line += raw.match(LINE_BREAK)?.length ?? 0;
    if (record.every((cell) => cell.trim() === "")) continue;
    if (!header) header = record.map((cell) => cell.trim());
    else records.push({ line: startLine, cells: record });
  }
  return { header: header ?? [], records };
}

import { parseCsvText, type ParsedCsv } from "./csv";
import { decodeCsvBytes, type ImportEncoding } from "./decode";
import { guessColumnMapping, type ColumnMapping } from "./mapping";

export type PreparedFile = { encoding: ImportEncoding; csv: ParsedCsv; guessedMapping: ColumnMapping };

/** Bytes of an uploaded export → decoded, parsed, with a guessed column mapping. */
export function prepareImportFile(bytes: Uint8Array, encoding?: ImportEncoding | "auto"): PreparedFile {
  const decoded = decodeCsvBytes(bytes, encoding);
  const csv = parseCsvText(decoded.text);
  return { encoding: decoded.encoding, csv, guessedMapping: guessColumnMapping(csv.header) };
}

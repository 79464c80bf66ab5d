/**
 * npm run sla:due -- --file CASES.json
 *
 * Computes the SLA due time of every case in a file shaped like tests/fixtures/sla-cases.json
 * ({ about?, cases: [...] }) and prints the same JSON with each case's `dueAt` filled in (any given
 * one is replaced) as the last line of stdout: an ISO instant with the store's offset
 * ("2026-11-23T14:00:00+08:00"), or null while an open pause holds the clock before the target.
 * Nothing is read from the database: each case carries its calendar, start, target and pauses.
 * Exit code 2: no file, unreadable file, invalid cases, or a calendar without open time.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { formatSlaInstant, slaDueAt } from "@/lib/complaints/sla/clock";
import { slaCasesFileSchema } from "@/lib/complaints/sla/schemas";

const USAGE = "Usage: npm run sla:due -- --file CASES.json";

function fail(...lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(2);
}

let file: string | undefined;
try {
  ({
    values: { file },
  } = parseArgs({ options: { file: { type: "string" } } }));
} catch (error) {
  fail(USAGE, error instanceof Error ? error.message : String(error));
}
if (!file) fail(USAGE, "--file is required.");

let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (error) {
  fail(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}

let raw: unknown;
try {
  raw = JSON.parse(text);
} catch (error) {
  fail(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
}

const parsed = slaCasesFileSchema.safeParse(raw);
if (!parsed.success) fail(`${file} does not hold SLA cases:`, z.prettifyError(parsed.error));

// The file's own objects go back out (key order, pause shape and anything extra kept); only `dueAt` changes.
const original = raw as { cases: Record<string, unknown>[] };
const cases = parsed.data.cases.map((testCase, index) => {
  let dueAt: Date | null;
  try {
    dueAt = slaDueAt(testCase);
  } catch (error) {
    fail(`${file}: case ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...original.cases[index],
    dueAt: dueAt && formatSlaInstant(dueAt, testCase.calendar.timeZone),
  };
});
console.error(
  `${file}: ${cases.map((testCase, index) => `case ${index + 1}: ${testCase.dueAt ?? "paused"}`).join(", ")}`,
);
console.log(JSON.stringify({ ...original, cases }));

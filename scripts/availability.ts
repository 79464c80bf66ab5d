/**
 * npm run availability -- --file CASES.json
 *
 * Computes the free appointment starts of every case in a file shaped like
 * tests/fixtures/availability-cases.json ({ about?, cases: [...] }) and prints the same JSON with each
 * case's `slots` filled in (any given ones are replaced) as the last line of stdout. Nothing is read
 * from the database: each case carries its hours, bookings, time off, closures and clock.
 * Exit code 2: no file, unreadable file or invalid cases.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { availabilityCasesFileSchema } from "@/lib/appointments/availability/schemas";
import { slotTimes } from "@/lib/appointments/availability/slots";

const USAGE = "Usage: npm run availability -- --file CASES.json";

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

const parsed = availabilityCasesFileSchema.safeParse(raw);
if (!parsed.success) fail(`${file} does not hold availability cases:`, z.prettifyError(parsed.error));

// The file's own objects go back out (key order and anything extra kept); only `slots` changes.
const original = raw as { cases: Record<string, unknown>[] };
const cases = parsed.data.cases.map((testCase, index) => ({ ...original.cases[index], slots: slotTimes(testCase) }));
console.error(
  `${file}: ${cases.map((testCase, index) => `case ${index + 1}: ${testCase.slots.length} free starts`).join(", ")}`,
);
console.log(JSON.stringify({ ...original, cases }));

/**
 * npm run members:import -- --file PATH [--commit] [--json] [--store CODE] [--encoding utf-8|gbk]
 *
 * Imports members from an old system's CSV export: a dry run (the report only) unless --commit.
 * With --json the last line printed is one JSON object with the counts.
 */
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { analyzeImport } from "@/lib/members/import/analyze";
import { IMPORT_ENCODINGS } from "@/lib/members/import/decode";
import { todayIn } from "@/lib/time";
import { prepareImportFile } from "@/lib/members/import/prepare";
import { commitImport, withDatabaseMatches } from "@/lib/members/import/service";
import { resolveImportStores } from "@/lib/members/import/stores";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

const USAGE = "Usage: npm run members:import -- --file PATH [--commit] [--json] [--store CODE] [--encoding utf-8|gbk]";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    commit: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    store: { type: "string" },
    encoding: { type: "string" },
  },
});
const args = z
  .object({
    file: z.string().min(1),
    commit: z.boolean(),
    json: z.boolean(),
    store: z.string().min(1).optional(),
    encoding: z.enum(IMPORT_ENCODINGS).optional(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(USAGE);
  console.error(z.prettifyError(args.error));
  process.exit(2);
}
const { file, commit, json, store, encoding } = args.data;
if (!fs.existsSync(file)) {
  console.error(`No such file: ${file}`);
  process.exit(2);
}

// Human-readable lines go to stderr when --json is asked for, so that stdout ends with the JSON object.
const say = (line: string) => (json ? console.error(line) : console.log(line));

const handle = await openMigratedDatabase();
let exitCode = 0;
try {
  const started = performance.now();
  const stores = await resolveImportStores(handle.db, { kind: "all" }, store ? { code: store } : {}).catch(() => {
    throw new Error(
      store
        ? `No active store with code ${store}.`
        : "No active store: create one first (the import needs a home store).",
    );
  });
  const prepared = prepareImportFile(fs.readFileSync(file), encoding);
  const missing = (["name", "phone"] as const).filter((field) => prepared.guessedMapping[field] === null);
  if (missing.length > 0)
    throw new Error(`The header has no column for: ${missing.join(", ")} (header: ${prepared.csv.header.join(", ")}).`);
  const { report, members } = analyzeImport(prepared.csv, prepared.guessedMapping, { today: todayIn(stores.timeZone) });
  const dryRun = await withDatabaseMatches(handle.db, report, members, stores.scope);

  say(`Database: ${describeDatabase()}; home store ${stores.defaultStoreCode}; file ${file} (${prepared.encoding})`);
  say(
    `Rows ${dryRun.rows}: ${dryRun.distinct_valid_members} members (${dryRun.existing_members_matched} already in the database), ` +
      `${dryRun.duplicate_rows} duplicate rows, ${dryRun.invalid_rows} rejected, ${dryRun.birthday_warnings} birthdays dropped`,
  );
  for (const { row, why } of dryRun.invalid.slice(0, 20)) say(`  rejected line ${row}: ${why}`);
  if (dryRun.invalid.length > 20) say(`  … and ${dryRun.invalid.length - 20} more rejected rows`);

  let committed: Awaited<ReturnType<typeof commitImport>> | null = null;
  if (commit) {
    let lastShown = -1;
    committed = await commitImport(handle.db, members, {
      actor: { label: `cli:${os.userInfo().username}` },
      stores,
      report,
      encoding: prepared.encoding,
      onProgress: ({ rowsDone, rowsTotal }) => {
        const percent = rowsTotal === 0 ? 100 : Math.floor((rowsDone / rowsTotal) * 100);
        if (percent !== lastShown) process.stderr.write(`\rImporting… ${rowsDone}/${rowsTotal} rows (${percent}%)`);
        lastShown = percent;
      },
    });
    process.stderr.write("\n");
    say(
      `Committed: ${committed.membersCreated} members created, ${committed.membersMatched} matched, ${committed.cardsAdded} cards added.`,
    );
  } else {
    say("Dry run: nothing was written. Add --commit to import.");
  }
  const seconds = (performance.now() - started) / 1000;
  if (json) {
    const { invalid, warnings, conflicts, ...counts } = dryRun;
    console.log(
      JSON.stringify({
        ...counts,
        encoding: prepared.encoding,
        store: stores.defaultStoreCode,
        committed: commit,
        ...(committed ?? {}),
        seconds: Math.round(seconds * 1000) / 1000,
        invalid,
        warnings,
        conflicts,
      }),
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);

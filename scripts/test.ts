/**
 * `npm test`: unit tests, integration tests on PGlite and on a throwaway PostgreSQL server, then
 * end-to-end tests in Chromium against `next start` on a freshly seeded PostgreSQL database.
 *
 *   npm test [-- --only unit|int|e2e] [--skip-build] [FILTER…]
 *
 * A FILTER narrows the run to matching files: vitest's file filters (a part of the path, e.g.
 * `lib/loyalty/points`), or Playwright's spec filters for a filter under e2e/ or ending in
 * `.spec.ts` (and for every filter with `--only e2e`). Without `--only`, only the parts that have a
 * matching file run, so `npm test -- lib/stores` starts no browser and `npm test --
 * e2e/loyalty.spec.ts` no vitest.
 *
 * Ends with one line "N passed, N failed" and exits non-zero when anything failed or nothing ran.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startPgServer, type PgServer } from "./lib/pg-server";

type Part = "unit" | "int" | "e2e";
type SuiteResult = { name: string; passed: number; failed: number; skipped: number; note?: string };

const root = process.cwd();
const args = process.argv.slice(2);

const USAGE = "usage: npm test [-- --only unit|int|e2e] [--skip-build] [FILTER…]";

function parseArgs() {
  let only: Part | undefined;
  let skipBuild = process.env.ATRIUM_SKIP_BUILD === "1";
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg.includes("=") ? arg.slice("--only=".length) : args[++i];
      if (value !== "unit" && value !== "int" && value !== "e2e")
        fail(`--only takes unit, int or e2e (got ${value ?? "nothing"})`);
      only = value;
    } else if (arg === "--skip-build") {
      skipBuild = true;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) {
      fail(`unknown option: ${arg}\n${USAGE}`);
    } else {
      filters.push(arg);
    }
  }
  return { only, skipBuild, filters };
}

/** A filter meant for Playwright: a path under e2e/ or a spec file name. */
function isE2eFilter(filter: string): boolean {
  return /^(\.\/)?e2e(\/|$)/.test(filter) || /\.spec\.[cm]?[jt]sx?$/.test(filter);
}

const SKIPPED_DIRS = new Set(["node_modules", "test-results", "playwright-report"]);

/** Test files of the vitest projects (the include patterns of vitest.config.ts), relative to the root. */
function vitestFiles(): { unit: string[]; int: string[] } {
  const found = { unit: [] as string[], int: [] as string[] };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Hidden folders (.next, .data, .git) and the Playwright specs are not vitest's.
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".") && rel !== "e2e") walk(rel);
      } else if (entry.name.endsWith(".int.test.ts")) found.int.push(rel);
      else if (entry.name.endsWith(".test.ts")) found.unit.push(rel);
    }
  };
  walk("");
  return found;
}

/**
 * Whether vitest would pick a file for these filters: like vitest, a case-insensitive part of the
 * path relative to the root (a trailing `:line` is vitest's test-line filter and names the file).
 * Only used to decide which parts to start; vitest itself still applies the filters.
 */
function matchesAny(file: string, filters: string[]): boolean {
  const name = file.toLowerCase();
  return filters.some((filter) => {
    const plain = filter.replace(/:\d+$/, "");
    const part = (path.isAbsolute(plain) ? path.relative(root, plain) : plain).replace(/^\.\//, "").toLowerCase();
    return name.includes(part);
  });
}

function fail(message: string): never {
  console.error(`scripts/test.ts: ${message}`);
  process.exit(2);
}

function banner(text: string) {
  console.log(`\n━━━ ${text} ${"━".repeat(Math.max(0, 70 - text.length))}\n`);
}

/** A project binary: node_modules/.bin when installed (what npx would run), else npx. */
function bin(name: string): { cmd: string; prefix: string[] } {
  const local = path.join(root, "node_modules", ".bin", name);
  return fs.existsSync(local) ? { cmd: local, prefix: [] } : { cmd: "npx", prefix: ["--no-install", name] };
}

/** Runs a command with the console as its output; resolves with its exit code. */
function run(name: string, commandArgs: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  const { cmd, prefix } = bin(name);
  return new Promise((resolve) => {
    const child = spawn(cmd, [...prefix, ...commandArgs], {
      stdio: "inherit",
      env: { ...process.env, ...env },
      cwd: root,
    });
    child.on("error", (error) => {
      console.error(`failed to start ${name}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-test-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

type VitestSummary = {
  projects: Record<string, { passed: number; failed: number; skipped: number }>;
  brokenFiles: { project: string; file: string }[];
  unhandledErrors: number;
};

async function runVitest(projects: string[], pgUrl: string | undefined, filters: string[]): Promise<SuiteResult[]> {
  const summaryFile = path.join(tmp, `vitest-${projects.join("+")}.json`);
  const projectArgs = projects.flatMap((p) => ["--project", p]);
  // With filters, a project that matches none of them has nothing to run: not a failure.
  const filterArgs = filters.length ? ["--passWithNoTests", ...filters] : [];
  const code = await run("vitest", ["run", ...projectArgs, ...filterArgs], {
    ATRIUM_VITEST_SUMMARY: summaryFile,
    ...(pgUrl ? { ATRIUM_TEST_PG_URL: pgUrl } : {}),
  });
  if (!fs.existsSync(summaryFile)) {
    return [
      {
        name: `vitest (${projects.join(", ")})`,
        passed: 0,
        failed: 1,
        skipped: 0,
        note: `vitest exited ${code} without results`,
      },
    ];
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8")) as VitestSummary;
  const results: SuiteResult[] = projects.map((project) => {
    const counts = summary.projects[project] ?? { passed: 0, failed: 0, skipped: 0 };
    const broken = summary.brokenFiles.filter((b) => b.project === project).map((b) => b.file);
    return { name: project, ...counts, note: broken.length ? `failed to run: ${broken.join(", ")}` : undefined };
  });
  const counted = results.reduce((n, r) => n + r.failed, 0);
  if (summary.unhandledErrors > 0) {
    results.push({
      name: "vitest",
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `${summary.unhandledErrors} unhandled error(s)`,
    });
  } else if (code !== 0 && counted === 0) {
    results.push({ name: "vitest", passed: 0, failed: 1, skipped: 0, note: `vitest exited ${code}` });
  }
  return results;
}

type PlaywrightReport = {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: unknown[];
};

function hasSpecs(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).some((f) => /\.(spec|test)\.[cm]?[jt]sx?$/.test(f));
}

async function runE2e(server: PgServer, skipBuild: boolean, filters: string[]): Promise<SuiteResult> {
  if (!hasSpecs(path.join(root, "e2e"))) {
    console.log("e2e/ has no spec files yet: skipping the end-to-end tests.");
    return { name: "e2e", passed: 0, failed: 0, skipped: 0, note: "skipped: no spec files in e2e/" };
  }
  const broken = (note: string): SuiteResult => ({ name: "e2e", passed: 0, failed: 1, skipped: 0, note });

  banner("e2e: database");
  const databaseUrl = await server.createDatabase("atrium_e2e");
  const authSecret = randomBytes(36).toString("base64url"); // 48 characters
  const appEnv = { DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret };
  if ((await run("tsx", ["scripts/db-seed.ts"], appEnv)) !== 0) return broken("seeding the e2e database failed");

  const buildExists = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  if (skipBuild && buildExists) {
    console.log("Using the existing build in .next (--skip-build).");
  } else {
    if (skipBuild) console.log("--skip-build given but .next/BUILD_ID is missing: building.");
    banner("e2e: next build");
    if ((await run("next", ["build"], appEnv)) !== 0) return broken("next build failed");
  }

  banner("e2e: playwright");
  const port = await freePort();
  const reportFile = path.join(tmp, "playwright.json");
  const code = await run("playwright", ["test", "--reporter=list,json", ...filters], {
    ...appEnv,
    PORT: String(port),
    E2E_BASE_URL: `http://localhost:${port}`,
    PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
  });
  if (!fs.existsSync(reportFile)) return broken(`playwright exited ${code} without a report`);
  const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as PlaywrightReport;
  const stats = report.stats ?? {};
  const result: SuiteResult = {
    name: "e2e",
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
    note: stats.flaky ? `${stats.flaky} flaky` : undefined,
  };
  if (result.failed === 0 && (code !== 0 || (report.errors?.length ?? 0) > 0)) {
    result.failed = 1;
    result.note = `playwright exited ${code} with ${report.errors?.length ?? 0} error(s) outside tests`;
  }
  return result;
}

async function main() {
  const { only, skipBuild, filters } = parseArgs();
  // With --only every filter goes to that part; without, each filter goes where it belongs.
  const e2eFilters = only === "e2e" ? filters : only ? [] : filters.filter(isE2eFilter);
  const vitestFilters = only === "e2e" ? [] : only ? filters : filters.filter((f) => !isE2eFilter(f));
  const files = vitestFilters.length ? vitestFiles() : undefined;
  const hasMatch = (part: "unit" | "int") => !files || files[part].some((file) => matchesAny(file, vitestFilters));
  const wants = (part: Part) => {
    if (only && only !== part) return false;
    if (!only && filters.length)
      return part === "e2e" ? e2eFilters.length > 0 : vitestFilters.length > 0 && hasMatch(part);
    return true;
  };
  if (filters.length) {
    const parts = (["unit", "int", "e2e"] as const).filter(wants);
    console.log(`Filters: ${filters.join(" ")} → ${parts.length ? parts.join(", ") : "no matching test files"}`);
  }
  const results: SuiteResult[] = [];
  const started = Date.now();

  let server: PgServer | undefined;
  try {
    if (wants("int") || wants("e2e")) {
      banner("PostgreSQL");
      server = await startPgServer();
      console.log(`Throwaway PostgreSQL ${server.version} at ${server.url}`);
    }

    const projects = [...(wants("unit") ? ["unit"] : []), ...(wants("int") ? ["int-pglite", "int-postgres"] : [])];
    if (projects.length) {
      banner(`vitest: ${projects.join(", ")}`);
      results.push(...(await runVitest(projects, server?.url, vitestFilters)));
    }

    if (wants("e2e")) {
      try {
        results.push(await runE2e(server!, skipBuild, e2eFilters));
      } catch (error) {
        console.error(error);
        results.push({ name: "e2e", passed: 0, failed: 1, skipped: 0, note: `error: ${(error as Error).message}` });
      }
    }
  } finally {
    await server?.stop();
  }

  banner("Summary");
  for (const r of results) {
    const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`;
    console.log(`  ${r.failed ? "✗" : "✓"} ${r.name.padEnd(14)} ${counts}${r.note ? `  (${r.note})` : ""}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`  time: ${Math.round((Date.now() - started) / 1000)} s\n`);
  if (passed + failed === 0) console.error("No tests ran.");
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed + failed === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});

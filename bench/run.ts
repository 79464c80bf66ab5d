/**
 * `npm run bench [-- --scenario NAME] [--duration S] [--connections N] [--members N] [--transactions N] [--write-results]`:
 * runs the scenarios against a throwaway real PostgreSQL server and the production build, and writes
 * bench/results/<scenario>.json. Duration and connections default to 15 s and 16 unless a scenario
 * sets its own defaults (pos-ingest: 30 s, 32); the flags override both. Every scenario with a load
 * is compared with framework-bare (the framework's floor) and framework-floor (ours), run first; a
 * full run (or --write-results) then writes bench/RESULTS.md from the results.
 */
import { randomBytes } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { count, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { members, staff, stores } from "@/db/schema";
import { loadStaffAccount } from "@/lib/staff/principal";
import { generateMembers } from "./lib/generate-members";
import { DEMO_PASSWORD, seedDemo } from "@/scripts/seed/seed";
import { freePort, startPgServer } from "../scripts/lib/pg-server";
import { signInOverHttp, startApp } from "./lib/app-server";
import { writeResultsMarkdown } from "./lib/results-markdown";
import { SCENARIOS, type RatioTarget, type ScenarioResult, type TargetResult } from "./scenarios";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", multiple: true },
    duration: { type: "string" },
    connections: { type: "string" },
    warmup: { type: "string", default: "3" },
    members: { type: "string", default: "1000000" },
    transactions: { type: "string", default: "10000000" },
    "write-results": { type: "boolean", default: false },
  },
});

const selected = values.scenario?.length ? SCENARIOS.filter((s) => values.scenario!.includes(s.name)) : SCENARIOS;
if (selected.length === 0) {
  console.error(`Unknown scenario. Available: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

/** The app server's CPU milliseconds per request over the scenario's measured load. */
function appCpuPerRequest(result: ScenarioResult): number | undefined {
  return result.load?.cpu.cpuMsPerUnit["app (next-server)"];
}

type Reference = { p50: number; p95: number; throughput: number; appCpuMs: number | undefined };
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;

/** p95 and app CPU per request as ratios to a reference page measured earlier in the same run. */
function ratiosTo(name: "Bare" | "Floor", reference: Reference | undefined, result: ScenarioResult) {
  // No request finished within the window: there is no latency or CPU per request to compare (not 0×).
  if (!reference || !result.load || result.load.requests === 0) return {};
  return {
    [`p95Vs${name}`]: ratio(result.load.latencyMs.p95, reference.p95),
    [`appCpuVs${name}`]: ratio(appCpuPerRequest(result), reference.appCpuMs),
    [`${name.toLowerCase()}P95Ms`]: reference.p95,
    [`${name.toLowerCase()}AppCpuMs`]: reference.appCpuMs,
  };
}

const METRIC_LABELS: Record<RatioTarget["metric"], string> = {
  appCpuVsBare: "app CPU per request ≤ {max}× framework-bare's",
  p95VsBare: "p95 ≤ {max}× framework-bare's",
  appCpuVsFloor: "app CPU per request ≤ {max}× framework-floor's",
  p95VsFloor: "p95 ≤ {max}× framework-floor's",
};

function checkTargets(targets: RatioTarget[], comparison: Record<string, unknown>): TargetResult[] {
  return targets.map((t) => {
    const value = comparison[t.metric];
    const measured = typeof value === "number" ? value : null;
    return {
      target: `${METRIC_LABELS[t.metric].replace("{max}", String(t.max))} (${t.source})`,
      ratio: measured,
      basis: "under load, in this run",
      met: measured === null ? null : measured <= t.max,
    };
  });
}

const resultsDir = path.join(process.cwd(), "bench", "results");
const round2 = (n: number) => Math.round(n * 100) / 100;
fs.mkdirSync(resultsDir, { recursive: true });

const pg = await startPgServer();
let app: Awaited<ReturnType<typeof startApp>> | undefined;
let handle: ReturnType<typeof openDatabase> | undefined;
try {
  const databaseUrl = await pg.createDatabase("atrium_bench");
  handle = openDatabase({ url: databaseUrl, poolMax: 4 });
  await migrateDatabase(handle);
  await handle.db.transaction((tx) => seedDemo(tx as never));
  let generatedMembers = 0;
  if (selected.some((s) => s.needsMembers)) {
    const total = Number(values.members);
    console.log(`Generating ${total.toLocaleString("en")} members with SQL…`);
    const started = Date.now();
    const storeIds = (await handle.db.select({ id: stores.id }).from(stores)).map((s) => s.id);
    await generateMembers(handle.db, total, storeIds);
    generatedMembers = total;
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const [[staffRows], [storeRows], [memberRows]] = await Promise.all([
    handle.db.select({ n: count() }).from(staff),
    handle.db.select({ n: count() }).from(stores),
    handle.db.select({ n: count() }).from(members),
  ]);
  const admin = (await loadStaffAccount(
    handle.db,
    (await handle.db.select({ id: staff.id }).from(staff).where(eq(staff.username, "admin")))[0]!.id,
  ))!;

  const port = await freePort();
  const appPoolMax = Number(process.env.ATRIUM_DB_POOL_MAX || 10);
  app = await startApp(
    {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(36).toString("base64url"),
      PORT: String(port),
      ATRIUM_DB_POOL_MAX: String(appPoolMax),
      // The in-process job scheduler stays off: a job run in the middle of a measurement would skew it.
      ATRIUM_JOB_INTERVAL_MINUTES: "0",
    },
    port,
  );
  const adminCookie = await signInOverHttp(app.baseUrl, "admin", DEMO_PASSWORD);
  const ctx = {
    baseUrl: app.baseUrl,
    adminCookie,
    admin,
    db: handle.db,
    rows: { staff: staffRows?.n ?? 0, stores: storeRows?.n ?? 0, members: memberRows?.n ?? 0 },
    warmupSeconds: Number(values.warmup),
    generatedMembers,
    transactions: Number(values.transactions),
    server: pg,
    appPoolMax,
  };
  const baseEnvironment = {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    postgres: pg.version,
    commit: (() => {
      try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
      } catch {
        return "unknown";
      }
    })(),
  };

  const references: { bare?: Reference; floor?: Reference } = {};
  for (const scenario of selected) {
    console.log(`\n▶ ${scenario.name}: ${scenario.description}`);
    const result = await scenario.run({
      ...ctx,
      connections: values.connections ? Number(values.connections) : (scenario.defaults?.connections ?? 16),
      durationSeconds: values.duration ? Number(values.duration) : (scenario.defaults?.durationSeconds ?? 15),
    });
    const appCpuMs = appCpuPerRequest(result);
    const reference = result.load
      ? {
          p50: result.load.latencyMs.p50,
          p95: result.load.latencyMs.p95,
          throughput: result.load.throughputPerSecond,
          appCpuMs,
        }
      : undefined;
    if (scenario.name === "framework-bare") references.bare = reference;
    if (scenario.name === "framework-floor") references.floor = reference;
    if (result.load && scenario.name !== "framework-bare") {
      // A scenario that measured its own references (appointments: right before its pages) keeps its ratios.
      // The bare page measured right before this scenario (httpScenario) when there is one, else the run's.
      const adjacent = result.details?.adjacentBare as Reference | undefined;
      result.comparison = {
        ...ratiosTo("Bare", adjacent ?? references.bare, result),
        bareMeasured: adjacent ? "right before this scenario" : "at the start of the run",
        ...(scenario.name === "framework-floor" ? {} : ratiosTo("Floor", references.floor, result)),
        ...result.comparison,
      };
    }
    if (scenario.targets?.length) {
      const targets = checkTargets(scenario.targets, result.comparison ?? {});
      const earlier = (result.comparison?.targets as TargetResult[] | undefined) ?? [];
      result.comparison = { ...result.comparison, targets: [...earlier, ...targets] };
    }
    const environment = { ...baseEnvironment, date: new Date().toISOString(), loadAverage: os.loadavg().map(round2) };
    const file = path.join(resultsDir, `${scenario.name}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...result, environment }, null, 2) + "\n");
    const l = result.load;
    if (l) {
      const c = result.comparison ?? {};
      const times = (key: string, what: string) => (c[key] ? `, ${c[key]}× ${what}` : "");
      console.log(
        `  ${l.requests} requests, ${l.throughputPerSecond}/s, p50 ${l.latencyMs.p50} ms, p95 ${l.latencyMs.p95} ms, p99 ${l.latencyMs.p99} ms, non-2xx ${l.non2xx}, errors ${l.errors}${times("p95VsBare", "bare")}${times("p95VsFloor", "the floor")}`,
      );
      if (appCpuMs)
        console.log(
          `  app CPU ${appCpuMs} ms per request${result.details?.responseBytes ? `, ${result.details.responseBytes} bytes` : ""}${times("appCpuVsBare", "bare's")}${times("appCpuVsFloor", "the floor's")}`,
        );
      if (l.non2xx > 0 || l.errors > 0) process.exitCode = 1;
    }
    // The targets run.ts checked (a scenario with its own, like appointments, has printed them).
    for (const t of scenario.targets?.length ? ((result.comparison?.targets as TargetResult[] | undefined) ?? []) : [])
      console.log(
        `  ${t.met ? "met" : t.met === false ? "NOT met" : "not measured"}: ${t.target} (${t.ratio ?? "—"}×)`,
      );
    for (const q of result.queries ?? [])
      console.log(
        `  ${q.name}: ${q.samples} queries, p50 ${q.latencyMs.p50} ms, p95 ${q.latencyMs.p95} ms, p99 ${q.latencyMs.p99} ms`,
      );
    console.log(`  → ${path.relative(process.cwd(), file)}`);
  }
} finally {
  await app?.stop();
  await handle?.close();
  await pg.stop();
}

// The member import has its own harness (it times a CLI-sized file, not HTTP); a full run includes it.
if (!values.scenario?.length) {
  console.log("\n▶ members-import (bench/members-import.ts)");
  const result = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["bench/members-import.ts"], {
    stdio: "inherit",
  });
  if (result.status !== 0) process.exitCode = 1;
}

// A full run is what bench/RESULTS.md shows (a partial one only when asked: its other figures are older).
if (!values.scenario?.length || values["write-results"]) {
  const written = writeResultsMarkdown(resultsDir, path.join(process.cwd(), "bench", "RESULTS.md"), {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  });
  console.log(`\n→ ${path.relative(process.cwd(), written)}`);
}

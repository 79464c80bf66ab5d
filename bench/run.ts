/**
 * `npm run bench [-- --scenario NAME] [--duration S] [--connections N] [--members N]`: runs the
 * scenarios against a throwaway real PostgreSQL server and the production build, and writes
 * bench/results/<scenario>.json. Duration and connections default to 15 s and 16 unless a scenario
 * sets its own defaults (pos-ingest: 30 s, 32); the flags override both.
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
import { SCENARIOS, type ScenarioResult } from "./scenarios";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", multiple: true },
    duration: { type: "string" },
    connections: { type: "string" },
    warmup: { type: "string", default: "3" },
    members: { type: "string", default: "1000000" },
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

const resultsDir = path.join(process.cwd(), "bench", "results");
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
    server: pg,
    appPoolMax,
  };
  const environment = {
    date: new Date().toISOString(),
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

  const floor = { p50: 0, p95: 0, throughput: 0, appCpuMs: 0 as number | undefined };
  for (const scenario of selected) {
    console.log(`\n▶ ${scenario.name}: ${scenario.description}`);
    const result = await scenario.run({
      ...ctx,
      connections: values.connections ? Number(values.connections) : (scenario.defaults?.connections ?? 16),
      durationSeconds: values.duration ? Number(values.duration) : (scenario.defaults?.durationSeconds ?? 15),
    });
    const appCpuMs = appCpuPerRequest(result);
    if (scenario.name === "framework-floor" && result.load)
      Object.assign(floor, {
        p50: result.load.latencyMs.p50,
        p95: result.load.latencyMs.p95,
        throughput: result.load.throughputPerSecond,
        appCpuMs,
      });
    if (floor.p95 > 0 && result.load && scenario.name !== "framework-floor") {
      result.comparison = {
        ...result.comparison,
        p95VsFloor: Math.round((result.load.latencyMs.p95 / floor.p95) * 100) / 100,
        floorP95Ms: floor.p95,
      };
      if (appCpuMs && floor.appCpuMs)
        result.comparison.appCpuVsFloor = Math.round((appCpuMs / floor.appCpuMs) * 100) / 100;
    }
    const file = path.join(resultsDir, `${scenario.name}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...result, environment }, null, 2) + "\n");
    const l = result.load;
    if (l) {
      console.log(
        `  ${l.requests} requests, ${l.throughputPerSecond}/s, p50 ${l.latencyMs.p50} ms, p95 ${l.latencyMs.p95} ms, p99 ${l.latencyMs.p99} ms, non-2xx ${l.non2xx}, errors ${l.errors}${result.comparison?.p95VsFloor ? `, p95 ${result.comparison.p95VsFloor}× the floor` : ""}`,
      );
      if (appCpuMs)
        console.log(
          `  app CPU ${appCpuMs} ms per request${result.details?.responseBytes ? `, ${result.details.responseBytes} bytes` : ""}${result.comparison?.appCpuVsFloor ? ` (${result.comparison.appCpuVsFloor}× the floor's)` : ""}`,
        );
      if (l.non2xx > 0 || l.errors > 0) process.exitCode = 1;
    }
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

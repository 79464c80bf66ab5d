import type { Db } from "@/db/client";
import type { StaffAccount } from "@/lib/staff/principal";
import type { PgServer } from "../../scripts/lib/pg-server";
import type { LoadResult } from "../lib/load";
import { runLoad } from "../lib/load";

export type ScenarioContext = {
  baseUrl: string;
  /** Cookie header of a signed-in admin. */
  adminCookie: string;
  admin: StaffAccount;
  /** The benchmark database (postgres.js), for query-level scenarios and look-ups. */
  db: Db;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Data sizes in the database. */
  rows: Record<string, number>;
  /**
   * How many members bench/lib/generate-members.ts generated (0 when none): member g (1…N) has the
   * phone +86 (13000000000 + 7g), so scenarios can name existing members without a query.
   */
  generatedMembers: number;
  /** Sales the dashboard scenario writes (`--transactions`, default 10,000,000). */
  transactions: number;
  /** The throwaway server the benchmark database lives on (for pgbench beside it). */
  server: Pick<PgServer, "port" | "version" | "createDatabase" | "dropDatabase">;
  /** Connections of the application's database pool (ATRIUM_DB_POOL_MAX). */
  appPoolMax: number;
};

export type QueryTiming = {
  name: string;
  samples: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
};

/** A ratio a page's figure must stay within: app CPU per request or p95, to the bare page or to the floor page. */
export type RatioTarget = {
  metric: "appCpuVsBare" | "p95VsBare" | "appCpuVsFloor" | "p95VsFloor";
  max: number;
  /** Where the target comes from, e.g. "issue #13". */
  source: string;
};

/** A target as the results report it (every scenario writes its own the same way). */
export type TargetResult = {
  target: string;
  ratio: number | null;
  /** Under load, one request at a time…: what the ratio was measured on. */
  basis?: string;
  met: boolean | null;
};

export type ScenarioResult = {
  scenario: string;
  description: string;
  load?: LoadResult;
  queries?: QueryTiming[];
  rows: Record<string, number>;
  /** Targets as ratios or percentiles (e.g. "within 2× the floor"), filled in by scenarios that have one. */
  comparison?: Record<string, unknown>;
  /** Anything else a scenario measured (status counts, rows written, companion tools' figures). */
  details?: Record<string, unknown>;
};

export type Scenario = {
  name: string;
  description: string;
  /** Scenarios that need many members ask for them; run.ts generates them once, with SQL. */
  needsMembers?: boolean;
  /** Load defaults for this scenario; --connections and --duration on the command line override them. */
  defaults?: { connections?: number; durationSeconds?: number };
  /** Ratios to framework-bare or framework-floor this scenario must stay within (run.ts checks them). */
  targets?: RatioTarget[];
  run: (ctx: ScenarioContext) => Promise<ScenarioResult>;
};

/** The bare framework page (app/bench/bare): outside the proxy, no session, one query. */
export const BARE_PATH = "/bench/bare";

/** What run.ts compares a page with when the scenario measured the bare page right before it. */
export type AdjacentBare = { p50: number; p95: number; throughput: number; appCpuMs: number | undefined };

/**
 * A GET of one page or endpoint under load. Unless it is the bare page itself, the bare page is
 * loaded right before it, the same way: on a machine shared with other work, a reference measured
 * minutes earlier can have run under another load, and the ratio would measure the neighbours.
 */
export function httpScenario(
  name: string,
  description: string,
  path: string | ((ctx: ScenarioContext) => Promise<string>),
  authenticated: boolean,
  extra: Partial<Scenario> = {},
): Scenario {
  return {
    name,
    description,
    ...extra,
    async run(ctx) {
      const target = typeof path === "string" ? path : await path(ctx);
      const url = ctx.baseUrl + target;
      const headers = authenticated ? { cookie: ctx.adminCookie } : undefined;
      const responseBytes = (await (await fetch(url, { headers })).arrayBuffer()).byteLength;
      const options = {
        connections: ctx.connections,
        durationSeconds: ctx.durationSeconds,
        warmupSeconds: ctx.warmupSeconds,
      };
      let adjacentBare: AdjacentBare | undefined;
      if (target !== BARE_PATH) {
        const bare = await runLoad({ url: ctx.baseUrl + BARE_PATH, ...options });
        adjacentBare = {
          p50: bare.latencyMs.p50,
          p95: bare.latencyMs.p95,
          throughput: bare.throughputPerSecond,
          appCpuMs: bare.cpu.cpuMsPerUnit["app (next-server)"],
        };
      }
      const load = await runLoad({ url, headers, ...options });
      return { scenario: name, description, load, rows: ctx.rows, details: { responseBytes, adjacentBare } };
    },
  };
}

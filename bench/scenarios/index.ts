import type { LoadResult } from "../lib/load";
import { runLoad } from "../lib/load";

export type ScenarioContext = {
  baseUrl: string;
  /** Cookie header of a signed-in admin. */
  adminCookie: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
};

export type ScenarioResult = {
  scenario: string;
  description: string;
  load: LoadResult;
  /** Data sizes the scenario ran against. */
  rows: Record<string, number>;
  /** Targets as ratios (e.g. "within 2× the floor"), filled in by scenarios that have one. */
  comparison?: Record<string, unknown>;
};

export type Scenario = {
  name: string;
  description: string;
  run: (ctx: ScenarioContext, rows: Record<string, number>) => Promise<ScenarioResult>;
};

function httpScenario(name: string, description: string, path: string, authenticated: boolean): Scenario {
  return {
    name,
    description,
    async run(ctx, rows) {
      const load = await runLoad({
        url: ctx.baseUrl + path,
        connections: ctx.connections,
        durationSeconds: ctx.durationSeconds,
        warmupSeconds: ctx.warmupSeconds,
        headers: authenticated ? { cookie: ctx.adminCookie } : undefined,
      });
      return { scenario: name, description, load, rows };
    },
  };
}

/** Later issues add their scenarios here and compare against `framework-floor`. */
export const SCENARIOS: Scenario[] = [
  httpScenario("framework-floor", "A trivial authenticated, dynamically rendered page (session + staff re-read).", "/bench/floor", true),
  httpScenario("health", "GET /api/health (one database round trip, no session).", "/api/health", false),
];

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeResultsMarkdown } from "./results-markdown";

const environment = {
  date: "2026-12-05T04:00:00.000Z",
  node: "v20.20.2",
  cpus: 2,
  cpuModel: "AMD EPYC",
  memoryGiB: 24,
  postgres: "15.8",
  commit: "abc1234",
  loadAverage: [1.5, 1, 1],
};
const load = (url: string, appCpu: number, p95: number) => ({
  url,
  connections: 16,
  durationSeconds: 15,
  requests: 1500,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  throughputPerSecond: 100,
  latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.2, mean: p95 / 2, max: p95 * 2 },
  cpu: { units: 1500, wallSeconds: 15, cpuMsPerUnit: { "app (next-server)": appCpu, postgres: 1 }, coresUsed: {} },
});

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(results: Record<string, unknown>[]) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-results-"));
  for (const r of results) fs.writeFileSync(path.join(dir, `${r.scenario}.json`), JSON.stringify(r));
  const out = writeResultsMarkdown(dir, path.join(dir, "RESULTS.md"), { command: "npm run bench" });
  return fs.readFileSync(out, "utf8");
}

describe("bench/RESULTS.md", () => {
  it("shows every scenario's figures, its ratios to the floors, the targets met or not, the machine, date and commit", () => {
    const md = write([
      {
        scenario: "member-360",
        load: load("http://localhost:1/members/0b7d2a0e-8a7e-4c55-9d43-2f1f4a0f6c11", 24, 600),
        comparison: {
          appCpuVsBare: 4,
          p95VsBare: 3,
          appCpuVsFloor: 3.2,
          p95VsFloor: 2.5,
          targets: [
            { target: "app CPU per request ≤ 3× framework-bare's (issue #13)", ratio: 4, met: false },
            { target: "p95 ≤ 3× framework-bare's (issue #13)", ratio: 3, met: true },
          ],
        },
        details: { responseBytes: 102400, member: { rows: { salesTransactions: 525 }, refunds: 25 } },
        environment,
      },
      {
        scenario: "framework-bare",
        load: load("http://localhost:1/bench/bare", 6, 200),
        details: { responseBytes: 10240 },
        environment,
      },
      {
        scenario: "pos-ingest",
        load: load("http://localhost:1/api/v1/transactions", 4.5, 180),
        comparison: {
          ingestVsPgbench: 0.06,
          targets: [{ target: "ingest_tps / the endpoint's 401 ceiling ≥ 1/3 (issue #13)", ratio: 0.39, met: true }],
        },
        environment,
      },
    ]);
    expect(md).toContain("2 cores (AMD EPYC), 24 GiB, Node v20.20.2, PostgreSQL 15.8");
    expect(md).toContain("2026-12-05T04:00:00.000Z");
    expect(md).toContain("commit abc1234");
    // The bare page first, a member's id not in the path, the ratios in the row.
    expect(md.indexOf("`framework-bare`")).toBeLessThan(md.indexOf("`member-360`"));
    expect(md).toMatch(
      /\| `member-360` +\| \/members\/<id> +\| 100 +\| 300 +\| 600 +\| 24 +\| 100 +\| 4× +\| 3× +\| 3\.2× +\| 2\.5× /,
    );
    expect(md).toMatch(
      /\| `member-360` +\| app CPU per request ≤ 3× framework-bare's \(issue #13\) +\| 4× +\| \*\*no\*\* +\|/,
    );
    expect(md).toMatch(/\| `member-360` +\| p95 ≤ 3× framework-bare's \(issue #13\) +\| 3× +\| yes +\|/);
    expect(md).toMatch(
      /\| `pos-ingest` +\| ingest_tps \/ the endpoint's 401 ceiling ≥ 1\/3 \(issue #13\) +\| 0\.39× +\| yes +\|/,
    );
    expect(md).toContain("525 sales of which 25 refunds");
  });

  it("shows a page of which no request finished as such, with its targets unmeasured rather than met", () => {
    const slow = { ...load("http://localhost:1/reports", 180, 0), requests: 0, throughputPerSecond: 0 };
    const md = write([
      {
        scenario: "dashboard",
        load: { ...slow, latencyMs: { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 } },
        rows: { members: 1_000_000, sales_transactions: 10_000_000 },
        comparison: { targets: [{ target: "p95 ≤ 3× framework-bare's (issue #17)", ratio: null, met: null }] },
        details: { generateSeconds: 429, rebuildSeconds: 68.7, rebuildStoreDays: 2193, refreshWeekSeconds: 2.75 },
        environment,
      },
    ]);
    expect(md).toMatch(/\| `dashboard` +\| \/reports +\| 0 +\| none finished +\| — +\| — +\|/);
    expect(md).toMatch(/\| `dashboard` +\| p95 ≤ 3× framework-bare's \(issue #17\) +\| — +\| — +\|/);
    expect(md).toContain("| refreshing the last week (the hourly job) | 2.75 s");
    expect(md).toContain("0 requests finished in 15 s");
  });

  it("says so when no scenario with a target ran", () => {
    const md = write([
      { scenario: "framework-bare", load: load("http://localhost:1/bench/bare", 6, 200), environment },
    ]);
    expect(md).toContain("No scenario with a target ran.");
  });
});

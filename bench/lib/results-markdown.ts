import fs from "node:fs";
import path from "node:path";
import type { LoadResult } from "./load";

/**
 * bench/RESULTS.md from bench/results/<scenario>.json: the figures of every scenario, its ratios to
 * framework-bare and framework-floor, the targets and whether they are met, the machine, the date
 * and the commit. run.ts writes it after a full run; the JSON keeps every figure.
 */

type Target = { target: string; ratio: number | null; basis?: string; met: boolean | null };
type Environment = {
  date?: string;
  node?: string;
  cpus?: number;
  cpuModel?: string;
  memoryGiB?: number;
  postgres?: string;
  commit?: string;
  loadAverage?: number[];
};
type Result = {
  scenario: string;
  description?: string;
  load?: LoadResult;
  queries?: { name: string; samples: number; latencyMs: { p50: number; p95: number; p99: number; max: number } }[];
  comparison?: Record<string, unknown> & { targets?: Target[] };
  details?: Record<string, unknown>;
  environment?: Environment;
  // members-import writes its own shape.
  [key: string]: unknown;
};

/** Scenarios in the order of a full run; others follow by name. */
const ORDER = [
  "framework-bare",
  "framework-floor",
  "portal-shell",
  "health",
  "members-search",
  "member-360",
  "pos-ingest",
  "appointments",
  "dashboard",
  "members-import",
];

const APP = "app (next-server)";

const num = (value: unknown, digits = 1) =>
  typeof value === "number" && Number.isFinite(value)
    ? value.toLocaleString("en", { maximumFractionDigits: digits })
    : "—";
const times = (value: unknown) => (typeof value === "number" ? `${num(value, 2)}×` : "—");
const met = (value: boolean | null | undefined) => (value === true ? "yes" : value === false ? "**no**" : "—");
const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/\n/g, " ");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function readResults(dir: string): Result[] {
  const results = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Result)
    .filter((r) => typeof r.scenario === "string");
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return results.sort((a, b) => rank(a.scenario) - rank(b.scenario) || a.scenario.localeCompare(b.scenario));
}

function loadRow(r: Result): string[] {
  const l = r.load!;
  const c = r.comparison ?? {};
  const bytes = r.details?.responseBytes;
  return [
    `\`${r.scenario}\``,
    cell(new URL(l.url).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>")),
    num(l.throughputPerSecond),
    // No request finished within the window: nothing per request to show.
    l.requests === 0 ? "none finished" : num(l.latencyMs.p50),
    l.requests === 0 ? "—" : num(l.latencyMs.p95),
    l.requests === 0 ? "—" : num(l.cpu.cpuMsPerUnit[APP], 2),
    typeof bytes === "number" ? num(bytes / 1024) : "—",
    r.scenario === "framework-bare" ? "1×" : times(c.appCpuVsBare),
    r.scenario === "framework-bare" ? "1×" : times(c.p95VsBare),
    r.scenario === "framework-floor" ? "1×" : times(c.appCpuVsFloor),
    r.scenario === "framework-floor" ? "1×" : times(c.p95VsFloor),
    num(r.environment?.loadAverage?.[0], 1),
  ];
}

function section(r: Result): string | null {
  const c = r.comparison ?? {};
  const d = r.details ?? {};
  const lines: string[] = [];
  const kv = (rows: [string, string][]) => table(["figure", "value"], rows);
  switch (r.scenario) {
    case "member-360": {
      const m = d.member as { rows?: Record<string, number>; refunds?: number } | undefined;
      lines.push(
        `One member of the generated ones with a long history (${num(m?.rows?.salesTransactions, 0)} sales of which ${num(m?.refunds, 0)} refunds, ${num(m?.rows?.pointsEntries, 0)} points entries, ${num(m?.rows?.storedValueEntries, 0)} stored-value entries), signed in as admin.`,
      );
      break;
    }
    case "members-search": {
      lines.push(
        table(
          ["query", "samples", "p50 ms", "p95 ms", "p99 ms", "max ms"],
          (r.queries ?? []).map((q) => [
            q.name,
            num(q.samples, 0),
            num(q.latencyMs.p50, 2),
            num(q.latencyMs.p95, 2),
            num(q.latencyMs.p99, 2),
            num(q.latencyMs.max, 2),
          ]),
        ),
        "",
        `Target: p95 under ${num(c.targetP95Ms, 0)} ms for every kind of query: ${met(c.allUnderTarget as boolean | undefined)}.`,
      );
      break;
    }
    case "pos-ingest": {
      const cpu = r.load?.cpu.cpuMsPerUnit ?? {};
      const ceiling = d.ceiling as { cpu?: { cpuMsPerUnit?: Record<string, number> } } | undefined;
      const rows: [string, string][] = [
        ["throughput", `${num(r.load?.throughputPerSecond)} purchases/s (${num(r.load?.requests, 0)} requests)`],
        [
          "latency p50 / p95 / p99",
          `${num(r.load?.latencyMs.p50)} / ${num(r.load?.latencyMs.p95)} / ${num(r.load?.latencyMs.p99)} ms`,
        ],
        ["CPU per purchase", `app ${num(cpu[APP], 2)} ms, PostgreSQL ${num(cpu.postgres, 2)} ms`],
      ];
      if (c.pgbenchTps !== undefined) rows.push(["pgbench (same server, same clients)", `${num(c.pgbenchTps)} tps`]);
      if (c.ceilingTps !== undefined)
        rows.push([
          "the endpoint's ceiling (401 before any database work)",
          `${num(c.ceilingTps)} req/s, app CPU ${num(ceiling?.cpu?.cpuMsPerUnit?.[APP], 2)} ms per request`,
        ]);
      if (c.ingestVsPgbench !== undefined) rows.push(["ingest / pgbench", times(c.ingestVsPgbench)]);
      if (c.ceilingTps !== undefined && r.load)
        rows.push(["ingest / ceiling", times(r.load.throughputPerSecond / (c.ceilingTps as number))]);
      lines.push(kv(rows));
      break;
    }
    case "appointments": {
      const inProcess = d.availabilityInProcess as
        | { latencyMs?: { p50: number; p95: number }; calls?: number; split?: Record<string, { p50: number }> }
        | undefined;
      const m = (key: string) =>
        d[key] as
          | {
              sequential?: {
                latencyMs?: { p50: number };
                appCpuMsPerRequest?: number;
                responseBytes?: { p50: number };
              };
              load?: LoadResult;
            }
          | undefined;
      const rows = (
        [
          ["framework-bare (/bench/bare)", m("bare")],
          ["framework-floor (/bench/floor)", m("floor")],
          ["store day calendar", m("storeDay")],
          ["GET /api/v1/availability", m("availabilityOverHttp")],
        ] as const
      )
        .filter(([, x]) => x?.load)
        .map(([label, x]) => [
          label,
          num(x!.load!.latencyMs.p95),
          num(x!.load!.cpu.cpuMsPerUnit[APP], 2),
          num(x!.sequential?.latencyMs?.p50),
          num(x!.sequential?.appCpuMsPerRequest, 2),
          typeof x!.sequential?.responseBytes?.p50 === "number" ? num(x!.sequential.responseBytes.p50 / 1024) : "—",
        ]);
      lines.push(
        "Each page measured inside the scenario, the same way, right before the next (see the JSON's `details.method`).",
        "",
        table(
          ["page", "p95 ms (load)", "app CPU ms (load)", "p50 ms (one at a time)", "app CPU ms (one at a time)", "KB"],
          rows,
        ),
      );
      if (inProcess?.latencyMs)
        lines.push(
          "",
          `Availability in-process (${num(inProcess.calls, 0)} calls): p50 ${num(inProcess.latencyMs.p50, 2)} ms, p95 ${num(inProcess.latencyMs.p95, 2)} ms; of it reading the input ${num(inProcess.split?.loadAvailabilityInputMs?.p50, 2)} ms, computing the slots ${num(inProcess.split?.availableSlotsMs?.p50, 2)} ms (p50).`,
        );
      break;
    }
    case "dashboard": {
      lines.push(
        kv([
          [
            "members, sales",
            `${num((r.rows as Record<string, number>).members, 0)}, ${num((r.rows as Record<string, number>).sales_transactions, 0)}`,
          ],
          ["writing the sales (SQL)", `${num(d.generateSeconds as number, 0)} s`],
          [
            "rebuilding the daily rollups (two years)",
            `${num(d.rebuildSeconds as number, 1)} s, ${num(d.rebuildStoreDays as number, 0)} store-days`,
          ],
          ["refreshing the last week (the hourly job)", `${num(d.refreshWeekSeconds as number, 2)} s`],
          ["page under load", `${num(r.load?.requests, 0)} requests finished in ${num(r.load?.durationSeconds, 0)} s`],
        ]),
      );
      if (typeof d.note === "string") lines.push("", d.note);
      break;
    }
    case "members-import": {
      const seconds = r.seconds as Record<string, number> | undefined;
      const perSecond = r.rowsPerSecond as Record<string, number> | undefined;
      lines.push(
        kv([
          ["rows", num(r.rows as number, 0)],
          ["file", `${num((r.fileBytes as number) / 1024 / 1024, 1)} MiB`],
          ["dry run", `${num(seconds?.dryRun, 1)} s (${num(perSecond?.dryRun, 0)} rows/s)`],
          ["commit", `${num(seconds?.commit, 1)} s (${num(perSecond?.commit, 0)} rows/s)`],
          ["total", `${num(seconds?.total, 1)} s (${num(perSecond?.total, 0)} rows/s)`],
        ]),
      );
      break;
    }
    default:
      return null;
  }
  return lines.join("\n");
}

export function writeResultsMarkdown(resultsDir: string, outFile: string, options: { command: string }): string {
  const results = readResults(resultsDir);
  const environments = results.map((r) => r.environment ?? {}).filter((e) => e.date);
  const first = environments[0] ?? {};
  const dates = environments.map((e) => e.date!).sort();
  const commits = [...new Set(environments.map((e) => e.commit).filter(Boolean))];
  const loaded = results.filter((r) => r.load);
  const targets = results.flatMap((r) =>
    (r.comparison?.targets ?? []).map((t) => [
      `\`${r.scenario}\``,
      cell(t.target),
      t.ratio === null ? "—" : `${num(t.ratio, 2)}×`,
      met(t.met),
    ]),
  );

  const out: string[] = [
    "# Benchmark results",
    "",
    `Written by \`${options.command}\` (bench/lib/results-markdown.ts) from bench/results/<scenario>.json, which hold every figure; do not edit by hand.`,
    "",
    `- Machine: ${first.cpus ?? "?"} cores (${first.cpuModel ?? "unknown CPU"}), ${first.memoryGiB ?? "?"} GiB, Node ${first.node ?? "?"}, PostgreSQL ${first.postgres ?? "?"} started by the bench. The machine may be shared with other work: the load average at the end of each scenario is in its row, and only ratios measured in the same run compare.`,
    `- Run: ${dates.length ? `${dates[0]} to ${dates.at(-1)}` : "unknown"}; commit ${commits.join(", ") || "unknown"}.`,
    "",
    "## Pages and endpoints against the floors",
    "",
    "`framework-bare` is the framework's floor: a page outside the proxy and the session, one database query, no message catalogue (/bench/bare). `framework-floor` is ours: the same with the session check and the staff re-read (/bench/floor). Every figure under load (autocannon, closed loop, the same connections and duration); app CPU is the Next.js server's CPU time per request. The ratios to bare are to the bare page loaded right before each scenario (appointments: inside the scenario, right before its pages; pos-ingest: at the start of the run, with 16 connections to its 32), those to the floor to framework-floor at the start of the run. The bare row is the first of these measurements.",
    "",
    table(
      [
        "scenario",
        "path",
        "req/s",
        "p50 ms",
        "p95 ms",
        "app CPU ms/req",
        "KB",
        "CPU × bare",
        "p95 × bare",
        "CPU × floor",
        "p95 × floor",
        "load avg",
      ],
      loaded.map(loadRow),
    ),
    "",
    "## Targets",
    "",
    targets.length ? table(["scenario", "target", "measured", "met"], targets) : "No scenario with a target ran.",
  ];
  for (const r of results) {
    const body = section(r);
    if (!body) continue;
    out.push(
      "",
      `## ${r.scenario}`,
      "",
      ...(r.description ? [cell(r.description), ""] : []),
      body,
      "",
      `<sub>${r.environment?.date ?? ""}${r.environment?.commit ? `, commit ${r.environment.commit}` : ""}</sub>`,
    );
  }
  fs.writeFileSync(outFile, out.join("\n") + "\n");
  return outFile;
}

/**
 * `npx tsx bench/profile-summary.ts <server.cpuprofile> --marker <FunctionName> [--requests N]`:
 * where a page's server CPU goes, from a profile taken with `BENCH_CPU_PROF=<folder> npm run bench`.
 * The window is the longest stretch of seconds in which the marker function (the page's component or
 * the route's service, e.g. `AppointmentsDayPage`, `recordPurchase`) was sampled; every sample in it
 * counts, so the framework's work around the page is in. Self time is grouped by what the sampled
 * function belongs to; with --requests (the scenario's request count in that window) the groups are
 * also in milliseconds per request. Function names are only readable in a build without server
 * minification (`experimental.serverMinification: false` in next.config.ts, for the profile only).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { marker: { type: "string" }, requests: { type: "string" }, top: { type: "string", default: "25" } },
});
const file = positionals[0];
if (!file || !values.marker) {
  console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> --marker <FunctionName> [--requests N]");
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
let clock = profile.startTime;
const secondOf = profile.timeDeltas.map((delta) => ((clock += delta) - profile.startTime) / 1e6);

function* stack(id: number) {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) yield nodes.get(at)!.callFrame;
}

/** The longest run of seconds (gaps of at most 2 s) in which the marker was on a sampled stack. */
function markerWindow(marker: string): [number, number] {
  const seconds = new Set<number>();
  profile.samples.forEach((id, i) => {
    for (const frame of stack(id))
      if (frame.functionName === marker) {
        seconds.add(Math.floor(secondOf[i]!));
        break;
      }
  });
  const sorted = [...seconds].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error(`${marker} is in no sample of ${file}`);
  let best: [number, number] = [sorted[0]!, sorted[0]!];
  let run: [number, number] = [...best];
  for (const second of sorted.slice(1)) {
    run = second - run[1] <= 2 ? [run[0], second] : [second, second];
    if (run[1] - run[0] > best[1] - best[0]) best = [...run];
  }
  return best;
}

/** What a sampled function belongs to, by its script and, inside the app's bundles, by its callers. */
function groupOf(id: number): string {
  const { functionName: name, url } = nodes.get(id)!.callFrame;
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(program)") return "V8 and Node internals";
  if (/app-(page|route)-turbo\.runtime/.test(url)) return "React and Next.js rendering (RSC payload, HTML)";
  if (/node_modules\/postgres\//.test(url)) return "postgres.js";
  if (/next\/dist\//.test(url)) return "Next.js request handling";
  if (/\.next\/server\/chunks\//.test(url)) {
    for (const frame of stack(id)) {
      if (/mapResultRow|buildQuery|sqlToQuery|startActiveSpan|toQuery|^is$/.test(frame.functionName)) return "drizzle";
      if (/intl|translat|getMessage|resolveLocale/i.test(frame.functionName)) return "messages and formatting";
    }
    return "the app's bundles (our code, bundled libraries)";
  }
  if (/async_hooks|task_queues|timers|runMicrotasks/.test(`${url} ${name}`)) return "promises, async hooks, timers";
  if (/^node:|streams|net|http|buffer|encoding|events|undici/.test(url) || /^write|Utf8|^slice$/.test(name))
    return "Node streams, sockets, HTTP";
  return "other";
}

const [from, to] = markerWindow(values.marker);
const requests = values.requests ? Number(values.requests) : undefined;
const groups = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const second = secondOf[i]!;
  const frame = nodes.get(id)!.callFrame;
  if (second < from || second >= to + 1 || frame.functionName === "(idle)") return;
  const micros = profile.timeDeltas[i]!;
  total += micros;
  const group = groupOf(id);
  groups.set(group, (groups.get(group) ?? 0) + micros);
  const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
});

const perRequest = (micros: number) => (requests ? `${(micros / 1000 / requests).toFixed(2).padStart(6)} ms` : "");
const share = (micros: number) => `${((100 * micros) / total).toFixed(0).padStart(3)} %`;
console.log(
  `${values.marker}: seconds ${from}–${to + 1} of the profile, ${(total / 1e6).toFixed(1)} s of CPU` +
    (requests ? `, ${(total / 1000 / requests).toFixed(2)} ms per request` : ""),
);
console.log("\nby group (self time)");
for (const [group, micros] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(`${share(micros)} ${perRequest(micros)}  ${group}`);
console.log(`\ntop ${values.top} functions (self time)`);
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`${share(micros)} ${perRequest(micros)}  ${name}`);

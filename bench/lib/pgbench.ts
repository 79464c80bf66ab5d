import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findPgBinDir } from "../../scripts/lib/pg-server";

/** The pgbench binary beside the server binaries (PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/N/bin). */
export function findPgbench(): string {
  const binary = path.join(findPgBinDir(), "pgbench");
  if (!fs.existsSync(binary))
    throw new Error(`pgbench not found at ${binary} (Debian: it ships with postgresql-client / postgresql).`);
  return binary;
}

export type PgbenchTarget = { host: string; port: number; user: string; database: string };

export type PgbenchRun = {
  /** The command line, without the connection arguments. */
  command: string;
  script: "tpcb-like (builtin, default)";
  scale: number;
  clients: number;
  threads: number;
  durationSeconds: number;
  /** pgbench's default query protocol (-M simple). */
  queryMode: string;
  transactions: number;
  failedTransactions: number;
  /** "tps = … (without initial connection time)": connection set-up is excluded. */
  tps: number;
  latencyAverageMs: number;
  initialConnectionMs: number | null;
  /** Seconds `pgbench -i` took to build the tables at this scale. */
  initSeconds: number;
};

function execute(binary: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // pgbench is a client: it runs as whoever we are (root included) and talks TCP to the server.
    const child = spawn(binary, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PGPASSWORD: undefined, PGOPTIONS: undefined },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${path.basename(binary)} ${args.join(" ")} exited ${code}:\n${stderr.slice(-2000)}`)),
    );
  });
}

const connection = (t: PgbenchTarget) => ["-h", t.host, "-p", String(t.port), "-U", t.user];

/** Parses the summary pgbench prints after a run (PostgreSQL 13–17 wording, and the older one). */
export function parsePgbenchOutput(output: string) {
  const number = (re: RegExp) => {
    const m = re.exec(output);
    return m ? Number(m[1]) : null;
  };
  const tps =
    number(/^tps = ([\d.]+) \(without initial connection time\)/m) ??
    number(/^tps = ([\d.]+) \(excluding connections establishing\)/m);
  const latency = number(/^latency average = ([\d.]+) ms/m);
  const transactions = number(/^number of transactions actually processed: (\d+)/m);
  if (tps === null || latency === null || transactions === null)
    throw new Error(`Could not read pgbench's summary:\n${output}`);
  return {
    tps,
    latencyAverageMs: latency,
    transactions,
    failedTransactions: number(/^number of failed transactions: (\d+)/m) ?? 0,
    initialConnectionMs: number(/^initial connection time = ([\d.]+) ms/m),
    queryMode: /^query mode: (\w+)/m.exec(output)?.[1] ?? "simple",
  };
}

/** `pgbench -i -s SCALE` into the (empty) target database; returns the seconds it took. */
export async function initPgbench(target: PgbenchTarget, scale: number): Promise<number> {
  const started = performance.now();
  await execute(findPgbench(), ["-i", "-q", "-s", String(scale), ...connection(target), target.database]);
  return Math.round((performance.now() - started) / 100) / 10;
}

/**
 * `pgbench -i -s SCALE` into the (empty) target database, then the default TPC-B-like script with
 * `-c CLIENTS -j THREADS -T SECONDS`. Returns pgbench's own figures. `aroundRun` wraps the timed
 * run only (not the initialisation), e.g. to account CPU time.
 */
export async function runPgbench(
  target: PgbenchTarget,
  options: { scale: number; clients: number; threads: number; durationSeconds: number },
  aroundRun: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
): Promise<PgbenchRun> {
  const binary = findPgbench();
  const initSeconds = await initPgbench(target, options.scale);
  const runArgs = ["-c", String(options.clients), "-j", String(options.threads), "-T", String(options.durationSeconds)];
  const { stdout, stderr } = await aroundRun(() =>
    execute(binary, [...runArgs, ...connection(target), target.database]),
  );
  const parsed = parsePgbenchOutput(stdout + "\n" + stderr);
  return {
    command: `pgbench ${runArgs.join(" ")} (after pgbench -i -s ${options.scale})`,
    script: "tpcb-like (builtin, default)",
    scale: options.scale,
    clients: options.clients,
    threads: options.threads,
    durationSeconds: options.durationSeconds,
    initSeconds,
    ...parsed,
  };
}

export type CpuSample = { atMs: number; processes: Record<string, number>; self: number };

/**
 * CPU seconds used so far by this process and by each kind of process it started (postgres
 * backends, `next-server`, pgbench…), from /proc (Linux; elsewhere only this process is counted).
 * Two samples give CPU milliseconds per request, which says which side a throughput limit is on.
 */
export function sampleCpu(): CpuSample {
  const usage = process.cpuUsage();
  const sample: CpuSample = { atMs: performance.now(), processes: {}, self: (usage.user + usage.system) / 1e6 };
  if (!fs.existsSync("/proc/self/stat")) return sample;
  const ticks = 100; // USER_HZ on Linux
  const all: { pid: number; ppid: number; comm: string; own: number; children: number }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime, plus cutime + cstime: what its exited children used (the postmaster reaps
      // backends whose connection closed, this process reaps pgbench).
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]) / ticks) as [
        number,
        number,
        number,
        number,
      ];
      all.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
        own: utime + stime,
        children: cutime + cstime,
      });
    } catch {
      // the process ended while we looked
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
    }
  }
  for (const p of all) {
    if (!ours.has(p.pid)) continue;
    if (p.pid === process.pid) {
      sample.processes["exited child processes (pgbench)"] = p.children;
      continue;
    }
    const kind = p.comm.startsWith("postgres")
      ? "postgres"
      : p.comm.startsWith("next-server")
        ? "app (next-server)"
        : p.comm;
    sample.processes[kind] = (sample.processes[kind] ?? 0) + p.own + p.children;
  }
  return sample;
}

/** CPU milliseconds per unit of work between two samples, per kind of process, and cores used. */
export function cpuPerUnit(before: CpuSample, after: CpuSample, units: number) {
  const wallSeconds = (after.atMs - before.atMs) / 1000;
  const perUnit: Record<string, number> = {};
  const cores: Record<string, number> = {};
  const add = (kind: string, seconds: number) => {
    if (seconds <= 0) return;
    perUnit[kind] = Math.round(((seconds * 1000) / Math.max(1, units)) * 100) / 100;
    cores[kind] = Math.round((seconds / wallSeconds) * 100) / 100;
  };
  for (const kind of new Set([...Object.keys(before.processes), ...Object.keys(after.processes)]))
    add(kind, (after.processes[kind] ?? 0) - (before.processes[kind] ?? 0));
  add("bench process (load generator)", after.self - before.self);
  return { units, wallSeconds: Math.round(wallSeconds * 10) / 10, cpuMsPerUnit: perUnit, coresUsed: cores };
}

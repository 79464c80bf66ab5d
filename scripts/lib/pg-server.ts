import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * A throwaway PostgreSQL server for tests and benchmarks: its own data folder under the OS temp
 * folder, its own TCP port on 127.0.0.1, trust authentication, durability switched off for speed.
 * Nothing survives stop() (or the process exiting).
 */

export type PgServer = {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** The PostgreSQL major version the server runs. */
  version: string;
  /** The folder holding the cluster (data/) and the Unix socket; removed by stop(). */
  baseDir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase: (name: string) => Promise<string>;
  /** Drops a database (closing its connections first). */
  dropDatabase: (name: string) => Promise<void>;
  /** Stops the server and removes its folder; safe to call twice. */
  stop: () => Promise<void>;
};

export type PgServerOptions = {
  /** Extra server settings, passed as `-c key=value` (they override the defaults below). */
  settings?: Record<string, string | number>;
  /** Stream the server's log to stderr instead of keeping it for error messages. */
  verbose?: boolean;
  /** Milliseconds to wait for the server to accept connections. */
  startTimeoutMs?: number;
};

const DEFAULT_SETTINGS: Record<string, string | number> = {
  listen_addresses: "127.0.0.1",
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  max_connections: 200,
};

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The folder with initdb and postgres: `pg_config --bindir` when it has them, else the newest /usr/lib/postgresql/N/bin. */
export function findPgBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push(
      execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
    );
  } catch {
    // no pg_config on PATH
  }
  const debianRoot = "/usr/lib/postgresql";
  if (fs.existsSync(debianRoot)) {
    const versions = fs
      .readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, "bin")));
  }
  // Debian's pg_config (libpq-dev) may point at a folder without the server binaries: check.
  const found = candidates.find(
    (dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "postgres")),
  );
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries (initdb, postgres) not found; looked in: ${candidates.join(", ") || "(nothing)"}. ` +
        "Install PostgreSQL (Debian: apt-get install postgresql) or set PG_BINDIR.",
    );
  }
  return found;
}

/** uid/gid to run the server as: the `postgres` OS user when we are root (initdb and postgres refuse root). */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Running as root, but there is no `postgres` OS user to run PostgreSQL as (Debian's postgresql package creates it).",
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

// Every server this process started, so that exit and signals can clean them up.
const running = new Set<{ cleanupSync: () => void }>();
let handlersInstalled = false;

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const server of [...running]) server.cleanupSync();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = () => {
      for (const server of [...running]) server.cleanupSync();
      // Behave as if we had not been listening: die by the same signal unless someone else handles it.
      process.off(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function run(cmd: string, args: string[], identity: { uid: number; gid: number } | undefined, cwd: string) {
  return spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, LC_ALL: undefined, LANG: undefined },
    ...(identity ?? {}),
  });
}

function initCluster(binDir: string, dataDir: string, identity: { uid: number; gid: number } | undefined, cwd: string) {
  const initdb = path.join(binDir, "initdb");
  const base = ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"];
  let result = run(initdb, [...base, "--locale=C.UTF-8"], identity, cwd);
  if (result.status !== 0) {
    // Older systems without the C.UTF-8 locale: the C locale works with any encoding.
    fs.rmSync(dataDir, { recursive: true, force: true });
    result = run(initdb, [...base, "--locale=C"], identity, cwd);
  }
  if (result.status !== 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    result = run(initdb, base, identity, cwd);
  }
  if (result.status !== 0) {
    throw new Error(`initdb failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `postgres exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${log()}`,
      );
    }
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms (${String(lastError)}):\n${log()}`);
}

/** Starts a fresh PostgreSQL server; the caller must stop() it (exit and signals also clean up). */
export async function startPgServer(options: PgServerOptions = {}): Promise<PgServer> {
  const binDir = findPgBinDir();
  const identity = serverIdentity();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-pg-"));
  const dataDir = path.join(baseDir, "data");
  if (identity) fs.chownSync(baseDir, identity.uid, identity.gid);

  let child: ChildProcess | undefined;
  let stopped = false;
  let admin: postgres.Sql | undefined;
  const logLines: string[] = [];
  const log = () => logLines.join("").split("\n").slice(-40).join("\n");

  const cleanupSync = () => {
    if (stopped) return;
    stopped = true;
    running.delete(entry);
    if (child && child.exitCode === null && child.signalCode === null) {
      // Immediate shutdown and wait, synchronously (this can run inside process.on("exit")).
      run(path.join(binDir, "pg_ctl"), ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"], identity, baseDir);
      if (child.exitCode === null) {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    fs.rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const entry = { cleanupSync };
  running.add(entry);
  installExitHandlers();

  try {
    initCluster(binDir, dataDir, identity, baseDir);
    const version = fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
    const settings = { ...DEFAULT_SETTINGS, ...options.settings };

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const args = ["-D", dataDir, "-p", String(port), "-k", baseDir];
      for (const [key, value] of Object.entries(settings)) args.push("-c", `${key}=${value}`);
      logLines.length = 0;
      const proc = spawn(path.join(binDir, "postgres"), args, {
        cwd: baseDir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LC_ALL: undefined, LANG: undefined },
        ...(identity ?? {}),
      });
      child = proc;
      const onData = (chunk: Buffer) => {
        if (options.verbose) process.stderr.write(chunk);
        logLines.push(chunk.toString());
        if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
      };
      proc.stdout?.on("data", onData);
      proc.stderr?.on("data", onData);
      // Keep the parent free to exit; exit handlers stop the server.
      proc.unref();
      (proc.stdout as unknown as { unref?: () => void } | null)?.unref?.();
      (proc.stderr as unknown as { unref?: () => void } | null)?.unref?.();
      try {
        await waitForServer(
          `postgres://postgres@127.0.0.1:${port}/postgres`,
          proc,
          log,
          options.startTimeoutMs ?? 60_000,
        );
        break;
      } catch (error) {
        // Another process may have taken the port between freePort() and listen: try another.
        const portTaken = /could not bind|Address already in use/i.test(log());
        if (!portTaken || attempt >= 3) throw error;
        if (proc.exitCode === null) proc.kill("SIGKILL");
      }
    }

    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const adminSql = () => (admin ??= postgres(url, { max: 1, onnotice: () => {} }));
    const dbUrl = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;

    return {
      url,
      port,
      version,
      baseDir,
      async createDatabase(name) {
        if (!IDENTIFIER.test(name)) throw new Error(`Invalid database name: ${name}`);
        await adminSql().unsafe(`CREATE DATABASE "${name}"`);
        return dbUrl(name);
      },
      async dropDatabase(name) {
        if (!IDENTIFIER.test(name)) throw new Error(`Invalid database name: ${name}`);
        await adminSql().unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
      async stop() {
        if (stopped) return;
        await admin?.end({ timeout: 2 }).catch(() => {});
        admin = undefined;
        const proc = child;
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          proc.ref(); // keep the event loop alive until it has exited
          const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
          proc.kill("SIGINT"); // fast shutdown
          const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000).unref());
          if ((await Promise.race([exited, timeout])) === "timeout") proc.kill("SIGKILL");
        }
        cleanupSync();
      },
    };
  } catch (error) {
    cleanupSync();
    throw error;
  }
}

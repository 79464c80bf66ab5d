import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The Node flags `npm start` runs the server with (package.json): a young generation large enough for
 * a busy API (the default 16 MB semi-space is scavenged so often under 32 concurrent POS requests that
 * the collector took about a tenth of the server's CPU), so the bench measures the server as deployed.
 */
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=64";

/** Runs the production build (`next start`) against the given environment; builds first if there is no build. */
export async function startApp(env: Record<string, string>, port: number) {
  const root = process.cwd();
  const nextBin = path.join(root, "node_modules", ".bin", "next");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("No production build: running next build…");
    await new Promise<void>((resolve, reject) => {
      const build = spawn(nextBin, ["build"], { stdio: "inherit", env: { ...process.env, ...env } });
      build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
    });
  }
  // BENCH_CPU_PROF=<folder>: the server runs under `node --cpu-prof`, writing a .cpuprofile there when it stops.
  const profileDir = process.env.BENCH_CPU_PROF;
  const [command, args] = profileDir
    ? [
        process.execPath,
        [
          "--cpu-prof",
          `--cpu-prof-dir=${path.resolve(profileDir)}`,
          path.join(root, "node_modules", "next", "dist", "bin", "next"),
          "start",
          "-p",
          String(port),
        ],
      ]
    : [nextBin, ["start", "-p", String(port)]];
  const nodeOptions = [SERVER_NODE_OPTIONS, env.NODE_OPTIONS ?? process.env.NODE_OPTIONS].filter(Boolean).join(" ");
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 120 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Signs in over HTTP the way a script would (next-auth's credentials callback) and returns the Cookie header. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  remember(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, username, password }),
  });
  remember(response);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in as ${username} failed (${response.status})`);
  return cookieHeader();
}

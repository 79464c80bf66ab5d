/**
 * `npm run demo`: migrate, seed demo data (idempotent), build, and start the portal on PORT
 * (default 3000) with embedded PGlite in .data/ — or on PostgreSQL when DATABASE_URL is set.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { seedAllDemoData } from "@/scripts/seed/all";
import { DEMO_PASSWORD, DEMO_STAFF } from "@/scripts/seed/seed";
import { env } from "@/lib/env";
import { describeDatabase, openMigratedDatabase } from "./lib/database";

function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  // Generated once per data folder and kept there, so that sessions survive restarts.
  const file = path.join(env.dataDir, "auth-secret");
  fs.mkdirSync(env.dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(36).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

function run(command: string, args: string[], extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill(signal));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

console.log(`Database: ${describeDatabase()}`);
// The seed opens the embedded database and closes it again before the server opens it:
// one process at a time may hold a PGlite folder.
const handle = await openMigratedDatabase();
const seeded = await seedAllDemoData(handle.db);
await handle.close();
console.log(
  `Demo data ready: ${seeded.stores} stores; created this run: ${seeded.staffCreated} staff accounts, ${seeded.membersCreated} members, ${seeded.purchases} purchases.`,
);

const appEnv = { AUTH_SECRET: authSecret(), ATRIUM_DATA_DIR: env.dataDir, PORT: String(env.PORT) };
const next = path.join(process.cwd(), "node_modules", ".bin", "next");
if (process.env.ATRIUM_SKIP_BUILD === "1" && fs.existsSync(".next/BUILD_ID")) {
  console.log("Using the existing production build (ATRIUM_SKIP_BUILD=1).");
} else if ((await run(next, ["build"], appEnv)) !== 0) {
  process.exit(1);
}

const url = `http://localhost:${env.PORT}`;
console.log(`\nAtrium is starting at ${url}\n`);
console.log("Demo accounts (password: " + DEMO_PASSWORD + "):");
for (const person of DEMO_STAFF)
  console.log(`  ${person.username.padEnd(11)} ${person.roles.join(", ").padEnd(12)} ${person.displayName}`);
console.log("");
process.exit(await run(next, ["start", "-p", String(env.PORT)], appEnv));

import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The `npm run job` command line, run as cron runs it (tsx, a real process, no Next.js): every job's
 * module loads outside the app (a `server-only` import anywhere under lib/jobs/run-job.ts made the
 * command fail before it could print its usage).
 */
describe("npm run job", () => {
  it("loads every job outside Next.js and, without a job name, prints the usage with every job", () => {
    const result = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/job.ts"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "" },
      timeout: 60_000,
    });
    expect(result.stderr).toContain("Usage: npm run job --");
    for (const name of ["points-expiry", "dashboard-rollups", "monthly-reports", "import-files"])
      expect(result.stderr).toContain(name);
    expect(result.status).toBe(2);
  }, 90_000);
});

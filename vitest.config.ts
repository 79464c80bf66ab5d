import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import type { Reporter, TestModule } from "vitest/node";

const root = path.dirname(fileURLToPath(import.meta.url));

type ProjectCounts = { passed: number; failed: number; skipped: number };

/**
 * Writes per-project pass/fail counts to the file named by ATRIUM_VITEST_SUMMARY, for
 * scripts/test.ts (vitest's JSON reporter does not say which project ran a file, and the
 * integration files run twice: on PGlite and on PostgreSQL).
 */
class ProjectSummaryReporter implements Reporter {
  constructor(private readonly outputFile: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: string) {
    const projects: Record<string, ProjectCounts> = {};
    const brokenFiles: { project: string; file: string }[] = [];
    for (const testModule of testModules) {
      const name = testModule.project.name || "default";
      const counts = (projects[name] ??= { passed: 0, failed: 0, skipped: 0 });
      let failedTests = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") {
          counts.failed++;
          failedTests++;
        } else counts.skipped++;
      }
      // A file that fails outside any test (import error, failing beforeAll) counts as one failure.
      if (testModule.state() === "failed" && failedTests === 0) {
        counts.failed++;
        brokenFiles.push({ project: name, file: path.relative(root, testModule.moduleId) });
      }
    }
    fs.writeFileSync(
      this.outputFile,
      JSON.stringify({ reason, projects, brokenFiles, unhandledErrors: unhandledErrors.length }, null, 2),
    );
  }
}

const summaryFile = process.env.ATRIUM_VITEST_SUMMARY;

const integration = (driver: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name: `int-${driver}`,
    include: ["**/*.int.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "**/.data/**", "e2e/**"],
    env: { ATRIUM_TEST_DB: driver },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One database engine per file at a time keeps memory predictable on small CI machines.
    fileParallelism: false,
  },
});

export default defineConfig({
  resolve: {
    alias: [
      // next's "react-server" condition makes `server-only` empty on the server; do the same here.
      { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    environment: "node",
    reporters: summaryFile ? ["default", new ProjectSummaryReporter(summaryFile)] : ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**", "**/.next/**", "**/.data/**", "e2e/**"],
        },
      },
      integration("pglite"),
      integration("postgres"),
    ],
  },
});

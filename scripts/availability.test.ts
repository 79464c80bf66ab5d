import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The `npm run availability` command line, run as a user runs it (tsx, a real process): its last
 * stdout line is the cases file with `slots` computed.
 */

const FIXTURE = "tests/fixtures/availability-cases.json";
const fixture = JSON.parse(fs.readFileSync(path.join(process.cwd(), FIXTURE), "utf8")) as {
  about: string;
  cases: Record<string, unknown>[];
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-availability-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

function availability(...args: string[]) {
  const result = spawnSync(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["scripts/availability.ts", ...args],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  const lines = result.stdout.trim().split("\n");
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: lines.at(-1) ?? "" };
}

describe("npm run availability", { timeout: 60_000 }, () => {
  it("prints the fixture back with exactly its slots as the last line", () => {
    const run = availability("--file", FIXTURE);
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.lastLine);
    expect(output).toEqual(fixture);
    expect(output.cases.map((c: { slots: string[] }) => c.slots)).toEqual(fixture.cases.map((c) => c.slots));
  });

  it("computes missing slots and replaces wrong ones, keeping everything else", () => {
    const [first, second] = fixture.cases as [Record<string, unknown>, Record<string, unknown>];
    const withoutSlots = Object.fromEntries(Object.entries(first).filter(([key]) => key !== "slots"));
    const file = scratchFile(
      "cases.json",
      JSON.stringify({ cases: [withoutSlots, { ...second, slots: ["03:00"], note: "kept" }] }),
    );
    const run = availability("--file", file);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.lastLine)).toEqual({
      cases: [
        { ...withoutSlots, slots: first.slots },
        { ...second, slots: second.slots, note: "kept" },
      ],
    });
  });

  it("exits 2 with the usage when --file is missing", () => {
    const run = availability();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage: npm run availability -- --file CASES.json");
    expect(run.stdout).toBe("");
  });

  it("exits 2 for a file that does not exist or is not JSON", () => {
    const missing = availability("--file", path.join(scratch, "nope.json"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Cannot read");
    const broken = availability("--file", scratchFile("broken.json", "{ cases: ["));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("is not JSON");
  });

  it("exits 2 and names the field of an invalid case", () => {
    const bad = { cases: [{ ...fixture.cases[0], timeZone: "Mars/Olympus" }] };
    const run = availability("--file", scratchFile("bad.json", JSON.stringify(bad)));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cases[0].timeZone");
    expect(run.stdout).toBe("");
  });
});

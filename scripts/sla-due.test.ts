import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The `npm run sla:due` command line, run as a user runs it (tsx, a real process): its last stdout
 * line is the cases file with `dueAt` computed.
 */

const FIXTURE = "tests/fixtures/sla-cases.json";
const fixture = JSON.parse(fs.readFileSync(path.join(process.cwd(), FIXTURE), "utf8")) as {
  about: string;
  cases: Record<string, unknown>[];
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-sla-due-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

function slaDue(...args: string[]) {
  const result = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/sla-due.ts", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = result.stdout.trim().split("\n");
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: lines.at(-1) ?? "" };
}

describe("npm run sla:due", { timeout: 60_000 }, () => {
  it("prints the fixture back with exactly its dueAt as the last line", () => {
    const run = slaDue("--file", FIXTURE);
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.lastLine);
    expect(output).toEqual(fixture);
    expect(output.cases.map((c: { dueAt: string }) => c.dueAt)).toEqual(fixture.cases.map((c) => c.dueAt));
  });

  it("computes a missing dueAt and replaces a wrong one, keeping everything else", () => {
    const [first, second] = fixture.cases as [Record<string, unknown>, Record<string, unknown>];
    const withoutDue = Object.fromEntries(Object.entries(first).filter(([key]) => key !== "dueAt"));
    const file = scratchFile(
      "cases.json",
      JSON.stringify({ note: "top", cases: [withoutDue, { ...second, dueAt: "2000-01-01T00:00:00Z", id: "kept" }] }),
    );
    const run = slaDue("--file", file);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.lastLine)).toEqual({
      note: "top",
      cases: [
        { ...withoutDue, dueAt: first.dueAt },
        { ...second, dueAt: second.dueAt, id: "kept" },
      ],
    });
  });

  it("prints null for a case held by an open pause, pauses as objects or pairs", () => {
    const [first] = fixture.cases as [Record<string, unknown>];
    const file = scratchFile(
      "paused.json",
      JSON.stringify({
        cases: [
          { ...first, pauses: [{ start: "2026-11-23T09:30:00+08:00", end: null }] },
          { ...first, pauses: [["2026-11-23T09:30:00+08:00", "2026-11-23T11:00:00+08:00"]] },
        ],
      }),
    );
    const run = slaDue("--file", file);
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.lastLine) as { cases: { dueAt: string | null }[] };
    expect(output.cases.map((c) => c.dueAt)).toEqual([null, "2026-11-23T16:00:00+08:00"]);
  });

  it("exits 2 with the usage when --file is missing", () => {
    const run = slaDue();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage: npm run sla:due -- --file CASES.json");
    expect(run.stdout).toBe("");
  });

  it("exits 2 for a file that does not exist or is not JSON", () => {
    const missing = slaDue("--file", path.join(scratch, "nope.json"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Cannot read");
    const broken = slaDue("--file", scratchFile("broken.json", "{ cases: ["));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("is not JSON");
  });

  it("exits 2 and names the field of an invalid case", () => {
    const [first] = fixture.cases as [{ calendar: Record<string, unknown> }];
    const bad = { cases: [{ ...first, calendar: { ...first.calendar, timeZone: "Mars/Olympus" } }] };
    const run = slaDue("--file", scratchFile("bad.json", JSON.stringify(bad)));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cases[0].calendar.timeZone");
    expect(run.stdout).toBe("");
  });

  it("exits 2 for a calendar without open time in a year", () => {
    const mondays = Array.from({ length: 60 }, (_, week) =>
      new Date(Date.UTC(2026, 10, 23 + 7 * week)).toISOString().slice(0, 10),
    );
    const closed = {
      cases: [
        {
          calendar: { timeZone: "Asia/Shanghai", hours: { mon: [["10:00", "19:00"]] }, closedDates: mondays },
          start: "2026-11-23T09:00:00+08:00",
          targetMinutes: 60,
          pauses: [],
        },
      ],
    };
    const run = slaDue("--file", scratchFile("closed.json", JSON.stringify(closed)));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no open time");
    expect(run.stdout).toBe("");
  });
});

import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createUpload, readUpload } from "@/lib/members/import/storage";
import { setupTempDataDir } from "@/tests/helpers/data-dir";
import { auditEntries, setupTestDatabase } from "@/tests/helpers/test-db";
import { runJob } from "./run-job";

const dataDir = setupTempDataDir();
let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const STAFF = "00000000-0000-4000-8000-000000000001";

/** Makes every file of an upload look last written `hours` ago. */
async function age(uploadId: string, hours: number): Promise<void> {
  const folder = path.join(dataDir(), "imports", uploadId);
  const when = new Date(Date.now() - hours * 60 * 60 * 1000);
  for (const name of await fs.readdir(folder)) await fs.utimes(path.join(folder, name), when, when);
  await fs.utimes(folder, when, when);
}

describe("the import-files job", () => {
  it("deletes uploads and plans untouched for more than 24 hours, keeps the others, and a second run deletes nothing more", async () => {
    const stale = await createUpload(STAFF, "old.csv");
    const fresh = await createUpload(STAFF, "new.csv");
    await age(stale, 25);
    await age(fresh, 23);

    expect(await runJob(db, "import-files")).toEqual({ status: "done", result: { removed: 1 } });
    await expect(readUpload(STAFF, stale)).rejects.toMatchObject({ code: "not_found" });
    await expect(fs.stat(path.join(dataDir(), "imports", stale))).rejects.toThrow();
    expect((await readUpload(STAFF, fresh)).fileName).toBe("new.csv");

    expect(await runJob(db, "import-files")).toEqual({ status: "done", result: { removed: 0 } });
    const audits = await auditEntries(db, { action: "job.run", entityId: "import-files" });
    expect(audits.map((a) => a.details)).toEqual(expect.arrayContaining([{ removed: 1 }, { removed: 0 }]));
  });

  it("runs with no import folder at all", async () => {
    expect(await runJob(db, "import-files")).toEqual({ status: "done", result: { removed: 0 } });
  });
});

import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { env } from "@/lib/env";

/**
 * Points the data folder (import uploads) at a fresh temporary folder for each test, so that a
 * test never sees, nor deletes, the files of another test or of the developer's own `.data`.
 * Returns a function giving the current folder.
 */
export function setupTempDataDir(): () => string {
  const original = env.dataDir;
  let dir = "";
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "atrium-data-"));
    env.dataDir = dir;
  });
  afterEach(async () => {
    env.dataDir = original;
    await fs.rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

// No `import "server-only"`: the import-files job loads this module in `npm run job` (tsx, outside
// Next.js), where that import throws. The linter keeps components/ from importing it.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PlannedMember } from "./analyze";
import type { ImportEncoding } from "./decode";
import type { ColumnMapping } from "./mapping";
import type { ChunkResult, DryRunReport } from "./service";

/**
 * Uploaded exports wait on the server's disk between the steps of the import (upload in parts,
 * preview, dry run, commit chunk by chunk), in a folder per upload that only its uploader may use.
 * An import's files are deleted when it is closed (`abandonImportUseCase`), after a day untouched
 * (the `import-files` job) and on any member's erasure.
 */

export const UPLOAD_PART_MAX_BYTES = 4 * 1024 * 1024;
export const UPLOAD_MAX_BYTES = 64 * 1024 * 1024;
const KEEP_MS = 24 * 60 * 60 * 1000;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type UploadMeta = { staffId: string; fileName: string; createdAt: string; bytes: number };

export type ImportPlan = {
  encoding: ImportEncoding;
  mapping: ColumnMapping;
  storeId: string;
  report: DryRunReport;
  members: PlannedMember[];
  chunkSize: number;
  chunksDone: number;
  result: ChunkResult;
  committedAt: string | null;
};

const root = () => path.join(env.dataDir, "imports");

function folderOf(uploadId: string): string {
  if (!ID.test(uploadId)) throw new AppError("not_found");
  return path.join(root(), uploadId);
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** The upload's folder, after checking that `staffId` uploaded it (someone else's upload is "not found"). */
async function ownedFolder(staffId: string, uploadId: string): Promise<{ folder: string; meta: UploadMeta }> {
  const folder = folderOf(uploadId);
  const meta = await readJson<UploadMeta>(path.join(folder, "meta.json"));
  if (!meta || meta.staffId !== staffId) throw new AppError("not_found");
  return { folder, meta };
}

/** The last time anything in the folder was written (appending to the file leaves the folder's own mtime alone). */
async function lastWrite(folder: string): Promise<number | null> {
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat) return null;
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const times = await Promise.all(
    names.map((n) =>
      fs.stat(path.join(folder, n)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max(stat.mtimeMs, ...times);
}

/** Deletes uploads and plans untouched for a day (the `import-files` job, and each new upload); returns how many. */
export async function removeStaleUploads(now: number = Date.now()): Promise<{ removed: number }> {
  const entries = await fs.readdir(root()).catch(() => [] as string[]);
  const removed = await Promise.all(
    entries.map(async (name) => {
      const written = await lastWrite(path.join(root(), name));
      if (written === null || now - written <= KEEP_MS) return 0;
      await fs.rm(path.join(root(), name), { recursive: true, force: true });
      return 1;
    }),
  );
  return { removed: removed.reduce<number>((a, b) => a + b, 0) };
}

/**
 * Closes an import: deletes its upload and plan (the rejected-rows download ends with them).
 * Deleting one already gone is not an error; someone else's upload is "not found".
 */
export async function deleteUpload(staffId: string, uploadId: string): Promise<boolean> {
  const folder = folderOf(uploadId);
  if (!(await fs.stat(folder).catch(() => null))) return false;
  await ownedFolder(staffId, uploadId);
  await fs.rm(folder, { recursive: true, force: true });
  return true;
}

/**
 * Erasure: deletes every pending upload and plan, whoever sent it. A file may hold the erased
 * member's phone or name in any spelling, in a rejected row too, so scanning cannot be trusted to
 * find them; an unfinished import is simply uploaded again. Returns how many were deleted.
 */
export async function removeAllUploads(): Promise<number> {
  const entries = await fs.readdir(root()).catch(() => [] as string[]);
  await Promise.all(entries.map((name) => fs.rm(path.join(root(), name), { recursive: true, force: true })));
  return entries.length;
}

export async function createUpload(staffId: string, fileName: string): Promise<string> {
  await removeStaleUploads();
  const uploadId = randomUUID();
  const folder = folderOf(uploadId);
  await fs.mkdir(folder, { recursive: true });
  const meta: UploadMeta = { staffId, fileName: fileName.slice(0, 200), createdAt: new Date().toISOString(), bytes: 0 };
  await fs.writeFile(path.join(folder, "meta.json"), JSON.stringify(meta));
  await fs.writeFile(path.join(folder, "file.csv"), new Uint8Array());
  return uploadId;
}

/** Appends the next part of the file; `offset` must be the bytes received so far (a repeated part is ignored). */
export async function appendUploadPart(
  staffId: string,
  uploadId: string,
  offset: number,
  bytes: Uint8Array,
): Promise<number> {
  const { folder, meta } = await ownedFolder(staffId, uploadId);
  if (offset + bytes.length === meta.bytes && offset < meta.bytes) return meta.bytes;
  if (offset !== meta.bytes) throw new AppError("conflict");
  if (meta.bytes + bytes.length > UPLOAD_MAX_BYTES)
    throw new AppError("validation", { messageKey: "importFileTooLarge" });
  await fs.appendFile(path.join(folder, "file.csv"), bytes);
  const next = { ...meta, bytes: meta.bytes + bytes.length };
  await fs.writeFile(path.join(folder, "meta.json"), JSON.stringify(next));
  return next.bytes;
}

export async function readUpload(staffId: string, uploadId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const { folder, meta } = await ownedFolder(staffId, uploadId);
  return { bytes: await fs.readFile(path.join(folder, "file.csv")), fileName: meta.fileName };
}

export async function savePlan(staffId: string, uploadId: string, plan: ImportPlan): Promise<void> {
  const { folder } = await ownedFolder(staffId, uploadId);
  // Write then rename: a reader never sees half a plan.
  const file = path.join(folder, "plan.json");
  await fs.writeFile(`${file}.tmp`, JSON.stringify(plan));
  await fs.rename(`${file}.tmp`, file);
}

export async function readPlan(staffId: string, uploadId: string): Promise<ImportPlan> {
  const { folder } = await ownedFolder(staffId, uploadId);
  const plan = await readJson<ImportPlan>(path.join(folder, "plan.json"));
  if (!plan) throw new AppError("validation", { messageKey: "importDryRunFirst" });
  return plan;
}

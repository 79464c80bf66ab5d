import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { rowsOf, type DatabaseHandle, type Db } from "@/db/client";
import { members } from "@/db/schema";
import type { UseCase } from "@/lib/actions/use-case";
import { AppError } from "@/lib/errors";
import { insertMember } from "@/tests/helpers/members";
import { loadStaffAccount, type StaffAccount } from "@/lib/staff/principal";
import { setupTempDataDir } from "@/tests/helpers/data-dir";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestDatabase,
  createTestStaff,
  createTestStore,
  type TestStore,
} from "@/tests/helpers/test-db";
import { guessColumnMapping } from "./mapping";
import { appendUploadPart, createUpload, readPlan, readUpload, UPLOAD_PART_MAX_BYTES } from "./storage";
import { abandonImportUseCase, commitImportChunkUseCase, dryRunImportUseCase, previewImportUseCase } from "./use-cases";

const SAMPLE = fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/members-legacy.csv"));

const dataDir = setupTempDataDir();
let handle: DatabaseHandle;
let db: Db;
let store: TestStore;
let manager: StaffAccount;

beforeEach(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  store = await createTestStore(db);
  const created = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] });
  manager = (await loadStaffAccount(db, created.id))!;
});
afterEach(async () => {
  await handle.close();
});

/** The use case as its server action runs it, in this test's database. */
function run<TSchema extends z.ZodType, TOutput>(
  useCase: UseCase<TSchema, TOutput>,
  staff: StaffAccount,
  raw: unknown,
): Promise<TOutput> {
  return runAs(db, useCase, staff, raw);
}

async function uploadSample(staff: StaffAccount): Promise<string> {
  const uploadId = await createUpload(staff.id, "members-legacy.csv");
  // Parts as the browser sends them (here smaller than the real 4 MiB, to exercise the appending).
  const part = 50_000;
  expect(part).toBeLessThan(UPLOAD_PART_MAX_BYTES);
  for (let offset = 0; offset < SAMPLE.length; offset += part)
    await appendUploadPart(staff.id, uploadId, offset, SAMPLE.subarray(offset, offset + part));
  return uploadId;
}

describe("member import through the UI's use cases", () => {
  it("upload in parts → preview → dry run → commit chunk by chunk: the sample's members, one audit entry, retries change nothing", async () => {
    const uploadId = await uploadSample(manager);

    const preview = await run(previewImportUseCase, manager, { uploadId });
    expect(preview).toMatchObject({ encoding: "utf-8", rows: 2000 });
    const mapping = guessColumnMapping(preview.header);
    expect(preview.guessedMapping).toEqual(mapping);

    const dry = await run(dryRunImportUseCase, manager, { uploadId, mapping, storeId: store.id });
    expect(dry.report).toMatchObject({
      rows: 2000,
      distinct_valid_members: 1777,
      duplicate_rows: 147,
      invalid_rows: 76,
      birthday_warnings: 25,
    });
    expect(dry.chunks).toBe(1);

    const first = await run(commitImportChunkUseCase, manager, { uploadId, chunk: 0 });
    expect(first).toMatchObject({ rowsDone: 2000, rowsTotal: 2000, done: true });
    // A retried request for a chunk already committed returns the progress and writes nothing.
    const retry = await run(commitImportChunkUseCase, manager, { uploadId, chunk: 0 });
    expect(retry.done).toBe(true);

    const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from members`));
    expect(Number(count!.n)).toBe(1777);
    const audits = await auditEntries(db, { action: "member.import", actorStaffId: manager.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.storeId).toBe(store.id);
  });

  it("a member of another store with a phone of the file is a conflict: reported by row, never updated, listed with the rejected rows", async () => {
    // 孙英 (lines 2 and 3 of the file, one phone in two spellings) is a member of a store the manager does not work at.
    const other = await createTestStore(db);
    const elsewhere = await insertMember(db, { storeId: other.id, name: "外店会员", phone: "+8613560181590" });
    const uploadId = await uploadSample(manager);
    const mapping = guessColumnMapping((await run(previewImportUseCase, manager, { uploadId })).header);

    const dry = await run(dryRunImportUseCase, manager, { uploadId, mapping, storeId: store.id });
    expect(dry.report).toMatchObject({
      existing_members_matched: 0,
      new_members: 1776,
      conflict_rows: 2,
      conflicts: [
        { row: 2, why: "phone_unavailable" },
        { row: 3, why: "phone_unavailable" },
      ],
    });
    expect(JSON.stringify(dry)).not.toMatch(new RegExp(`${elsewhere.id}|外店会员`));

    const done = await run(commitImportChunkUseCase, manager, { uploadId, chunk: 0 });
    expect(done).toMatchObject({ rowsDone: 2000, rowsTotal: 2000, done: true });
    expect(done.result).toMatchObject({ membersCreated: 1776, membersConflicting: 1, conflictRows: 2 });
    const [after] = await db.select().from(members).where(eq(members.id, elsewhere.id));
    expect(after).toEqual(elsewhere);
    // The rejected-rows download adds the plan's conflicts to the file's own rejections.
    const plan = await readPlan(manager.id, uploadId);
    expect(plan.report.conflicts.map((c) => c.row)).toEqual([2, 3]);
  });

  it("an advisor may not import, a manager may not import into a store outside their scope, and nobody reads another's upload", async () => {
    const uploadId = await uploadSample(manager);
    const mapping = guessColumnMapping([
      "会员卡号",
      "姓名",
      "性别",
      "手机号",
      "生日",
      "邮箱",
      "开卡门店",
      "开卡日期",
      "累计消费(元)",
      "积分余额",
      "备注",
    ]);

    const advisorId = (await createTestStaff(db, { roles: ["advisor"], storeIds: [store.id] })).id;
    const advisor = (await loadStaffAccount(db, advisorId))!;
    await expect(run(previewImportUseCase, advisor, { uploadId })).rejects.toMatchObject({ code: "forbidden" });

    const other = await createTestStore(db);
    await expect(run(dryRunImportUseCase, manager, { uploadId, mapping, storeId: other.id })).rejects.toMatchObject({
      code: "not_found",
    });

    const otherManagerId = (await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] })).id;
    const otherManager = (await loadStaffAccount(db, otherManagerId))!;
    await expect(run(previewImportUseCase, otherManager, { uploadId })).rejects.toBeInstanceOf(AppError);
    await expect(run(commitImportChunkUseCase, manager, { uploadId, chunk: 0 })).rejects.toMatchObject({
      code: "validation",
    });
  });

  it("the dry run needs the name and phone columns", async () => {
    const uploadId = await uploadSample(manager);
    const mapping = { ...guessColumnMapping(["会员卡号", "姓名", "性别", "手机号"]), phone: null };
    await expect(run(dryRunImportUseCase, manager, { uploadId, mapping, storeId: store.id })).rejects.toMatchObject({
      code: "validation",
    });
  });

  it("closing an import, committed or not, deletes its upload and plan; closing twice changes nothing; another's upload is not found", async () => {
    const uploadId = await uploadSample(manager);
    const mapping = guessColumnMapping((await run(previewImportUseCase, manager, { uploadId })).header);
    await run(dryRunImportUseCase, manager, { uploadId, mapping, storeId: store.id });
    await run(commitImportChunkUseCase, manager, { uploadId, chunk: 0 });
    // Until it is closed, the rejected-rows download still has the file and the plan.
    expect((await readPlan(manager.id, uploadId)).committedAt).not.toBeNull();

    const otherManager = (await loadStaffAccount(
      db,
      (await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] })).id,
    ))!;
    await expect(run(abandonImportUseCase, otherManager, { uploadId })).rejects.toMatchObject({ code: "not_found" });
    expect((await readUpload(manager.id, uploadId)).fileName).toBe("members-legacy.csv");

    expect(await run(abandonImportUseCase, manager, { uploadId })).toEqual({ deleted: true });
    await expect(readUpload(manager.id, uploadId)).rejects.toMatchObject({ code: "not_found" });
    await expect(readPlan(manager.id, uploadId)).rejects.toMatchObject({ code: "not_found" });
    expect(fs.readdirSync(path.join(dataDir(), "imports"))).toEqual([]);
    expect(await run(abandonImportUseCase, manager, { uploadId })).toEqual({ deleted: false });

    // An import cancelled before its dry run goes the same way.
    const cancelled = await uploadSample(manager);
    expect(await run(abandonImportUseCase, manager, { uploadId: cancelled })).toEqual({ deleted: true });
    expect(fs.readdirSync(path.join(dataDir(), "imports"))).toEqual([]);
  });
});

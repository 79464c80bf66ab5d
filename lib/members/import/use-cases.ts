import { defineUseCase } from "@/lib/actions/use-case";
import { authorize, storeScopeOf } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { todayIn } from "@/lib/time";
import { analyzeImport, type ImportReport } from "./analyze";
import { prepareImportFile } from "./prepare";
import { abandonImportSchema, commitImportChunkSchema, dryRunImportSchema, previewImportSchema } from "./schemas";
import {
  addChunkResults,
  commitMemberChunk,
  emptyChunkResult,
  IMPORT_CHUNK_MEMBERS,
  recordImportAudit,
  withDatabaseMatches,
  type ImportConflict,
} from "./service";
import { deleteUpload, readPlan, readUpload, savePlan } from "./storage";
import { resolveImportStores } from "./stores";

const PREVIEW_ROWS = 8;
/** Report lines sent to the browser; the rejected-rows CSV has them all. */
const REPORT_LINES_SHOWN = 1_000;

/** The file's header, its first rows and the guessed column mapping. */
export const previewImportUseCase = defineUseCase({
  permission: "members.import",
  input: previewImportSchema,
  // The upload belongs to its uploader, not to a store; the store is chosen at the dry run.
  scope: "global",
  async run({ staff, input }) {
    const { bytes, fileName } = await readUpload(staff.id, input.uploadId);
    const file = prepareImportFile(bytes, input.encoding);
    if (file.csv.header.length === 0) throw new AppError("validation");
    return {
      fileName,
      encoding: file.encoding,
      header: file.csv.header,
      sample: file.csv.records.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, cells: r.cells })),
      rows: file.csv.records.length,
      guessedMapping: file.guessedMapping,
    };
  },
});

export type DryRunResult = {
  report: Omit<ImportReport, "invalid" | "warnings"> & {
    existing_members_matched: number;
    new_members: number;
    conflict_rows: number;
    invalid: ImportReport["invalid"];
    warnings: ImportReport["warnings"];
    conflicts: ImportConflict[];
  };
  shownLines: number;
  chunks: number;
};

/** Validates every row against the chosen mapping and store, counts matches in the database, and keeps the plan for the commit. */
export const dryRunImportUseCase = defineUseCase({
  permission: "members.import",
  input: dryRunImportSchema,
  scope: ({ input }) => input.storeId,
  async run({ staff, input, db }): Promise<DryRunResult> {
    const { bytes } = await readUpload(staff.id, input.uploadId);
    const file = prepareImportFile(bytes, input.encoding);
    const columns = file.csv.header.length;
    if (Object.values(input.mapping).some((index) => index !== null && index >= columns))
      throw new AppError("validation");
    const stores = await resolveImportStores(db, storeScopeOf(staff), { id: input.storeId });
    const { report, members } = analyzeImport(file.csv, input.mapping, { today: todayIn(stores.timeZone) });
    const dryRun = await withDatabaseMatches(db, report, members, stores.scope);
    await savePlan(staff.id, input.uploadId, {
      encoding: file.encoding,
      mapping: input.mapping,
      storeId: input.storeId,
      report: dryRun,
      members,
      chunkSize: IMPORT_CHUNK_MEMBERS,
      chunksDone: 0,
      result: emptyChunkResult(),
      committedAt: null,
    });
    return {
      report: {
        ...dryRun,
        invalid: dryRun.invalid.slice(0, REPORT_LINES_SHOWN),
        warnings: dryRun.warnings.slice(0, REPORT_LINES_SHOWN),
        conflicts: dryRun.conflicts.slice(0, REPORT_LINES_SHOWN),
      },
      shownLines: REPORT_LINES_SHOWN,
      chunks: Math.ceil(members.length / IMPORT_CHUNK_MEMBERS),
    };
  },
});

/**
 * Commits the next chunk of the dry-run plan in this action's transaction; the browser calls it
 * chunk after chunk and shows the progress. The last chunk writes the audit entry. A chunk that
 * was already committed (a retried request) is not written again.
 */
export const commitImportChunkUseCase = defineUseCase({
  permission: "members.import",
  input: commitImportChunkSchema,
  // The store is the one the dry run chose, kept in the plan on disk: checked once the plan is read.
  scope: "in-run",
  revalidate: () => ["/members"],
  async run({ staff, actor, input, db }) {
    const plan = await readPlan(staff.id, input.uploadId);
    authorize(staff, "members.import", { storeId: plan.storeId });
    const chunks = Math.ceil(plan.members.length / plan.chunkSize);
    const progress = () => ({
      rowsDone: plan.report.invalid_rows + plan.result.rows + plan.result.conflictRows,
      rowsTotal: plan.report.rows,
      chunksDone: plan.chunksDone,
      chunks,
      done: plan.committedAt !== null,
      result: plan.result,
    });
    if (input.chunk < plan.chunksDone || plan.committedAt) return progress();
    if (input.chunk > plan.chunksDone) throw new AppError("conflict");

    const stores = await resolveImportStores(db, storeScopeOf(staff), { id: plan.storeId });
    const slice = plan.members.slice(input.chunk * plan.chunkSize, (input.chunk + 1) * plan.chunkSize);
    const chunkResult = await commitMemberChunk(db, slice, stores, actor.staffId);
    plan.result = addChunkResults(plan.result, chunkResult);
    // The rejected-rows download lists this chunk's conflicts as committed, not as the dry run saw them.
    const sliceLines = new Set(slice.flatMap((m) => m.lines));
    plan.report.conflicts = [
      ...plan.report.conflicts.filter((c) => !sliceLines.has(c.row)),
      ...chunkResult.conflictLines.map((row) => ({ row, why: "phone_unavailable" as const })),
    ].sort((a, b) => a.row - b.row);
    plan.report.conflict_rows = plan.report.conflicts.length;
    plan.chunksDone = input.chunk + 1;
    if (plan.chunksDone >= chunks) {
      await recordImportAudit(db, actor, {
        storeId: plan.storeId,
        fileRows: plan.report.rows,
        invalidRows: plan.report.invalid_rows,
        duplicateRows: plan.report.duplicate_rows,
        birthdayWarnings: plan.report.birthday_warnings,
        encoding: plan.encoding,
        ...plan.result,
      });
      plan.committedAt = new Date().toISOString();
    }
    // Last step of the transaction: the progress on disk follows what is about to commit.
    await savePlan(staff.id, input.uploadId, plan);
    return progress();
  },
});

/**
 * Closes the staff member's import, committed or not: deletes the uploaded file and its plan, so
 * the rejected-rows download ends here. Closing one already gone changes nothing.
 */
export const abandonImportUseCase = defineUseCase({
  permission: "members.import",
  input: abandonImportSchema,
  // The upload belongs to its uploader (another's is "not found"), not to a store.
  scope: "global",
  run: async ({ staff, input }) => ({ deleted: await deleteUpload(staff.id, input.uploadId) }),
});

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { download, staffRoute } from "@/lib/api/staff-route";
import { analyzeImport, type RejectReason } from "@/lib/members/import/analyze";
import { prepareImportFile } from "@/lib/members/import/prepare";
import { rejectedRowsCsv } from "@/lib/members/import/rejected-csv";
import { readPlan, readUpload } from "@/lib/members/import/storage";

export const dynamic = "force-dynamic";

/**
 * `GET ?id=UPLOAD`: the rows the last dry run rejected, with their original columns, line and
 * reason, as a CSV download. Rebuilt from the uploaded file with the dry run's mapping, plus the
 * rows kept in the plan as conflicts (a phone held outside the importer's stores). Offered until
 * the import is closed: closing deletes the file and the plan, and this answers "not found".
 */
export const GET = staffRoute({
  permission: "members.import",
  query: z.object({ id: z.string().min(1) }),
  // Uploads belong to the staff member who sent them (another's is "not found"), not to a store.
  scope: "global",
  async handler({ staff, locale, query }) {
    const [plan, upload, t] = await Promise.all([
      readPlan(staff.id, query.id),
      readUpload(staff.id, query.id),
      getTranslations({ locale, namespace: "memberImport" }),
    ]);
    const file = prepareImportFile(upload.bytes, plan.encoding);
    // The same rules as the dry run; "today" only affects warnings, never which rows are rejected.
    const { rejectedLines } = analyzeImport(file.csv, plan.mapping, { today: "9999-12-31" });
    for (const conflict of plan.report.conflicts ?? []) rejectedLines.set(conflict.row, conflict.why);
    const csv = rejectedRowsCsv(file.csv, rejectedLines, {
      line: t("rejectedCsv.line"),
      reason: t("rejectedCsv.reason"),
      describe: (why: RejectReason) => t(`reasons.${why}`),
    });
    const base = upload.fileName.replace(/\.csv$/i, "").replace(/[^\p{L}\p{N}._-]+/gu, "_") || "import";
    return download(csv, {
      contentType: "text/csv; charset=utf-8",
      filename: `${base}-${t("rejectedCsv.fileSuffix")}.csv`,
      asciiFilename: "rejected.csv",
    });
  },
});

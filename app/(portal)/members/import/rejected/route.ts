import { getTranslations } from "next-intl/server";
import { authorizeRequest } from "@/lib/auth/route-guard";
import { isAppError } from "@/lib/errors";
import { analyzeImport, type RejectReason } from "@/lib/members/import/analyze";
import { prepareImportFile } from "@/lib/members/import/prepare";
import { rejectedRowsCsv } from "@/lib/members/import/rejected-csv";
import { readPlan, readUpload } from "@/lib/members/import/storage";

export const dynamic = "force-dynamic";

/**
 * `GET ?id=UPLOAD`: the rows the last dry run rejected, with their original columns, line and
 * reason, as a CSV download. Rebuilt from the uploaded file with the dry run's mapping.
 */
export async function GET(request: Request) {
  const { staff, denied } = await authorizeRequest("members.import");
  if (denied) return denied;
  const uploadId = new URL(request.url).searchParams.get("id") ?? "";
  try {
    const [plan, upload, t] = await Promise.all([readPlan(staff.id, uploadId), readUpload(staff.id, uploadId), getTranslations("memberImport")]);
    const file = prepareImportFile(upload.bytes, plan.encoding);
    // The same rules as the dry run; "today" only affects warnings, never which rows are rejected.
    const { rejectedLines } = analyzeImport(file.csv, plan.mapping, { today: "9999-12-31" });
    const csv = rejectedRowsCsv(file.csv, rejectedLines, {
      line: t("rejectedCsv.line"),
      reason: t("rejectedCsv.reason"),
      describe: (why: RejectReason) => t(`reasons.${why}`),
    });
    const base = upload.fileName.replace(/\.csv$/i, "").replace(/[^\p{L}\p{N}._-]+/gu, "_") || "import";
    const name = `${base}-${t("rejectedCsv.fileSuffix")}.csv`;
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="rejected.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (isAppError(error)) return new Response(null, { status: error.code === "not_found" ? 404 : 409 });
    throw error;
  }
}

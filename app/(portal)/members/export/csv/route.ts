import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/auth/request-ip";
import { authorizeRequest } from "@/lib/auth/route-guard";
import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { EXPORT_COLUMNS, exportParamsSchema, prepareMemberExport, type ExportColumn } from "@/lib/members/export";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

function problem(code: keyof typeof HTTP_STATUS) {
  return Response.json({ error: code }, { status: HTTP_STATUS[code], headers: NO_STORE });
}

/**
 * GET /members/export/csv?columns=name,phone&tier=gold…: the member list as CSV (UTF-8 with BOM),
 * only the chosen columns, unmasked. Decided here on the server, not by the page hiding a button:
 * signed in, `members.export` (managers), store scope in the query, audited before any row leaves.
 */
export async function GET(request: Request) {
  const { staff, denied } = await authorizeRequest("members.export");
  if (denied) return denied;

  const search = new URL(request.url).searchParams;
  const raw = {
    columns: search.getAll("columns"),
    q: search.get("q") ?? undefined,
    tier: search.get("tier") ?? undefined,
    store: search.get("store") ?? undefined,
    stage: search.get("stage") ?? undefined,
    advisor: search.get("advisor") ?? undefined,
    tag: search.get("tag") ?? undefined,
  };
  if (!exportParamsSchema.safeParse(raw).success) return problem("validation");

  const t = await getTranslations("memberPrivacy.export.columns");
  const titles = Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, t(column)])) as Record<ExportColumn, string>;
  const actor = { staffId: staff.id, username: staff.username, ip: clientIp(await headers()) };

  let exported;
  try {
    exported = await prepareMemberExport(getDb(), staff, actor, raw, titles);
  } catch (error) {
    if (isAppError(error)) return problem(error.code);
    throw error;
  }

  const chunks = exported.chunks();
  const encoder = new TextEncoder();
  // Pulled batch by batch: a large export never sits in memory whole.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("member export failed:", error instanceof Error ? error.message : "unknown error");
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "X-Row-Count": String(exported.rowCount),
    },
  });
}

import { getTranslations } from "next-intl/server";
import { download, staffRoute } from "@/lib/api/staff-route";
import { EXPORT_COLUMNS, exportParamsSchema, type ExportColumn } from "@/lib/members/export/schemas";
import { prepareMemberExport } from "@/lib/members/export/service";

export const dynamic = "force-dynamic";

/**
 * GET /members/export/csv?columns=name,phone&tier=gold…: the member list as CSV (UTF-8 with BOM),
 * only the chosen columns, unmasked. Decided here on the server, not by the page hiding a button:
 * signed in, `members.export` (managers), store scope in the query, audited before any row leaves.
 */
export const GET = staffRoute({
  permission: "members.export",
  query: exportParamsSchema,
  // A store filter outside the staff member's stores is "not found"; without one the query is scoped.
  scope: ({ query }) => query.store,
  async handler({ db, staff, actor, locale, query }) {
    const t = await getTranslations({ locale, namespace: "memberPrivacy.export.columns" });
    const titles = Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, t(column)])) as Record<
      ExportColumn,
      string
    >;
    const exported = await prepareMemberExport(db, staff, actor, query, titles);

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
    return download(body, {
      contentType: "text/csv; charset=utf-8",
      filename: exported.filename,
      headers: { "X-Row-Count": String(exported.rowCount) },
    });
  },
});

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { download, staffRoute } from "@/lib/api/staff-route";
import { statementLabels } from "@/lib/loyalty/statement/labels";
import { statementPeriodSchema } from "@/lib/loyalty/statement/schemas";
import { createMemberStatement } from "@/lib/loyalty/statement/service";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Translate = (key: string) => string;

/**
 * GET /members/{id}/statement?from=YYYY-MM-DD&to=YYYY-MM-DD: the member's statement for that period
 * (local dates of the home store) as a PDF download, in the staff member's language. Decided here on
 * the server: signed in with `loyalty.statement` (401/403), a valid period (422 with field errors),
 * the member in the staff member's stores (404 otherwise); each statement is audited.
 */
export const GET = staffRoute({
  permission: "loyalty.statement",
  // Not a member id at all: the same 404 as a member outside the staff member's stores.
  params: z.object({ id: z.uuid() }),
  query: statementPeriodSchema,
  // The statement's member query is limited to the staff member's stores.
  scope: "in-run",
  async handler({ db, staff, actor, locale, params, query }) {
    // The tier is printed in both languages, whatever the staff member's.
    const [t, tierZh, tierEn] = await Promise.all([
      getTranslations({ locale, namespace: "memberStatement" }),
      getTranslations({ locale: "zh-CN", namespace: "members.tiers" }),
      getTranslations({ locale: "en", namespace: "members.tiers" }),
    ]);
    const { pdf, filename } = await createMemberStatement(
      db,
      staff,
      actor,
      { memberId: params.id, from: query.from, to: query.to },
      { labels: statementLabels(t, { zh: tierZh as Translate, en: tierEn as Translate }, locale), locale },
    );
    return download(new Uint8Array(pdf), {
      contentType: "application/pdf",
      filename,
      headers: { "Content-Length": String(pdf.length) },
    });
  },
});

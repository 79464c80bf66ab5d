import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/auth/request-ip";
import { authorizeRequest } from "@/lib/auth/route-guard";
import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { createMemberStatement } from "@/lib/loyalty/statement";
import { statementLabels } from "@/lib/pdf/member-statement";

// @react-pdf/renderer reads the fonts from disk and renders with Node APIs.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

type Translate = (key: string) => string;

/**
 * GET /members/{id}/statement?from=YYYY-MM-DD&to=YYYY-MM-DD: the member's statement for that period
 * (local dates of the home store) as a PDF download, in the staff member's language. Decided here on
 * the server: signed in with `loyalty.statement` (401/403), a valid period (422 with field errors),
 * the member in the staff member's stores (404 otherwise); each statement is audited.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { staff, denied } = await authorizeRequest("loyalty.statement");
  if (denied) return denied;
  const { id } = await params;
  const search = new URL(request.url).searchParams;

  const locale = await getLocale();
  // The tier is printed in both languages, whatever the staff member's.
  const [t, tValidation, tErrors, tierZh, tierEn] = await Promise.all([
    getTranslations("memberStatement"),
    getTranslations("validation"),
    getTranslations("errors"),
    getTranslations({ locale: "zh-CN", namespace: "members.tiers" }),
    getTranslations({ locale: "en", namespace: "members.tiers" }),
  ]);
  const actor = { staffId: staff.id, username: staff.username, ip: clientIp(await headers()) };

  try {
    const { pdf, filename } = await createMemberStatement(
      getDb(),
      staff,
      actor,
      { memberId: id, from: search.get("from") ?? undefined, to: search.get("to") ?? undefined },
      { labels: statementLabels(t, { zh: tierZh as Translate, en: tierEn as Translate }, locale), locale },
    );
    return new Response(new Uint8Array(pdf), {
      headers: {
        ...NO_STORE,
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Content-Length": String(pdf.length),
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = error.fieldErrors
      ? Object.fromEntries(Object.entries(error.fieldErrors).map(([field, keys]) => [field, keys.map((key) => (tValidation.has(key) ? tValidation(key) : key))]))
      : undefined;
    const message = fields ? Object.values(fields).flat().join(" ") : tErrors.has(error.code) ? tErrors(error.code) : error.code;
    return Response.json({ error: { code: error.code, message, ...(fields ? { fields } : {}) } }, { status: HTTP_STATUS[error.code], headers: NO_STORE });
  }
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import {
  listRevealStaffOptions,
  listReveals,
  REVEAL_TIME_ZONE,
  revealListParamsSchema,
} from "@/lib/members/privacy/queries";
import { RevealTable } from "./reveal-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("memberPrivacy.reveals");
  return { title: t("title") };
}

/** Who revealed which member's personal data, when and why (the audit log's `member.reveal`), in the reviewer's stores. */
export default async function RevealReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("members.reveals.review");
  const params = revealListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, staffOptions, t] = await Promise.all([
    listReveals(db, me, scope, params),
    listRevealStaffOptions(db, scope),
    getTranslations("memberPrivacy.reveals"),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={scope.kind === "all" ? t("description") : t("descriptionScoped")} />
      <RevealTable rows={rows} total={total} params={params} staffOptions={staffOptions} timeZone={REVEAL_TIME_ZONE} />
    </>
  );
}

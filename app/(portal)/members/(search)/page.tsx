import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listAdvisorsInScope } from "@/lib/members/queries";
import { listMemberTags, memberListParamsSchema, searchMembers } from "@/lib/members/search/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { MembersTable } from "./members-table";
import { storeDisplayName } from "@/lib/stores/display";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("title") };
}

export default async function MembersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("members.read");
  const params = memberListParamsSchema.parse(await searchParams);
  const db = getDb();
  const [result, stores, advisors, tags, t, locale] = await Promise.all([
    searchMembers(db, me, params),
    listStoresInScope(db, storeScopeOf(me)),
    listAdvisorsInScope(db, me),
    listMemberTags(db, me),
    getTranslations("members"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            {can(me, "members.export") ? (
              <Link href="/members/export" className={buttonClasses("secondary")}>
                {t("exportLink")}
              </Link>
            ) : null}
            {can(me, "members.write") ? (
              <Link href="/members/new" className={buttonClasses("primary")}>
                {t("create")}
              </Link>
            ) : null}
          </>
        }
      />
      <MembersTable
        result={result}
        params={params}
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
        advisors={advisors.map((a) => ({ id: a.id, label: a.displayName }))}
        tags={params.tag && !tags.includes(params.tag) ? [...tags, params.tag] : tags}
      />
    </>
  );
}

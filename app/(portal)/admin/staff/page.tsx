import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listStaff, staffListParamsSchema } from "@/lib/staff/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { StaffTable } from "./staff-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staff");
  return { title: t("title") };
}

export default async function StaffListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("staff.read");
  const params = staffListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, stores, t, locale] = await Promise.all([
    listStaff(db, scope, params),
    listStoresInScope(db, scope),
    getTranslations("staff"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          can(me, "staff.manage") ? (
            <Link href="/admin/staff/new" className={buttonClasses("primary")}>
              {t("create")}
            </Link>
          ) : null
        }
      />
      <StaffTable
        rows={rows}
        total={total}
        params={params}
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
      />
    </>
  );
}

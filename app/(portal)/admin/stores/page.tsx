import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { openingStatus } from "@/lib/stores/hours";
import { listStores, storeListParamsSchema } from "@/lib/stores/queries";
import { StoreTable, type StoreTableRow } from "./store-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("stores");
  return { title: t("title") };
}

export default async function StoreListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("stores.read");
  const params = storeListParamsSchema.parse(await searchParams);
  const [{ rows, total }, t] = await Promise.all([
    listStores(getDb(), storeScopeOf(me), params),
    getTranslations("stores"),
  ]);
  const canManage = can(me, "stores.manage");
  // "Open now" is worked out here, once, in each store's own time zone, so the client renders no clock.
  const now = new Date();
  const tableRows: StoreTableRow[] = rows.map(({ businessHours, ...row }) => {
    const status = openingStatus(businessHours, row.timeZone, now);
    return { ...row, today: status.today, openNow: status.open };
  });
  return (
    <>
      <PageHeader
        title={t("title")}
        description={canManage ? t("description") : t("descriptionReadOnly")}
        actions={
          canManage ? (
            <Link href="/admin/stores/new" className={buttonClasses("primary")}>
              {t("create")}
            </Link>
          ) : null
        }
      />
      <StoreTable rows={tableRows} total={total} params={params} />
    </>
  );
}

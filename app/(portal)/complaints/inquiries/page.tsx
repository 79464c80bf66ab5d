import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { inquiryListParamsSchema, listInquiries } from "@/lib/complaints/inquiries/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { InquiriesTable } from "./inquiries-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintFollowUp.inquiries");
  return { title: t("title") };
}

/** Questions that are not complaints (docs/domain.md#inquiries): answered here, turned into a complaint in one click. */
export default async function InquiriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("complaints.read");
  const params = inquiryListParamsSchema.parse(await searchParams);
  const db = getDb();
  const [{ rows, total }, stores, t, tComplaints, locale] = await Promise.all([
    listInquiries(db, me, params),
    listStoresInScope(db, storeScopeOf(me)),
    getTranslations("complaintFollowUp.inquiries"),
    getTranslations("complaints"),
    getLocale(),
  ]);
  const canHandle = can(me, "complaints.handle");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Link href="/complaints" className={buttonClasses("ghost")}>
              {tComplaints("backToQueue")}
            </Link>
            {canHandle ? (
              <Link href="/complaints/inquiries/new" className={buttonClasses("primary")}>
                {t("create")}
              </Link>
            ) : null}
          </>
        }
      />
      <InquiriesTable
        rows={rows}
        total={total}
        params={params}
        stores={stores.map((store) => ({ id: store.id, label: storeDisplayName(store, locale) }))}
        canHandle={canHandle}
      />
    </>
  );
}

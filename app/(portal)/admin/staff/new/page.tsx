import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { StaffForm } from "../staff-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staff");
  return { title: t("create") };
}

export default async function NewStaffPage() {
  const me = await requirePermission("staff.manage");
  const [stores, t, locale] = await Promise.all([
    listStoresInScope(getDb(), storeScopeOf(me), { activeOnly: true }),
    getTranslations("staff"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <StaffForm stores={stores.map((s) => ({ id: s.id, code: s.code, name: storeDisplayName(s, locale) }))} />
    </>
  );
}

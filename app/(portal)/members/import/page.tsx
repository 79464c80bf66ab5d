import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listStoresInScope } from "@/lib/stores/queries";
import { ImportWizard } from "./import-wizard";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("memberImport");
  return { title: t("title") };
}

export default async function MemberImportPage() {
  const me = await requirePermission("members.import");
  const [stores, t] = await Promise.all([
    listStoresInScope(getDb(), storeScopeOf(me), { activeOnly: true }),
    getTranslations("memberImport"),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ImportWizard stores={stores.map((s) => ({ id: s.id, code: s.code, name: s.name }))} />
    </>
  );
}

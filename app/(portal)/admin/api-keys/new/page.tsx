import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { ApiKeyForm } from "../api-key-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiKeys");
  return { title: t("create") };
}

export default async function NewApiKeyPage() {
  const me = await requirePermission("apikeys.manage");
  const [stores, t, locale] = await Promise.all([
    listStoresInScope(getDb(), storeScopeOf(me), { activeOnly: true }),
    getTranslations("apiKeys"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <ApiKeyForm stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { listApiKeys } from "@/lib/api-keys/queries";
import { apiKeyListParamsSchema } from "@/lib/api-keys/schemas";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { ApiKeysTable } from "./api-keys-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiKeys");
  return { title: t("title") };
}

export default async function ApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("apikeys.manage");
  const params = apiKeyListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, stores, t, locale] = await Promise.all([
    listApiKeys(db, scope, params),
    listStoresInScope(db, scope),
    getTranslations("apiKeys"),
    getLocale(),
  ]);
  // A key's store is always in scope, so the loaded stores give its name in the reader's language.
  const storeNames = new Map(stores.map((s) => [s.id, storeDisplayName(s, locale)]));
  const shownRows = rows.map((row) => ({ ...row, storeName: storeNames.get(row.storeId) ?? row.storeName }));
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer" className={buttonClasses("secondary")}>
              {t("apiDocs")}
            </a>
            <Link href="/admin/api-keys/new" className={buttonClasses("primary")}>
              {t("create")}
            </Link>
          </>
        }
      />
      <ApiKeysTable
        rows={shownRows}
        total={total}
        params={params}
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeNames.get(s.id)}` }))}
      />
    </>
  );
}

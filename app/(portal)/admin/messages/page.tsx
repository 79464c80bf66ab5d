import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listMessages } from "@/lib/messaging/queries";
import { messageListParamsSchema } from "@/lib/messaging/schemas";
import { TEMPLATE_CODES } from "@/lib/messaging/templates";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { MessagesTable } from "./messages-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("messaging");
  return { title: t("title") };
}

/** The message outbox, read-only: what was sent to members, what waits, and why a message was skipped or failed. */
export default async function MessagesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("messages.read");
  const params = messageListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, stores, t, locale] = await Promise.all([
    listMessages(db, scope, params),
    listStoresInScope(db, scope),
    getTranslations("messaging"),
    getLocale(),
  ]);
  const shownRows = rows.map((row) => ({
    ...row,
    storeLabel: row.store ? `${row.store.code} ${storeDisplayName(row.store, locale)}` : null,
  }));
  return (
    <>
      <PageHeader title={t("title")} description={scope.kind === "all" ? t("description") : t("descriptionScoped")} />
      <MessagesTable
        rows={shownRows}
        total={total}
        params={params}
        templateCodes={TEMPLATE_CODES}
        stores={
          stores.length > 1 ? stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` })) : []
        }
      />
    </>
  );
}

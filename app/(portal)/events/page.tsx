import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requireStaff } from "@/lib/auth/session";
import { eventListParamsSchema, listEvents } from "@/lib/events/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { EventsTable } from "./events-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("title") };
}

export default async function EventListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The door (events.checkin) and the managers who set events up (events.manage) both start here.
  const me = await requireStaff();
  if (!can(me, "events.checkin") && !can(me, "events.manage")) forbidden();
  const params = eventListParamsSchema.parse(await searchParams);
  const db = getDb();
  const scope = storeScopeOf(me);
  const [{ rows, total }, stores, t, locale] = await Promise.all([
    listEvents(db, scope, params),
    listStoresInScope(db, scope),
    getTranslations("events"),
    getLocale(),
  ]);
  const canManage = can(me, "events.manage");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canManage ? (
            <Link href="/events/new" className={buttonClasses("primary")}>
              {t("create")}
            </Link>
          ) : null
        }
      />
      <EventsTable
        rows={rows}
        total={total}
        params={params}
        stores={stores.map((store) => ({ id: store.id, label: storeDisplayName(store, locale) }))}
        canManage={canManage}
      />
    </>
  );
}

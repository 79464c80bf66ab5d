import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { listTickets, ticketListParamsSchema, ticketQueueCounts } from "@/lib/after-sales/tickets/queries";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { TicketsTable } from "./_queue/tickets-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesTickets");
  return { title: t("title") };
}

/**
 * The after-sales queue (docs/domain.md#jewelry-after-sales): the
 * tickets of the staff member's stores by status, the overdue ones (open past their promised date
 * in the store's time zone), with counts per tab, a store and service filter, a search by
 * reference or member, server-side sort and paging.
 */
export default async function AfterSalesQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("aftersales.read");
  const params = ticketListParamsSchema.parse(await searchParams);
  const db = getDb();
  const now = new Date();
  const [{ rows, total }, counts, stores, t, locale] = await Promise.all([
    listTickets(db, me, params, now),
    ticketQueueCounts(db, me, params, now),
    listStoresInScope(db, storeScopeOf(me)),
    getTranslations("afterSalesTickets"),
    getLocale(),
  ]);
  const canCreate = can(me, "aftersales.intake");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("queue.description")}
        actions={
          canCreate ? (
            <Link href="/after-sales/tickets/new" className={buttonClasses("primary")}>
              {t("newTicket")}
            </Link>
          ) : null
        }
      />
      <TicketsTable
        rows={rows}
        total={total}
        counts={counts}
        params={params}
        stores={stores.map((store) => ({ id: store.id, label: storeDisplayName(store, locale) }))}
        canCreate={canCreate}
      />
    </>
  );
}

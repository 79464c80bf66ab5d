import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getTicketDetail } from "@/lib/after-sales/tickets/queries";
import { formatGrams } from "@/lib/after-sales/tickets/schemas";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { PickupForm } from "./pickup-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesTickets");
  return { title: t("pickup.title") };
}

/**
 * Handing a piece back at the counter (docs/domain.md#jewelry-after-sales):
 * the customer's claim code, the weight re-measured to 0.01 g and the stones counted; a difference
 * needs a note and the customer's acknowledgement. Only a ticket ready for pickup, in the staff
 * member's stores (another store's is not found), and not locked by wrong codes.
 */
export default async function PickupPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("aftersales.pickup");
  const { id } = await params;
  const detail = await getTicketDetail(getDb(), me, id);
  if (!detail) notFound();
  const { ticket, item, store } = detail;
  const [t, format, locale] = await Promise.all([getTranslations("afterSalesTickets"), getFormatter(), getLocale()]);
  const back = `/after-sales/tickets/${ticket.id}`;
  return (
    <>
      <PageHeader
        title={t("pickup.heading", { reference: ticket.reference })}
        description={`${item.name} · ${t(`categories.${item.category}`)} · ${storeDisplayName(store, locale)}`}
        actions={
          <Link href={back} className={buttonClasses("ghost")}>
            {t("pickup.backToTicket")}
          </Link>
        }
      />
      <div className="grid max-w-4xl gap-4 lg:grid-cols-3">
        <Card title={t("pickup.intake")} className="lg:order-2">
          <dl className="space-y-2 text-sm">
            <div className="flex justify-between gap-2">
              <dt className="text-stone-500">{t("detail.weightIn")}</dt>
              <dd className="font-medium tabular-nums">{t("grams", { value: formatGrams(ticket.weightInCg) })}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-stone-500">{t("detail.stonesIn")}</dt>
              <dd className="font-medium tabular-nums">{ticket.stoneCountIn}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-stone-500">{t("detail.serviceType")}</dt>
              <dd>{t(`serviceTypes.${ticket.serviceType}`)}</dd>
            </div>
          </dl>
        </Card>
        <div className="lg:order-1 lg:col-span-2">
          {ticket.pickedUpAt ? (
            <Card title={t("pickup.doneTitle")}>
              <div className="space-y-4">
                <Alert tone="success">
                  {t("pickup.pickedUpAt", {
                    time: format.dateTime(ticket.pickedUpAt, {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: store.timeZone,
                    }),
                    staff: detail.pickedUpByName ?? "—",
                  })}
                </Alert>
                <div className="flex flex-wrap gap-2">
                  <a href={`${back}/pickup-receipt`} className={buttonClasses("primary")}>
                    {t("detail.pickupReceipt")}
                  </a>
                  <Link href={back} className={buttonClasses("secondary")}>
                    {t("pickup.backToTicket")}
                  </Link>
                </div>
              </div>
            </Card>
          ) : ticket.status !== "ready_for_pickup" ? (
            <Alert tone="warning">{t("pickup.notReady", { status: t(`statuses.${ticket.status}`) })}</Alert>
          ) : ticket.claimLockedAt ? (
            <Alert tone="error">{t("pickup.locked")}</Alert>
          ) : (
            <PickupForm ticketId={ticket.id} weightInCg={ticket.weightInCg} stoneCountIn={ticket.stoneCountIn} />
          )}
        </div>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { itemPassport } from "@/lib/after-sales/passports/queries";
import { cgToGramsInput, formatCg } from "@/lib/after-sales/passports/schemas";
import { isOpen } from "@/lib/after-sales/tickets/transitions";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { PhotoGrid } from "../../_passport/photo-grid";
import { PhotoUploader } from "../../_passport/photo-uploader";
import { EditItemForm } from "./edit-item-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesIntake");
  return { title: t("passport.title") };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 py-1.5 text-sm">
      <dt className="w-28 shrink-0 text-stone-500">{label}</dt>
      <dd className="min-w-0 flex-1 text-stone-900">{children}</dd>
    </div>
  );
}

/**
 * A piece's passport (docs/domain.md#jewelry-after-sales): what it is, its sale, its photos
 * and every service ticket it has had, in any store. Visible to whoever can see its member; another
 * store's member's piece is not found.
 */
export default async function ItemPassportPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("aftersales.read");
  const { id } = await params;
  const passport = await itemPassport(getDb(), me, id);
  if (!passport) notFound();
  const [t, tMembers, format, locale] = await Promise.all([
    getTranslations("afterSalesIntake"),
    getTranslations("members"),
    getFormatter(),
    getLocale(),
  ]);
  const { item, member, sale, tickets, photos } = passport;
  const canIntake = can(me, "aftersales.intake") && !member.erased;
  const zone = sale?.timeZone ?? tickets[0]?.timeZone ?? DEFAULT_TIME_ZONE;
  const day = (value: string) =>
    format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const openTicket = tickets.find((ticket) => isOpen(ticket.status));
  const newTicket = new URLSearchParams({ memberId: member.id, itemId: item.id });

  return (
    <>
      <PageHeader
        title={item.name}
        description={`${t(`categories.${item.category}`)} · ${item.material}`}
        actions={
          <>
            <Link href={`/members/${member.id}`} className={buttonClasses("secondary")}>
              {t("passport.toMember")}
            </Link>
            {canIntake && !openTicket ? (
              <Link href={`/after-sales/tickets/new?${newTicket}`} className={buttonClasses("primary")}>
                {t("passport.newTicket")}
              </Link>
            ) : null}
          </>
        }
      />
      {member.erased ? (
        <Alert tone="warning" className="mb-4">
          {t("passport.memberErased")}
        </Alert>
      ) : null}
      {openTicket ? (
        <Alert tone="info" className="mb-4">
          {openTicket.inScope ? (
            <Link href={`/after-sales/tickets/${openTicket.id}`} className="font-medium hover:underline">
              {t("passport.inService", { reference: openTicket.reference })}
            </Link>
          ) : (
            t("passport.inService", { reference: openTicket.reference })
          )}
        </Alert>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-3">
        <Card title={t("passport.piece")} className="lg:col-span-2">
          <dl className="divide-y divide-stone-100">
            <Fact label={t("item.category")}>{t(`categories.${item.category}`)}</Fact>
            <Fact label={t("item.material")}>{item.material}</Fact>
            <Fact label={t("item.weight")}>{formatCg(item.weightCg, locale)}</Fact>
            <Fact label={t("item.stoneCount")}>
              {item.stoneCount}
              {item.stones ? ` · ${item.stones}` : ""}
            </Fact>
            <Fact label={t("item.certificateNo")}>{item.certificateNo ?? "—"}</Fact>
            <Fact label={t("item.size")}>{item.size ?? "—"}</Fact>
            <Fact label={t("passport.registered")}>
              {t("passport.registeredAt", {
                store: storeDisplayName(passport.registeredAt, locale),
                date: format.dateTime(item.createdAt, { dateStyle: "medium", timeZone: zone }),
              })}
            </Fact>
          </dl>
        </Card>

        <div className="space-y-5">
          <Card title={t("passport.member")}>
            <p className="text-sm">
              <Link href={`/members/${member.id}`} className="font-medium text-amber-800 hover:underline">
                {member.name}
              </Link>{" "}
              <Badge>{tMembers.has(`tiers.${member.tier}`) ? tMembers(`tiers.${member.tier}`) : member.tier}</Badge>
            </p>
          </Card>
          <Card title={t("passport.sale")}>
            {sale ? (
              <dl className="divide-y divide-stone-100">
                <Fact label={t("passport.purchasedOn")}>
                  {format.dateTime(sale.occurredAt, { dateStyle: "medium", timeZone: sale.timeZone })}
                </Fact>
                <Fact label={t("passport.purchaseStore")}>{storeDisplayName(sale.store, locale)}</Fact>
                <Fact label={t("passport.receipt")}>{sale.externalId}</Fact>
                {sale.line ? (
                  <Fact label={t("passport.line")}>
                    {sale.line.name} ×{sale.line.quantity} · {formatFen(sale.line.amountFen, locale)}
                  </Fact>
                ) : null}
                <Fact label={t("passport.totalPaid")}>{formatFen(sale.totalPaidFen, locale)}</Fact>
              </dl>
            ) : (
              <p className="text-sm text-stone-500">{t("passport.noSale")}</p>
            )}
          </Card>
        </div>

        <Card title={t("passport.photos")} className="lg:col-span-3">
          <div className="space-y-4">
            <PhotoGrid photos={photos} timeZone={zone} />
            {canIntake ? <PhotoUploader itemId={item.id} stage="passport" /> : null}
          </div>
        </Card>

        <Card title={t("passport.history")} className="lg:col-span-3">
          {tickets.length === 0 ? (
            <p className="text-sm text-stone-500">{t("passport.noTickets")}</p>
          ) : (
            <SimpleTable
              labels={[
                t("passport.reference"),
                t("passport.serviceType"),
                t("passport.status"),
                t("passport.store"),
                t("passport.receivedOn"),
                t("passport.promisedOn"),
                t("passport.pickedUpOn"),
                t("passport.weightIn"),
                t("passport.weightOut"),
                t("passport.charge"),
              ]}
            >
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {ticket.inScope ? (
                      <Link
                        href={`/after-sales/tickets/${ticket.id}`}
                        className="font-medium text-amber-800 hover:underline"
                      >
                        {ticket.reference}
                      </Link>
                    ) : (
                      ticket.reference
                    )}
                  </td>
                  <td className="px-3 py-2">{t(`serviceTypes.${ticket.serviceType}`)}</td>
                  <td className="px-3 py-2">
                    <Badge
                      tone={isOpen(ticket.status) ? "info" : ticket.status === "cancelled" ? "neutral" : "success"}
                    >
                      {t(`statuses.${ticket.status}`)}
                    </Badge>
                  </td>
                  <td className="px-3 py-2">{storeDisplayName(ticket.store, locale)}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                    {format.dateTime(ticket.createdAt, { dateStyle: "medium", timeZone: ticket.timeZone })}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{day(ticket.promisedOn)}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                    {ticket.pickedUpAt
                      ? format.dateTime(ticket.pickedUpAt, { dateStyle: "medium", timeZone: ticket.timeZone })
                      : "—"}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{formatCg(ticket.weightInCg, locale)}</td>
                  <td className="px-3 py-2 tabular-nums">{formatCg(ticket.weightOutCg, locale)}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {formatFen(ticket.chargeFen, locale)}
                    <span className="block text-xs text-stone-500">{t(`priceBases.${ticket.priceBasis}`)}</span>
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        {canIntake ? (
          <Card title={t("passport.edit")} className="lg:col-span-3">
            <EditItemForm
              defaults={{
                itemId: item.id,
                name: item.name,
                category: item.category,
                material: item.material,
                weight: cgToGramsInput(item.weightCg),
                stoneCount: String(item.stoneCount),
                stones: item.stones ?? "",
                certificateNo: item.certificateNo ?? "",
                size: item.size ?? "",
              }}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}

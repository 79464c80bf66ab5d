import { differenceInCalendarDays } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CLAIM_MAX_FAILURES, WEIGHT_TOLERANCE_CG } from "@/lib/after-sales/pickup/schemas";
import { getTicketDetail } from "@/lib/after-sales/tickets/queries";
import { CLAIM_LINK_STATUSES, formatGrams, utcCalendarDay } from "@/lib/after-sales/tickets/schemas";
import { isOpen, nextStatuses } from "@/lib/after-sales/tickets/transitions";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { calendarDay } from "@/lib/time";
import { ClaimLockedBadge, OverdueBadge, TicketStatusBadge } from "../../_queue/ticket-badges";
import { TicketActions } from "./_detail/ticket-actions";
import { TicketPhotos } from "./_detail/ticket-photos";
import { TicketTimeline } from "./_detail/ticket-timeline";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesTickets");
  return { title: t("detail.title") };
}

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-3 py-1.5 text-sm">
      <dt className="text-stone-500">{label}</dt>
      <dd className="text-right text-stone-900">{children}</dd>
    </div>
  );
}

/**
 * One service ticket (docs/domain.md#jewelry-after-sales): the piece,
 * the member (masked), weights, price, the promised date, the next steps the workflow allows, notes,
 * the custody trail and the photos, with the documents and the pages around it. Another store's
 * ticket is not found.
 */
export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("aftersales.read");
  const { id } = await params;
  const db = getDb();
  const detail = await getTicketDetail(db, me, id);
  if (!detail) notFound();
  const { ticket, item, store, member } = detail;
  const [t, format, locale] = await Promise.all([getTranslations("afterSalesTickets"), getFormatter(), getLocale()]);
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: store.timeZone });
  const day = (value: string) => format.dateTime(utcCalendarDay(value), { dateStyle: "medium", timeZone: "UTC" });
  const grams = (cg: number) => t("grams", { value: formatGrams(cg) });

  const scope = { storeId: ticket.storeId };
  const canWork = can(me, "aftersales.work", scope);
  const canPickup = can(me, "aftersales.pickup", scope);
  const canUnlock = can(me, "aftersales.unlock", scope);
  // The receipt carries the claim code: only the desk that takes pieces in prints it (and the tag).
  const canPrint = can(me, "aftersales.intake", scope);
  const canClaim = can(me, "aftersales.claims.decide", scope) || canWork;
  const open = isOpen(ticket.status);
  const steps = nextStatuses(ticket.status).filter((status) => status !== "picked_up" && status !== "cancelled");
  const pickedUp = ticket.pickedUpAt !== null;
  const daysLeft = differenceInCalendarDays(calendarDay(ticket.promisedOn), calendarDay(detail.today));
  const differenceCg = ticket.weightOutCg !== null ? ticket.weightOutCg - ticket.weightInCg : null;
  const base = `/after-sales/tickets/${ticket.id}`;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {ticket.reference}
            <TicketStatusBadge status={ticket.status} />
            {detail.overdue ? <OverdueBadge /> : null}
            {ticket.claimLockedAt ? <ClaimLockedBadge /> : null}
          </span>
        }
        description={`${item.name} · ${t(`serviceTypes.${ticket.serviceType}`)} · ${storeDisplayName(store, locale)}`}
        actions={
          <>
            <Link href="/after-sales" className={buttonClasses("ghost")}>
              {t("detail.backToQueue")}
            </Link>
            {/* Downloads (PDF route handlers), not pages: a plain link. */}
            {canPrint ? (
              <>
                <a href={`${base}/receipt`} className={buttonClasses("secondary")}>
                  {t("detail.intakeReceipt")}
                </a>
                <a href={`${base}/tag`} className={buttonClasses("secondary")}>
                  {t("detail.bagTag")}
                </a>
              </>
            ) : null}
            {CLAIM_LINK_STATUSES.includes(ticket.status) && canClaim ? (
              <Link href={`${base}/claim`} className={buttonClasses("secondary")}>
                {t("detail.defectClaim")}
              </Link>
            ) : null}
            {pickedUp ? (
              <a href={`${base}/pickup-receipt`} className={buttonClasses("secondary")}>
                {t("detail.pickupReceipt")}
              </a>
            ) : null}
            {ticket.status === "ready_for_pickup" && canPickup ? (
              <Link href={`${base}/pickup`} className={buttonClasses("primary")}>
                {t("detail.pickup")}
              </Link>
            ) : null}
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card
            title={t("detail.piece")}
            actions={
              <Link href={`/after-sales/items/${item.id}`} className="text-sm text-amber-800 hover:underline">
                {t("detail.passport")}
              </Link>
            }
          >
            <dl className="grid gap-x-8 divide-y divide-stone-100 sm:grid-cols-2 sm:divide-y-0">
              <Row label={t("detail.pieceName")}>{item.name}</Row>
              <Row label={t("detail.category")}>{t(`categories.${item.category}`)}</Row>
              <Row label={t("detail.material")}>{item.material}</Row>
              <Row label={t("detail.stones")}>
                {item.stones ? `${item.stoneCount} · ${item.stones}` : item.stoneCount}
              </Row>
              {item.certificateNo ? <Row label={t("detail.certificate")}>{item.certificateNo}</Row> : null}
              {item.size ? <Row label={t("detail.size")}>{item.size}</Row> : null}
            </dl>
            {ticket.conditionNotes ? (
              <div className="mt-3 rounded-md bg-stone-50 p-3 text-sm">
                <p className="text-xs font-medium text-stone-500">{t("detail.conditionNotes")}</p>
                <p className="mt-1 whitespace-pre-wrap text-stone-800">{ticket.conditionNotes}</p>
              </div>
            ) : null}
          </Card>

          <Card title={t("detail.service")}>
            <dl className="grid gap-x-8 divide-y divide-stone-100 sm:grid-cols-2 sm:divide-y-0">
              <Row label={t("detail.serviceType")}>{t(`serviceTypes.${ticket.serviceType}`)}</Row>
              <Row label={t("detail.promisedOn")}>
                <span className="inline-flex flex-wrap items-center justify-end gap-2">
                  {day(ticket.promisedOn)}
                  {open ? (
                    <Badge tone={daysLeft < 0 ? "danger" : daysLeft <= 1 ? "warning" : "neutral"}>
                      {daysLeft < 0
                        ? t("detail.daysOverdue", { days: -daysLeft })
                        : t("detail.daysLeft", { days: daysLeft })}
                    </Badge>
                  ) : null}
                </span>
              </Row>
              <Row label={t("detail.priceBasis")}>{t(`priceBases.${ticket.priceBasis}`)}</Row>
              <Row label={t("detail.charge")}>{formatFen(ticket.chargeFen, locale)}</Row>
              <Row label={t("detail.listPrice")}>{formatFen(ticket.listPriceFen, locale)}</Row>
              <Row label={t("detail.estimatedFee")}>{formatFen(ticket.estimatedFeeFen, locale)}</Row>
              <Row label={t("detail.declaredValue")}>{formatFen(ticket.declaredValueFen, locale)}</Row>
              <Row label={t("detail.receivedAt")}>
                {when(ticket.createdAt)}
                {detail.createdByName ? ` · ${detail.createdByName}` : ""}
              </Row>
              {ticket.readyAt ? <Row label={t("detail.readyAt")}>{when(ticket.readyAt)}</Row> : null}
              {ticket.closedAt ? <Row label={t("detail.closedAt")}>{when(ticket.closedAt)}</Row> : null}
              {ticket.cancelledAt ? <Row label={t("detail.cancelledAt")}>{when(ticket.cancelledAt)}</Row> : null}
            </dl>
            {ticket.cancelReason ? (
              <p className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-900">
                {t("detail.cancelReason", { reason: ticket.cancelReason })}
              </p>
            ) : null}
          </Card>

          <Card title={t("detail.weights")}>
            <dl className="grid gap-x-8 divide-y divide-stone-100 sm:grid-cols-2 sm:divide-y-0">
              <Row label={t("detail.weightIn")}>{grams(ticket.weightInCg)}</Row>
              <Row label={t("detail.weightOut")}>{ticket.weightOutCg !== null ? grams(ticket.weightOutCg) : "—"}</Row>
              <Row label={t("detail.stonesIn")}>{ticket.stoneCountIn}</Row>
              <Row label={t("detail.stonesOut")}>{ticket.stoneCountOut ?? "—"}</Row>
              {differenceCg !== null ? (
                <Row label={t("detail.difference")}>
                  <span className={Math.abs(differenceCg) > WEIGHT_TOLERANCE_CG ? "font-medium text-red-700" : ""}>
                    {t("grams", { value: formatGrams(differenceCg, { signed: true }) })}
                  </span>
                </Row>
              ) : null}
              {ticket.pickedUpAt ? (
                <Row label={t("detail.pickedUpAt")}>
                  {when(ticket.pickedUpAt)}
                  {detail.pickedUpByName ? ` · ${detail.pickedUpByName}` : ""}
                </Row>
              ) : null}
            </dl>
            {ticket.weightNote ? (
              <div className="mt-3 rounded-md bg-amber-50 p-3 text-sm">
                <p className="text-xs font-medium text-amber-900">{t("detail.weightNote")}</p>
                <p className="mt-1 whitespace-pre-wrap text-stone-800">{ticket.weightNote}</p>
                {ticket.weightAcknowledged ? (
                  <p className="mt-1 text-xs text-amber-900">{t("detail.weightAcknowledged")}</p>
                ) : null}
              </div>
            ) : null}
          </Card>

          <Card title={t("photos.title", { count: detail.photos.length })}>
            <TicketPhotos photos={detail.photos} />
          </Card>

          <Card title={t("timeline.title")}>
            <TicketTimeline events={detail.events} timeZone={store.timeZone} />
          </Card>
        </div>

        <div className="space-y-4">
          <TicketActions
            ticketId={ticket.id}
            steps={canWork ? steps : []}
            canCancel={canWork && open}
            canNote={canWork}
            claimLocked={ticket.claimLockedAt !== null}
            canUnlock={canUnlock && ticket.claimLockedAt !== null}
          />

          <Card title={t("detail.member")}>
            <dl className="divide-y divide-stone-100">
              <Row label={t("detail.memberName")}>
                {member.erased ? (
                  t("memberErased")
                ) : member.inScope ? (
                  <Link href={`/members/${member.id}`} className="text-amber-800 hover:underline">
                    {member.maskedName}
                  </Link>
                ) : (
                  member.maskedName
                )}
              </Row>
              <Row label={t("detail.memberPhone")}>{member.maskedPhone || "—"}</Row>
              <Row label={t("detail.memberTier")}>
                {t.has(`tiers.${member.tier}`) ? t(`tiers.${member.tier}` as "tiers.normal") : member.tier}
              </Row>
            </dl>
          </Card>

          <Card title={t("detail.claimCode")}>
            {ticket.claimLockedAt ? (
              <p className="text-sm text-red-800">
                {t("detail.claimLockedSince", { time: when(ticket.claimLockedAt) })}
              </p>
            ) : (
              <p className="text-sm text-stone-700">
                {t("detail.claimFailures", { count: ticket.claimFailures, max: CLAIM_MAX_FAILURES })}
              </p>
            )}
            <p className="mt-1 text-xs text-stone-500">{t("detail.claimCodeHidden")}</p>
          </Card>
        </div>
      </div>
    </>
  );
}

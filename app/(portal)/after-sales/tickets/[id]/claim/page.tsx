import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { getDefectClaim } from "@/lib/after-sales/claims/queries";
import { isOpen } from "@/lib/after-sales/tickets/transitions";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { DecideClaimForm } from "./decide-form";
import { FlagDefectForm } from "./flag-form";

export async function generateMetadata(): Promise<Metadata> {
  const tm = await getTranslations("afterSalesCalls.claim");
  return { title: tm("title") };
}

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-3 py-1 text-sm">
      <dt className="text-stone-500">{label}</dt>
      <dd className="text-right text-stone-900">{children}</dd>
    </div>
  );
}

const cell = "px-3 py-2 whitespace-nowrap";
const number = `${cell} text-right tabular-nums`;

/**
 * A ticket's quality-defect claim (三包, docs/domain.md#jewelry-after-sales): staff with
 * aftersales.work flag it at inspection with the evidence; a manager of the store who did not flag
 * it decides repair, exchange or refund of the linked purchase, seeing what a refund would take
 * back. The forms are offered by permission; the server actions check again.
 */
export default async function DefectClaimPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("aftersales.read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const db = getDb();
  const claim = await getDefectClaim(db, me, id);
  if (!claim) notFound();
  const [format, locale] = await Promise.all([getFormatter(), getLocale()]);
  const t = await getTranslations("afterSalesCalls");
  const when = (at: Date, zone = claim.timeZone) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  const money = (fen: number) => formatFen(fen, locale);
  const ticketHref = `/after-sales/tickets/${claim.ticketId}`;

  const canFlag = can(me, "aftersales.work", { storeId: claim.storeId }) && !claim.isDefectClaim && claim.atInspection;
  const mayDecide = can(me, "aftersales.claims.decide", { storeId: claim.storeId });
  const iFlagged = claim.flaggedBy?.id === me.id;
  const canDecide = mayDecide && claim.isDefectClaim && !claim.outcome && !iFlagged && isOpen(claim.status);
  const purchase = claim.purchase;
  const refundable =
    purchase !== null && purchase.sameMember && purchase.remainingFen > 0
      ? {
          remainingFen: purchase.remainingFen,
          lines: purchase.lines
            .map((line) => ({ ...line, refundable: line.quantity - line.refundedQuantity }))
            .filter((line) => line.refundable > 0),
        }
      : null;

  return (
    <>
      <PageHeader
        title={t("claim.title")}
        description={t("claim.description", { reference: claim.reference })}
        actions={
          <Link href={ticketHref} className={buttonClasses("ghost")}>
            {t("claim.backToTicket")}
          </Link>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title={t("claim.claimTitle")}>
            {claim.outcome ? (
              <div className="space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone="success">{t(`defectOutcomes.${claim.outcome}`)}</Badge>
                  <span className="text-sm text-stone-600">
                    {t("claim.decidedBy", {
                      name: claim.decidedBy?.name ?? "—",
                      time: claim.decidedAt ? when(claim.decidedAt) : "—",
                    })}
                  </span>
                </div>
                <p className="text-sm text-stone-700">{t(`claim.outcomeMeaning.${claim.outcome}`)}</p>
              </div>
            ) : claim.isDefectClaim ? (
              <Badge tone="warning">{t("claim.awaitingDecision")}</Badge>
            ) : (
              <p className="text-sm text-stone-700">
                {claim.atInspection ? t("claim.notFlagged") : t("claim.notAtInspection")}
              </p>
            )}
            {claim.isDefectClaim ? (
              <div className="mt-4 space-y-1">
                <p className="text-xs font-medium text-stone-500">{t("claim.evidence")}</p>
                <p className="text-sm whitespace-pre-wrap text-stone-900">{claim.evidence}</p>
                {claim.flaggedBy ? (
                  <p className="text-xs text-stone-500">
                    {t("claim.flaggedBy", { name: claim.flaggedBy.name ?? "—", time: when(claim.flaggedBy.at) })}
                  </p>
                ) : null}
              </div>
            ) : null}
            <p className="mt-4 text-xs text-stone-500">
              {t("claim.photosHint")}{" "}
              <Link href={ticketHref} className="font-medium text-amber-800 hover:underline">
                {t("claim.photosLink")}
              </Link>
            </p>
          </Card>

          {canFlag ? (
            <Card title={t("claim.flagTitle")}>
              <FlagDefectForm ticketId={claim.ticketId} />
            </Card>
          ) : null}

          {claim.isDefectClaim && !claim.outcome && mayDecide && iFlagged ? (
            <Alert tone="info">{t("claim.flaggerCannotDecide")}</Alert>
          ) : null}
          {canDecide ? (
            <Card title={t("claim.decideTitle")}>
              <DecideClaimForm
                ticketId={claim.ticketId}
                refund={refundable}
                refundUnavailable={
                  purchase === null
                    ? "noPurchase"
                    : !purchase.sameMember
                      ? "otherMember"
                      : purchase.remainingFen <= 0
                        ? "nothingLeft"
                        : null
                }
              />
            </Card>
          ) : null}

          <Card title={t("claim.purchaseTitle")}>
            {purchase && !purchase.sameMember ? (
              // Another member's purchase: nothing of it is shown, only that it cannot be refunded here.
              <Alert tone="error">{t("claim.otherMembersPurchase")}</Alert>
            ) : purchase ? (
              <div className="space-y-4">
                <dl className="divide-y divide-stone-100">
                  <Row label={t("claim.receipt")}>{purchase.externalId}</Row>
                  <Row label={t("claim.purchasedAt")}>
                    {when(purchase.occurredAt, purchase.timeZone)} ·{" "}
                    {storeDisplayName({ name: purchase.storeName, nameEn: purchase.storeNameEn }, locale)}
                  </Row>
                  <Row label={t("claim.paid")}>{money(purchase.totalPaidFen)}</Row>
                  <Row label={t("claim.refundedSoFar")}>{money(purchase.refundedFen)}</Row>
                  <Row label={t("claim.remaining")}>{money(purchase.remainingFen)}</Row>
                  <Row label={t("claim.pointsEarned")}>{format.number(purchase.pointsEarned)}</Row>
                </dl>
                {purchase.lines.length > 0 ? (
                  <SimpleTable labels={[t("claim.sku"), t("claim.item"), t("claim.quantity"), t("claim.unitPrice")]}>
                    {purchase.lines.map((line, i) => (
                      <tr key={`${line.sku}-${i}`}>
                        <td className={cell}>{line.sku}</td>
                        <td className={cell}>{line.name}</td>
                        <td className={number}>
                          {line.refundedQuantity > 0
                            ? t("claim.quantityRefunded", { quantity: line.quantity, refunded: line.refundedQuantity })
                            : line.quantity}
                        </td>
                        <td className={number}>{money(line.unitPriceFen)}</td>
                      </tr>
                    ))}
                  </SimpleTable>
                ) : null}
                {purchase.remainingFen > 0 ? (
                  <div className="rounded-md bg-amber-50 p-3 text-sm text-stone-800 ring-1 ring-amber-200">
                    <p className="font-medium">
                      {t("claim.fullRefundTitle", { amount: money(purchase.remainingFen) })}
                    </p>
                    <ul className="mt-1 list-disc pl-5">
                      <li>{t("claim.pointsReversed", { points: purchase.fullRefund.pointsReversed })}</li>
                      <li>{t("claim.pointsReturned", { points: purchase.fullRefund.pointsReturned })}</li>
                      <li>
                        {t("claim.storedValueReturned", { amount: money(purchase.fullRefund.storedValueReturnedFen) })}
                      </li>
                      <li>
                        {t("claim.balanceAfter", {
                          before: purchase.memberPointsBalance,
                          after:
                            purchase.memberPointsBalance -
                            purchase.fullRefund.pointsReversed +
                            purchase.fullRefund.pointsReturned,
                        })}
                      </li>
                    </ul>
                    <p className="mt-1 text-xs text-stone-600">{t("claim.partialNote")}</p>
                  </div>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-stone-600">{t("claim.noPurchase")}</p>
            )}
          </Card>
        </div>

        <Card title={t("claim.ticketTitle")}>
          <dl className="divide-y divide-stone-100">
            <Row label={t("claim.reference")}>
              <Link href={ticketHref} className="text-amber-800 hover:underline">
                {claim.reference}
              </Link>
            </Row>
            <Row label={t("claim.status")}>{t(`ticketStatuses.${claim.status}`)}</Row>
            <Row label={t("claim.serviceType")}>{t(`serviceTypes.${claim.serviceType}`)}</Row>
            <Row label={t("claim.piece")}>
              {claim.itemName} · {claim.itemMaterial}
            </Row>
            <Row label={t("claim.member")}>
              <Link href={`/members/${claim.memberId}`} className="text-amber-800 hover:underline">
                {claim.memberName}
              </Link>
            </Row>
            <Row label={t("claim.store")}>
              {storeDisplayName({ name: claim.storeName, nameEn: claim.storeNameEn }, locale)}
            </Row>
            <Row label={t("claim.priceBasis")}>{t(`priceBases.${claim.priceBasis}`)}</Row>
            <Row label={t("claim.listPrice")}>{money(claim.listPriceFen)}</Row>
            <Row label={t("claim.charge")}>{money(claim.chargeFen)}</Row>
          </dl>
        </Card>
      </div>
    </>
  );
}

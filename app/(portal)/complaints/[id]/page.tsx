import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { complaintHandlers, getComplaintDetail } from "@/lib/complaints/cases/queries";
import { transitionsFrom } from "@/lib/complaints/cases/schemas";
import type { SlaState } from "@/lib/complaints/sla/clock";
import { getLoyaltyForMember } from "@/lib/loyalty/member-360/queries";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { MemberOpenTickets } from "../../after-sales/_queue/member-open-tickets";
import { ComplaintStatusBadge, SeverityBadge } from "../_components/complaint-badges";
import { listComplaintAttachments } from "@/lib/complaints/attachments/queries";
import { loadResolution } from "@/lib/complaints/resolution/queries";
import { ComplaintActions } from "./complaint-actions";
import { ComplaintAttachments } from "./complaint-attachments";
import { ResolutionSection } from "./resolution-section";
import { SatisfactionBadge } from "./satisfaction-badge";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaints");
  return { title: t("detailTitle") };
}

/**
 * Where the resolution section (lib/complaints/resolution: goodwill, budget, satisfaction) goes: it
 * renders nothing until that section exists (app/(portal)/complaints/[id]/resolution-section.tsx).
 */
function ResolutionSlot({ children }: { children?: ReactNode }) {
  return children ? <>{children}</> : null;
}

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-3 py-1 text-sm">
      <dt className="text-stone-500">{label}</dt>
      <dd className="text-right text-stone-900">{children}</dd>
    </div>
  );
}

export default async function ComplaintPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("complaints.read");
  const { id } = await params;
  const db = getDb();
  const detail = await getComplaintDetail(db, me, id);
  const resolution = detail ? await loadResolution(db, me, id) : null;
  const attachments = detail ? await listComplaintAttachments(db, me, id) : [];
  if (!detail) notFound();
  const { complaint, store } = detail;
  const tTickets = await getTranslations("afterSalesTickets");
  const tMembers = await getTranslations("members");
  const [t, format, locale, handlers, loyalty] = await Promise.all([
    getTranslations("complaints"),
    getFormatter(),
    getLocale(),
    complaintHandlers(db, complaint.storeId),
    detail.customer.kind === "member" && detail.customer.inScope && !detail.customer.erased
      ? getLoyaltyForMember(db, me, { id: detail.customer.id, timeZone: store.timeZone })
      : Promise.resolve(null),
  ]);
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: store.timeZone });
  const canHandle = can(me, "complaints.handle", { storeId: complaint.storeId });

  const clock = (label: string, due: Date, state: SlaState | null, stoppedAt: Date | null, paused: boolean) => {
    const percent = state ? Math.round(state.ratio * 100) : null;
    const tone = state?.breached ? "danger" : state?.warning ? "warning" : "success";
    return (
      <div className="rounded-md bg-stone-50 p-3">
        <p className="text-xs font-medium text-stone-500">{label}</p>
        <p className="text-sm text-stone-900">{t("sla.dueAt", { time: when(due) })}</p>
        {stoppedAt ? (
          <p className="text-xs text-stone-600">{t("sla.stoppedAt", { time: when(stoppedAt) })}</p>
        ) : state ? (
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <Badge tone={tone}>{t("sla.elapsed", { percent: percent ?? 0 })}</Badge>
            {paused ? <Badge tone="neutral">{t("sla.paused")}</Badge> : null}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {complaint.reference}
            <ComplaintStatusBadge status={complaint.status} />
            <SeverityBadge severity={complaint.severity} />
            {complaint.regulatorReferral ? <Badge tone="danger">{t("regulatorShort")}</Badge> : null}
          </span>
        }
        description={`${t(`categories.${complaint.category}`)} · ${t(`channels.${complaint.channel}`)} · ${storeDisplayName(store, locale)}`}
        actions={
          <Link href="/complaints" className="text-sm text-amber-800 hover:underline">
            {t("backToQueue")}
          </Link>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title={t("sla.title")}>
            <div className="grid gap-3 sm:grid-cols-2">
              {clock(
                t("sla.clocks.response"),
                complaint.firstResponseDueAt,
                detail.clocks?.response ?? null,
                complaint.firstRespondedAt,
                false,
              )}
              {clock(
                t("sla.clocks.resolution"),
                complaint.resolutionDueAt,
                detail.clocks?.resolution ?? null,
                complaint.resolvedAt,
                detail.paused,
              )}
            </div>
            {complaint.regulatorDeadline ? (
              <p className="mt-3 text-sm text-red-800">
                {t("regulatorDeadlineLine", {
                  date: format.dateTime(new Date(`${complaint.regulatorDeadline}T00:00:00Z`), {
                    dateStyle: "medium",
                    timeZone: "UTC",
                  }),
                })}
              </p>
            ) : null}
          </Card>
          {canHandle ? (
            <ComplaintActions
              complaintId={complaint.id}
              transitions={transitionsFrom(complaint.status)}
              assigneeId={complaint.assigneeId}
              handlers={handlers}
              closed={complaint.status === "closed"}
            />
          ) : null}
          <Card title={t("description")}>
            <p className="whitespace-pre-wrap text-sm text-stone-900">{complaint.description}</p>
            <dl className="mt-3 divide-y divide-stone-100">
              <Row label={t("receivedAt")}>{when(complaint.receivedAt)}</Row>
              <Row label={t("assignee")}>{detail.assigneeName ?? t("unassigned")}</Row>
              {detail.purchase ? (
                <Row label={t("relatedPurchase")}>
                  {detail.purchase.externalId} · {formatFen(detail.purchase.totalPaidFen, locale)}
                </Row>
              ) : null}
              {detail.appointment ? (
                <Row label={t("relatedAppointment")}>
                  <Link href={`/appointments/${detail.appointment.id}`} className="text-amber-800 hover:underline">
                    {when(detail.appointment.startsAt)}
                  </Link>
                </Row>
              ) : null}
              {detail.relatedTicket ? (
                <Row label={t("relatedTicket")}>
                  <Link
                    href={`/after-sales/tickets/${detail.relatedTicket.id}`}
                    className="text-amber-800 hover:underline"
                  >
                    {detail.relatedTicket.reference}
                  </Link>
                </Row>
              ) : complaint.relatedTicketRef ? (
                <Row label={t("relatedTicket")}>{complaint.relatedTicketRef}</Row>
              ) : null}
              {complaint.rootCause ? <Row label={t("rootCause")}>{complaint.rootCause}</Row> : null}
              {complaint.actionTaken ? <Row label={t("actionTaken")}>{complaint.actionTaken}</Row> : null}
            </dl>
          </Card>
          <SatisfactionBadge complaint={complaint} timeZone={store.timeZone} />
          {/* ── Resolution section (lib/complaints/resolution) goes here ── */}
          <ResolutionSlot>
            {resolution ? (
              <ResolutionSection
                resolution={resolution}
                canHandle={can(me, "complaints.handle")}
                canApprove={can(me, "complaints.compensate.approve")}
              />
            ) : null}
          </ResolutionSlot>
          <Card title={t("attachments.title")}>
            <ComplaintAttachments
              complaintId={complaint.id}
              attachments={attachments}
              canUpload={can(me, "complaints.handle", { storeId: complaint.storeId })}
            />
          </Card>
          <Card title={t("timeline.title")}>
            <ol className="space-y-3">
              {detail.events.map((event) => (
                <li
                  key={event.id}
                  className={
                    event.kind === "note"
                      ? "rounded-md border-l-4 border-amber-400 bg-amber-50 p-3"
                      : event.kind === "contact"
                        ? "rounded-md border-l-4 border-sky-400 bg-sky-50 p-3"
                        : "border-l-4 border-stone-200 px-3 py-1"
                  }
                >
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium text-stone-900">{t(`timeline.kinds.${event.kind}`)}</span>
                    {event.kind === "note" ? <Badge tone="warning">{t("timeline.internal")}</Badge> : null}
                    {event.kind === "contact" ? <Badge tone="info">{t("timeline.withCustomer")}</Badge> : null}
                    {event.toStatus && event.kind !== "created" ? (
                      <span className="text-stone-600">
                        {event.fromStatus ? `${t(`statuses.${event.fromStatus}`)} → ` : ""}
                        {t(`statuses.${event.toStatus}`)}
                      </span>
                    ) : null}
                    {event.kind === "contact" && event.channel && event.outcome ? (
                      <span className="text-stone-600">
                        {t(`contactChannels.${event.channel}` as "contactChannels.phone")} ·{" "}
                        {t(`contactOutcomes.${event.outcome}` as "contactOutcomes.reached")}
                      </span>
                    ) : null}
                  </div>
                  {event.body ? (
                    <p className="mt-1 whitespace-pre-wrap text-sm text-stone-800">
                      {event.kind === "warned" || event.kind === "escalated"
                        ? t(`sla.clocks.${event.body}` as "sla.clocks.response")
                        : event.body}
                    </p>
                  ) : null}
                  <p className="mt-1 text-xs text-stone-500">
                    {when(event.at)} ·{" "}
                    {event.actorName === "system" || !event.actorName ? t("timeline.system") : event.actorName}
                  </p>
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-4">
          <Card title={t("customer")}>
            {detail.customer.kind === "member" ? (
              <dl className="divide-y divide-stone-100">
                <Row label={t("member360.name")}>
                  {detail.customer.inScope ? (
                    <Link href={`/members/${detail.customer.id}`} className="text-amber-800 hover:underline">
                      {detail.customer.maskedName || t("member360.erased")}
                    </Link>
                  ) : (
                    detail.customer.maskedName
                  )}
                </Row>
                <Row label={t("member360.phone")}>{detail.customer.maskedPhone}</Row>
                <Row label={t("member360.tier")}>
                  {tMembers.has(`tiers.${detail.customer.tier}`)
                    ? tMembers(`tiers.${detail.customer.tier}`)
                    : detail.customer.tier}
                </Row>
                {loyalty ? <Row label={t("member360.points")}>{format.number(loyalty.pointsBalance)}</Row> : null}
              </dl>
            ) : (
              <dl className="divide-y divide-stone-100">
                <Row label={t("intake.customerName")}>{detail.customer.maskedName}</Row>
                <Row label={t("intake.customerContact")}>{detail.customer.maskedContact}</Row>
                <p className="pt-2 text-xs text-stone-500">{t("member360.unidentified")}</p>
              </dl>
            )}
          </Card>
          {loyalty ? (
            <Card title={t("member360.recentPurchases")}>
              {loyalty.purchases.length === 0 ? (
                <p className="text-sm text-stone-500">{t("member360.noPurchases")}</p>
              ) : (
                <ul className="space-y-2 text-sm">
                  {loyalty.purchases.slice(0, 3).map((p) => (
                    <li key={p.id}>
                      <p className="text-stone-900">{p.items || p.externalId}</p>
                      <p className="text-xs text-stone-500">
                        {when(p.occurredAt)} · {formatFen(p.totalPaidFen, locale)}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ) : null}
          {detail.customer.kind === "member" ? (
            <Card title={tTickets("memberTickets.title")}>
              <MemberOpenTickets tickets={detail.openServiceTickets} />
            </Card>
          ) : null}
          {detail.customer.kind === "member" ? (
            <Card title={t("member360.earlier", { count: detail.earlierComplaints.length })}>
              {detail.earlierComplaints.length === 0 ? (
                <p className="text-sm text-stone-500">{t("member360.noEarlier")}</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {detail.earlierComplaints.map((c) => (
                    <li key={c.id} className="flex justify-between gap-2">
                      <Link href={`/complaints/${c.id}`} className="text-amber-800 hover:underline">
                        {c.reference}
                      </Link>
                      <ComplaintStatusBadge status={c.status} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

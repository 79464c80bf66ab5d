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
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { memberVisits } from "@/lib/appointments/member-visits/queries";
import { listMemberContacts, memberContactsParamsSchema } from "@/lib/clienteling/contacts/queries";
import { listMemberEventAttendance } from "@/lib/events/queries";
import { getLoyaltyForMember, MEMBER_360_TIMELINE_LIMIT } from "@/lib/loyalty/member-360/queries";
import { findMemberInScope, getMemberForView, MEMBER_360_NOTES_LIMIT } from "@/lib/members/queries";
import { CONSENT_CHANNELS } from "@/lib/members/schemas";
import { formatFen } from "@/lib/money";
import { TierBadge } from "../member-badges";
import { storeDisplayName } from "@/lib/stores/display";
import { ImportantDatesSection } from "./important-dates-section";
import { ContactLog } from "./contact-log";
import { EventAttendance } from "./event-attendance";
import { IssueCardButton } from "./issue-card-button";
import { PointsLedgerList, PurchaseTimeline, SpendSummary } from "./loyalty-sections";
import { MemberContact } from "./member-contact";
import { NotesSection } from "./notes-section";
import { PointsAdjustForm } from "./points-adjust-form";
import { ProfileSection } from "./profile-section";
import { RedeemForm } from "./redeem-form";
import { StatementForm } from "./statement-form";
import { StoredValueSection } from "./stored-value-section";
import { TierPanel } from "./tier-panel";
import { VisitsSection } from "./visits-section";
import { WishlistSection } from "./wishlist-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("profileTitle") };
}

/** A section whose data a later issue brings: the card is already in place, with its empty state. */
function Pending({ children }: { children: ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

export default async function Member360Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; saved?: string; contactsPage?: string }>;
}) {
  const me = await requirePermission("members.read");
  const { id } = await params;
  const db = getDb();
  // Scope first (another store's member is "not found"), then every domain's section side by side.
  const found = await findMemberInScope(db, me, id);
  if (!found) notFound();
  const { timeZone } = found;
  const { created, saved, contactsPage: contactsPageParam } = await searchParams;
  const { contactsPage } = memberContactsParamsSchema.parse({ contactsPage: contactsPageParam });
  const canReadVisits = can(me, "appointments.read");
  const [member, loyalty, visits, contacts, events, t, tl, format, locale] = await Promise.all([
    getMemberForView(db, me, found.id),
    getLoyaltyForMember(db, me, found),
    canReadVisits ? memberVisits(db, me, found.id) : null,
    listMemberContacts(db, me, found.id, { page: contactsPage }),
    listMemberEventAttendance(db, me, found.id),
    getTranslations("members"),
    getTranslations("memberLoyalty"),
    getFormatter(),
    getLocale(),
  ]);
  if (!member) notFound();
  const canWrite = can(me, "members.write") && !member.erased;
  const formatDay = (day: string) =>
    format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const storeName =
    member.homeStore.name === null
      ? null
      : storeDisplayName({ name: member.homeStore.name, nameEn: member.homeStore.nameEn }, locale);
  const tierLabel = t.has(`tiers.${member.tier}`) ? t(`tiers.${member.tier}`) : member.tier;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="member-title">{member.contact.name}</span>
            <TierBadge tier={member.tier} label={tierLabel} />
            <Badge tone="neutral">{t(`stages.${member.lifecycleStage}`)}</Badge>
            {member.rfm.segment ? (
              <Badge tone="info">
                {t.has(`rfmSegments.${member.rfm.segment}`)
                  ? t(`rfmSegments.${member.rfm.segment}`)
                  : member.rfm.segment}
              </Badge>
            ) : null}
            {member.erased ? <Badge tone="danger">{t("erased")}</Badge> : null}
          </span>
        }
        description={t("memberSince", {
          date: format.dateTime(member.registeredAt, { dateStyle: "medium" }),
          channel: t(`channels.${member.registrationChannel}`),
          store: storeName ?? "—",
        })}
        actions={
          <>
            <Link href="/members" className={buttonClasses("ghost")}>
              {t("backToSearch")}
            </Link>
            {can(me, "members.reveals.review") ? (
              <Link href={`/members/reveals?member=${member.id}`} className={buttonClasses("ghost")}>
                {t("revealLog")}
              </Link>
            ) : null}
            {can(me, "members.erase") && !member.erased ? (
              <Link href={`/members/${member.id}/erase`} className={buttonClasses("ghost")}>
                {t("eraseLink")}
              </Link>
            ) : null}
            {canWrite ? (
              <Link href={`/members/${member.id}/edit`} className={buttonClasses("secondary")}>
                {t("edit")}
              </Link>
            ) : null}
          </>
        }
      />
      {created ? (
        <Alert tone="success" className="mb-4">
          {t("createdNotice")}
        </Alert>
      ) : null}
      {saved ? (
        <Alert tone="success" className="mb-4">
          {t("savedNotice")}
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-3">
        {/* Header: who the member is, how to reach them (masked), who looks after them, what they agreed to. */}
        <Card title={t("contact")} className="lg:col-span-2">
          <MemberContact
            memberId={member.id}
            contact={member.contact}
            masked={member.contact.masked}
            canReveal={can(me, "members.reveal") && !member.erased}
          />
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 border-t border-stone-100 pt-3 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
            <dt className="text-stone-500">{t("gender")}</dt>
            <dd>{t(`genders.${member.gender}`)}</dd>
            <dt className="text-stone-500">{t("birthday")}</dt>
            <dd>{member.birthday ? formatDay(member.birthday) : "—"}</dd>
            <dt className="text-stone-500">{t("advisor")}</dt>
            <dd>
              {member.advisorName ?? t("noAdvisor")}
              {member.ownClient ? (
                <span className="ml-2">
                  <Badge tone="info">{t("ownClient")}</Badge>
                </span>
              ) : null}
            </dd>
            <dt className="text-stone-500">{t("cards")}</dt>
            <dd className="font-mono text-xs leading-5">
              {member.cardNos.length ? member.cardNos.join(" · ") : "—"}
              {canWrite ? <IssueCardButton memberId={member.id} /> : null}
            </dd>
            <dt className="text-stone-500">{t("tags")}</dt>
            <dd className="flex flex-wrap gap-1">
              {member.tags.length ? member.tags.map((tag) => <Badge key={tag}>{tag}</Badge>) : "—"}
            </dd>
            <dt className="text-stone-500">{t("privacyPolicyVersion")}</dt>
            <dd>{member.privacyPolicyVersion ?? "—"}</dd>
          </dl>
          <div
            className="mt-3 flex flex-wrap items-center gap-2 border-t border-stone-100 pt-3 text-sm"
            data-testid="member-consents"
          >
            <span className="text-stone-500">{t("consents")}</span>
            {CONSENT_CHANNELS.map((channel) => {
              const consent = member.consents[channel];
              return (
                <span
                  key={channel}
                  title={
                    consent
                      ? format.dateTime(consent.recordedAt, { dateStyle: "medium", timeStyle: "short" })
                      : undefined
                  }
                >
                  <Badge tone={consent?.granted ? "success" : "neutral"}>
                    {t(`consentChannels.${channel}`)} {consent?.granted ? "✓" : "✗"}
                  </Badge>
                </span>
              );
            })}
          </div>
        </Card>

        <Card title={t("tierAndPoints")}>
          <TierPanel
            memberId={member.id}
            progress={loyalty.tierProgress}
            canGrant={can(me, "loyalty.tiers.grant") && !member.erased}
          />
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 border-t border-stone-100 pt-3 text-sm">
            <dt className="text-stone-500">{tl("pointsBalance")}</dt>
            <dd data-testid="points-balance">
              <span className={`font-semibold tabular-nums ${loyalty.pointsBalance < 0 ? "text-red-700" : ""}`}>
                {format.number(loyalty.pointsBalance)}
              </span>
              {loyalty.pointsExpiring90d > 0 ? (
                <span className="ml-2 text-xs text-amber-700">
                  {tl("expiring90d", { points: loyalty.pointsExpiring90d })}
                </span>
              ) : null}
            </dd>
            <dt className="text-stone-500">{tl("storedValue")}</dt>
            <dd className="tabular-nums">{formatFen(loyalty.storedValue.totalFen, locale)}</dd>
            <dt className="text-stone-500">{t("rfm")}</dt>
            <dd>
              {member.rfm.recency ? (
                `R${member.rfm.recency} F${member.rfm.frequency} M${member.rfm.monetary}`
              ) : (
                <span className="text-stone-500">{t("rfmPending")}</span>
              )}
            </dd>
          </dl>
          {!member.erased &&
          (can(me, "loyalty.redeem") || can(me, "loyalty.adjust") || can(me, "loyalty.statement")) ? (
            <div className="mt-3 space-y-3 border-t border-stone-100 pt-3">
              {can(me, "loyalty.redeem") ? (
                <RedeemForm
                  memberId={member.id}
                  balance={loyalty.pointsBalance}
                  gifts={loyalty.gifts.map((g) => ({
                    code: g.code,
                    name: locale === "en" ? g.nameEn : g.nameZh,
                    pointsCost: g.pointsCost,
                    stock: g.stock,
                  }))}
                  parkingPointsPerHour={loyalty.rules.parkingPointsPerHour}
                  cashOffsetPointsPerYuan={loyalty.rules.cashOffsetPointsPerYuan}
                />
              ) : null}
              {can(me, "loyalty.adjust") ? (
                <PointsAdjustForm
                  memberId={member.id}
                  balance={loyalty.pointsBalance}
                  threshold={loyalty.rules.adjustmentApprovalThreshold}
                  dayTotal={loyalty.adjustmentDayTotal}
                />
              ) : null}
              {can(me, "loyalty.statement") ? <StatementForm memberId={member.id} timeZone={timeZone} /> : null}
            </div>
          ) : null}
        </Card>

        <Card title={t("spendSummary")}>
          <SpendSummary spend={loyalty.spend} timeZone={timeZone} />
        </Card>
        <Card title={tl("storedValue")}>
          <StoredValueSection
            memberId={member.id}
            summary={loyalty.storedValue}
            canManage={can(me, "loyalty.cards.manage") && !member.erased}
          />
        </Card>
        <Card title={t("preferences")}>
          <ProfileSection memberId={member.id} profile={member.profile} canWrite={canWrite} />
        </Card>
        <Card title={t("notes")}>
          <NotesSection memberId={member.id} notes={member.notes} canWrite={canWrite} limit={MEMBER_360_NOTES_LIMIT} />
        </Card>
        <Card title={t("importantDates")}>
          <ImportantDatesSection memberId={member.id} dates={member.importantDates} canWrite={canWrite} />
        </Card>
        <Card title={t("wishlist")} className="lg:col-span-2">
          <WishlistSection memberId={member.id} items={member.wishlist} canWrite={canWrite} />
        </Card>
        <Card title={t("purchases")} className="lg:col-span-2">
          <PurchaseTimeline purchases={loyalty.purchases} timeZone={timeZone} limit={MEMBER_360_TIMELINE_LIMIT} />
        </Card>
        <Card title={t("pointsLedger")}>
          <PointsLedgerList ledger={loyalty.ledger} timeZone={timeZone} limit={MEMBER_360_TIMELINE_LIMIT} />
        </Card>
        <Card title={t("appointments")}>
          {visits ? (
            <VisitsSection
              memberId={member.id}
              visits={visits}
              canBook={can(me, "appointments.book") && !member.erased}
            />
          ) : (
            <Pending>{t("appointmentsEmpty")}</Pending>
          )}
        </Card>
        <ContactLog
          memberId={member.id}
          lifecycleStage={member.lifecycleStage}
          contacts={contacts}
          canLog={canWrite}
          className="lg:col-span-2"
        />
        <Card title={t("vipEvents")}>
          <EventAttendance rows={events} linkEvents={can(me, "events.checkin") || can(me, "events.manage")} />
        </Card>
        <Card title={t("serviceTickets")}>
          <Pending>{t("serviceTicketsEmpty")}</Pending>
        </Card>
        <Card title={t("complaints")}>
          <Pending>{t("complaintsEmpty")}</Pending>
        </Card>
      </div>
    </>
  );
}

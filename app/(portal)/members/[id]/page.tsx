import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Suspense, type ReactNode } from "react";
import { MemberItemsSection } from "../../after-sales/_passport/member-items-section";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getLoyaltySummary, listMemberPurchases } from "@/lib/loyalty/member-360/queries";
import { getMemberForView, MEMBER_360_NOTES_LIMIT } from "@/lib/members/queries";
import { CONTACT_FIELDS } from "@/lib/members/privacy/schemas";
import { CONSENT_CHANNELS, member360ParamsSchema } from "@/lib/members/schemas";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { TierBadge } from "../member-badges";
import { OlderNewerPager, PurchaseTimeline } from "./loyalty-sections";
import {
  AddDateDialog,
  AddNoteDialog,
  AddWishDialog,
  AdjustDialog,
  IssueCardDialog,
  RedeemDialog,
  StatementDialog,
} from "./member-dialogs";
import { MemberContactView } from "./member-contact-view";
import { ProfileSection } from "./profile-section";
import { ContactLogCard, EventsBody, HistoryCards, VisitsBody } from "./sections";
import { FixedCard, SectionSkeleton, sectionBodyClass } from "./streamed-card";
import { StoredValueSection } from "./stored-value-section";
import { TierPanel } from "./tier-panel";
import { ImportantDatesSection } from "./important-dates-section";
import { NotesSection } from "./notes-section";
import { WishlistSection } from "./wishlist-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("profileTitle") };
}

/** A section whose data a later issue brings: the card is already in place, with its empty state. */
function Pending({ children }: { children: ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

type SearchParams = {
  created?: string;
  saved?: string;
  contactsPage?: string;
  purchasesPage?: string;
  ledgerPage?: string;
};

/**
 * The member 360° view. What the advisor came for renders first: the header, the contact details
 * (masked), tier and points, the latest purchases, and with them every section whose read is small
 * and bounded (notes, dates, wishlist, visits, contact log, events, service tickets). Only the
 * spend summary and the points ledger, whose reads grow with the member's history, stream in, behind
 * one Suspense boundary: every boundary costs a placeholder, a swap script and a flush of its own,
 * and the response ends no sooner for it. Every card's body has a fixed height, so nothing moves when
 * the streamed ones arrive; older purchases and points entries page on demand; every occasional form
 * opens in a dialog that loads when opened (member-dialogs.tsx).
 */
export default async function Member360Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const me = await requirePermission("members.read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const db = getDb();
  const query = await searchParams;
  const { contactsPage, purchasesPage, ledgerPage } = member360ParamsSchema.parse(query);
  // Every domain's part side by side with the member's row, which carries the scope check: what the
  // others read leaves only if the member is in the staff member's stores (else "not found").
  const loyaltyRead = Promise.all([getLoyaltySummary(db, me, { id }), listMemberPurchases(db, id, purchasesPage)]);
  loyaltyRead.catch(() => {});
  const [member, t, tl, tCards, tStatement, format, locale] = await Promise.all([
    getMemberForView(db, me, id),
    getTranslations("members"),
    getTranslations("memberLoyalty"),
    getTranslations("memberCards"),
    getTranslations("memberStatement"),
    getFormatter(),
    getLocale(),
  ]);
  if (!member) notFound();
  const [loyalty, purchases] = await loyaltyRead;
  const { timeZone } = member;
  const found = { id: member.id, timeZone };
  const canWrite = can(me, "members.write") && !member.erased;
  const formatDay = (day: string) =>
    format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const storeName =
    member.homeStore.name === null
      ? null
      : storeDisplayName({ name: member.homeStore.name, nameEn: member.homeStore.nameEn }, locale);
  const tierLabel = t.has(`tiers.${member.tier}`) ? t(`tiers.${member.tier}`) : member.tier;
  /** This page with one list at another page (the notices of a save are not repeated). */
  const hrefFor = (param: "purchasesPage" | "ledgerPage" | "contactsPage") => (page: number) => {
    const pages = { contactsPage, purchasesPage, ledgerPage, [param]: page };
    const kept = Object.entries(pages).filter(([, value]) => value > 1);
    return `/members/${member.id}${kept.length ? `?${new URLSearchParams(kept.map(([k, v]) => [k, String(v)]))}` : ""}`;
  };
  const loyaltyActions = !member.erased && {
    redeem: can(me, "loyalty.redeem"),
    adjust: can(me, "loyalty.adjust"),
    statement: can(me, "loyalty.statement"),
  };

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
      {query.created ? (
        <Alert tone="success" className="mb-4">
          {t("createdNotice")}
        </Alert>
      ) : null}
      {query.saved ? (
        <Alert tone="success" className="mb-4">
          {t("savedNotice")}
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-3">
        {/* Header: who the member is, how to reach them (masked), who looks after them, what they agreed to. */}
        <Card title={t("contact")} className="lg:col-span-2">
          <MemberContactView
            memberId={member.id}
            contact={member.contact}
            masked={member.contact.masked}
            canReveal={can(me, "members.reveal") && !member.erased}
            labels={{
              ...(Object.fromEntries(CONTACT_FIELDS.map((field) => [field, t(field)])) as Record<
                (typeof CONTACT_FIELDS)[number],
                string
              >),
              reveal: t("reveal"),
              revealTitle: t("revealTitle"),
              revealedBadge: t("revealedBadge"),
              unmaskedOwnClient: t("unmaskedOwnClient"),
            }}
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
            <dd className="flex flex-wrap items-center gap-2 font-mono text-xs leading-5">
              {member.cardNos.length ? member.cardNos.join(" · ") : "—"}
              {canWrite ? (
                <IssueCardDialog memberId={member.id} trigger={tCards("open")} title={tCards("open")} />
              ) : null}
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
          {loyaltyActions && (loyaltyActions.redeem || loyaltyActions.adjust || loyaltyActions.statement) ? (
            <div className="mt-3 flex flex-wrap gap-2 border-t border-stone-100 pt-3">
              {loyaltyActions.redeem ? (
                <RedeemDialog
                  memberId={member.id}
                  balance={loyalty.pointsBalance}
                  trigger={tl("redeem")}
                  title={tl("redeem")}
                />
              ) : null}
              {loyaltyActions.adjust ? (
                <AdjustDialog
                  memberId={member.id}
                  balance={loyalty.pointsBalance}
                  trigger={tl("adjust")}
                  title={tl("adjust")}
                />
              ) : null}
              {loyaltyActions.statement ? (
                <StatementDialog
                  memberId={member.id}
                  timeZone={timeZone}
                  trigger={tl("statement")}
                  title={tStatement("formTitle")}
                />
              ) : null}
            </div>
          ) : null}
        </Card>

        <Card title={t("purchases")} className="lg:col-span-2">
          <PurchaseTimeline
            purchases={purchases}
            timeZone={timeZone}
            pager={
              <OlderNewerPager page={purchases.page} hasOlder={purchases.hasOlder} hrefFor={hrefFor("purchasesPage")} />
            }
          />
        </Card>
        <Suspense
          fallback={
            <>
              <Card title={t("spendSummary")} bodyClassName={sectionBodyClass("sm")}>
                <SectionSkeleton />
              </Card>
              <Card title={t("pointsLedger")} bodyClassName={sectionBodyClass("lg")}>
                <SectionSkeleton />
              </Card>
            </>
          }
        >
          <HistoryCards
            member={found}
            ledgerPage={ledgerPage}
            hrefFor={hrefFor("ledgerPage")}
            titles={{ spend: t("spendSummary"), ledger: t("pointsLedger") }}
          />
        </Suspense>
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

        <FixedCard
          title={t("notes")}
          height="md"
          actions={canWrite ? <AddNoteDialog memberId={member.id} trigger={t("addNote")} title={t("addNote")} /> : null}
        >
          <NotesSection notes={member.notes} limit={MEMBER_360_NOTES_LIMIT} />
        </FixedCard>
        <FixedCard
          title={t("importantDates")}
          height="md"
          actions={canWrite ? <AddDateDialog memberId={member.id} trigger={t("addDate")} title={t("addDate")} /> : null}
        >
          <ImportantDatesSection memberId={member.id} dates={member.importantDates} canWrite={canWrite} />
        </FixedCard>
        <FixedCard
          title={t("wishlist")}
          height="md"
          actions={canWrite ? <AddWishDialog memberId={member.id} trigger={t("addWish")} title={t("addWish")} /> : null}
        >
          <WishlistSection memberId={member.id} items={member.wishlist} canWrite={canWrite} />
        </FixedCard>

        <FixedCard title={t("appointments")} height="lg">
          {can(me, "appointments.read") ? (
            <VisitsBody me={me} memberId={member.id} canBook={can(me, "appointments.book") && !member.erased} />
          ) : (
            <Pending>{t("appointmentsEmpty")}</Pending>
          )}
        </FixedCard>
        <ContactLogCard
          me={me}
          memberId={member.id}
          lifecycleStage={member.lifecycleStage}
          page={contactsPage}
          hrefFor={hrefFor("contactsPage")}
          canLog={canWrite}
          className="lg:col-span-2"
          bodyClassName={sectionBodyClass("lg")}
        />

        <FixedCard title={t("vipEvents")} height="md">
          <EventsBody me={me} memberId={member.id} />
        </FixedCard>
        <FixedCard title={t("serviceTickets")} height="md">
          <MemberItemsSection memberId={member.id} />
        </FixedCard>
        <Card title={t("complaints")}>
          <Pending>{t("complaintsEmpty")}</Pending>
        </Card>
      </div>
    </>
  );
}

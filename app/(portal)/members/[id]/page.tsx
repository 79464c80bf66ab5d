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
import { getMember360, MEMBER_360_NOTES_LIMIT } from "@/lib/members/queries";
import { CONSENT_CHANNELS } from "@/lib/members/schemas";
import { formatFen } from "@/lib/money";
import { TierBadge } from "../member-badges";
import { MemberContact } from "./member-contact";
import { ImportantDatesSection, NotesSection, ProfileSection, WishlistSection } from "./member-sections";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("profileTitle") };
}

/** A section whose data a later issue brings: the card is already in place, with its empty state. */
function Pending({ children }: { children: ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

export default async function Member360Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string; saved?: string }> }) {
  const me = await requirePermission("members.read");
  const { id } = await params;
  const [member, t, format, locale] = await Promise.all([getMember360(getDb(), me, id), getTranslations("members"), getFormatter(), getLocale()]);
  if (!member) notFound();
  const { created, saved } = await searchParams;
  const canWrite = can(me, "members.write") && !member.erased;
  const formatDay = (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const storeName = locale === "en" && member.homeStore.nameEn ? member.homeStore.nameEn : member.homeStore.name;
  const tierLabel = t.has(`tiers.${member.tier}`) ? t(`tiers.${member.tier}`) : member.tier;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="member-title">{member.contact.name}</span>
            <TierBadge tier={member.tier} label={tierLabel} />
            <Badge tone="neutral">{t(`stages.${member.lifecycleStage}`)}</Badge>
            {member.rfm.segment ? <Badge tone="info">{t.has(`rfmSegments.${member.rfm.segment}`) ? t(`rfmSegments.${member.rfm.segment}`) : member.rfm.segment}</Badge> : null}
            {member.erased ? <Badge tone="danger">{t("erased")}</Badge> : null}
          </span>
        }
        description={t("memberSince", { date: format.dateTime(member.registeredAt, { dateStyle: "medium" }), channel: t(`channels.${member.registrationChannel}`), store: storeName ?? "—" })}
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
      {created ? <Alert tone="success" className="mb-4">{t("createdNotice")}</Alert> : null}
      {saved ? <Alert tone="success" className="mb-4">{t("savedNotice")}</Alert> : null}

      <div className="grid gap-4 lg:grid-cols-3">
        {/* Header: who the member is, how to reach them (masked), who looks after them, what they agreed to. */}
        <Card title={t("contact")} className="lg:col-span-2">
          <MemberContact memberId={member.id} contact={member.contact} masked={member.contact.masked} canReveal={can(me, "members.reveal") && !member.erased} />
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 border-t border-stone-100 pt-3 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
            <dt className="text-stone-500">{t("gender")}</dt>
            <dd>{t(`genders.${member.gender}`)}</dd>
            <dt className="text-stone-500">{t("birthday")}</dt>
            <dd>{member.birthday ? formatDay(member.birthday) : "—"}</dd>
            <dt className="text-stone-500">{t("advisor")}</dt>
            <dd>
              {member.advisor?.name ?? t("noAdvisor")}
              {member.ownClient ? (
                <span className="ml-2">
                  <Badge tone="info">{t("ownClient")}</Badge>
                </span>
              ) : null}
            </dd>
            <dt className="text-stone-500">{t("cards")}</dt>
            <dd className="font-mono text-xs leading-5">{member.cards.length ? member.cards.map((c) => c.cardNo).join(" · ") : "—"}</dd>
            <dt className="text-stone-500">{t("tags")}</dt>
            <dd className="flex flex-wrap gap-1">{member.tags.length ? member.tags.map((tag) => <Badge key={tag}>{tag}</Badge>) : "—"}</dd>
            <dt className="text-stone-500">{t("privacyPolicyVersion")}</dt>
            <dd>{member.privacyPolicyVersion ?? "—"}</dd>
          </dl>
          <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-stone-100 pt-3 text-sm" data-testid="member-consents">
            <span className="text-stone-500">{t("consents")}</span>
            {CONSENT_CHANNELS.map((channel) => {
              const consent = member.consents[channel];
              return (
                <span key={channel} title={consent ? format.dateTime(consent.recordedAt, { dateStyle: "medium", timeStyle: "short" }) : undefined}>
                  <Badge tone={consent?.granted ? "success" : "neutral"}>
                    {t(`consentChannels.${channel}`)} {consent?.granted ? "✓" : "✗"}
                  </Badge>
                </span>
              );
            })}
          </div>
        </Card>

        <Card title={t("tierAndPoints")}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-stone-500">{t("tier")}</dt>
            <dd>
              <TierBadge tier={member.tier} label={tierLabel} />
            </dd>
            <dt className="text-stone-500">{t("tierProgress")}</dt>
            <dd className="text-stone-500">{t("tierProgressPending")}</dd>
            <dt className="text-stone-500">{t("pointsBalance")}</dt>
            <dd className="text-stone-500">{member.loyalty.pointsBalance !== null ? format.number(member.loyalty.pointsBalance) : t("notYetAvailable")}</dd>
            <dt className="text-stone-500">{t("storedValue")}</dt>
            <dd className="text-stone-500">{member.loyalty.storedValueFen !== null ? formatFen(member.loyalty.storedValueFen, locale) : t("notYetAvailable")}</dd>
            <dt className="text-stone-500">{t("rfm")}</dt>
            <dd>{member.rfm.recency ? `R${member.rfm.recency} F${member.rfm.frequency} M${member.rfm.monetary}` : <span className="text-stone-500">{t("rfmPending")}</span>}</dd>
          </dl>
        </Card>

        <Card title={t("spendSummary")}>
          <Pending>{t("spendSummaryEmpty")}</Pending>
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
        <Card title={t("purchases")}>
          <Pending>{t("purchasesEmpty")}</Pending>
        </Card>
        <Card title={t("pointsLedger")}>
          <Pending>{t("pointsLedgerEmpty")}</Pending>
        </Card>
        <Card title={t("appointments")}>
          <Pending>{t("appointmentsEmpty")}</Pending>
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

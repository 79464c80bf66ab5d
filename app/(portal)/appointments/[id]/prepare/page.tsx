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
import { loadVisitPreparation } from "@/lib/appointments/preparation/queries";
import { IMPORTANT_DATES_AHEAD_DAYS } from "@/lib/appointments/preparation/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { MemberOpenTickets } from "../../../after-sales/_queue/member-open-tickets";
import { MemberContact } from "../../../members/[id]/member-contact";
import { TierPanel } from "../../../members/[id]/tier-panel";
import { ConfirmationDownloads } from "./confirmation-downloads";
import { OutcomeSection } from "./outcome-section";
import { PicksSection } from "./picks-section";
import { PrintButton } from "./print-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("visitPreparation");
  return { title: t("title") };
}

// A printed sheet is the page's cards only: the portal's sidebar and top bar stay on screen. The
// rule lives with this page, so it applies only while the page is shown.
const PRINT_CSS = `@media print {
  aside, header.sticky { display: none !important; }
  body { background: white; }
  [data-print-sheet] section { break-inside: avoid; box-shadow: none; }
  [data-print-sheet] button, [data-print-sheet] form, [data-print-sheet] dialog { display: none !important; }
}`;

function Empty({ children }: { children: ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-stone-500">{label}</dt>
          <dd className="min-w-0 break-words text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Chips({ values }: { values: string[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((value) => (
        <Badge key={value}>{value}</Badge>
      ))}
    </span>
  );
}

const STATUS_TONES = {
  requested: "warning",
  confirmed: "info",
  checked_in: "success",
  completed: "success",
  no_show: "danger",
  cancelled: "danger",
} as const;

/**
 * One visit's preparation sheet (appointments.read; another store's visit is not found): the visit,
 * the member (masked as on the 360° view), preferences and sizes, tier progress, recent purchases,
 * wishlist, important dates around the visit, open service tickets, the advisor's picks and — once
 * the member came — the purchases linked to the visit. Printable; one column on a tablet.
 */
export default async function VisitPreparationPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("appointments.read");
  const { id } = await params;
  const preparation = await loadVisitPreparation(getDb(), me, id);
  if (!preparation) notFound();
  const [t, tMembers, format, locale] = await Promise.all([
    getTranslations("visitPreparation"),
    getTranslations("members"),
    getFormatter(),
    getLocale(),
  ]);
  const { visit, member, outcome } = preparation;
  const timeZone = visit.store.timeZone;
  const storeName = storeDisplayName(visit.store, locale);
  const typeName = locale === "en" ? visit.type.nameEn : visit.type.nameZh;
  const roomName = visit.room ? (locale === "en" && visit.room.nameEn ? visit.room.nameEn : visit.room.name) : null;
  const date = format.dateTime(visit.startsAt, { dateStyle: "full", timeZone });
  const time = `${format.dateTime(visit.startsAt, { timeStyle: "short", timeZone })}–${format.dateTime(visit.endsAt, { timeStyle: "short", timeZone })}`;
  const calendarDay = (day: string) =>
    format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const money = (fen: number) => formatFen(fen, locale);
  const canBook = can(me, "appointments.book");

  const { profile } = member;
  const preferences: [string, ReactNode][] = [];
  if (profile.ringSize) preferences.push([tMembers("ringSize"), profile.ringSize]);
  if (profile.materials?.length)
    preferences.push([
      tMembers("materials"),
      <Chips key="m" values={profile.materials.map((m) => tMembers(`materialOptions.${m}`))} />,
    ]);
  if (profile.styles?.length)
    preferences.push([
      tMembers("styles"),
      <Chips key="s" values={profile.styles.map((s) => tMembers(`styleOptions.${s}`))} />,
    ]);
  if (profile.purpose) preferences.push([tMembers("purpose"), tMembers(`purposeOptions.${profile.purpose}`)]);
  if (profile.budgetMinFen !== undefined || profile.budgetMaxFen !== undefined)
    preferences.push([
      tMembers("budget"),
      `${profile.budgetMinFen !== undefined ? money(profile.budgetMinFen) : "—"} – ${profile.budgetMaxFen !== undefined ? money(profile.budgetMaxFen) : "—"}`,
    ]);
  if (profile.brands?.length) preferences.push([tMembers("brands"), <Chips key="b" values={profile.brands} />]);
  if (profile.mallCategories?.length)
    preferences.push([
      tMembers("mallCategories"),
      <Chips key="c" values={profile.mallCategories.map((c) => tMembers(`mallCategoryOptions.${c}`))} />,
    ]);

  const showOutcome = outcome.open || outcome.purchases.some((purchase) => purchase.linked);
  const outcomeAhead = visit.status === "requested" || visit.status === "confirmed";

  return (
    <div data-print-sheet>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title={`${t("title")} · ${typeName}`}
        description={`${date} ${time} · ${storeName}`}
        actions={
          <>
            <Link href={`/appointments/${visit.id}`} className={`${buttonClasses("ghost")} print:hidden`}>
              {t("backToAppointment")}
            </Link>
            <PrintButton label={t("print")} />
          </>
        }
      />

      <div className="grid gap-4 lg:grid-cols-3 print:grid-cols-2">
        <Card
          title={t("visit")}
          actions={<Badge tone={STATUS_TONES[visit.status]}>{t(`statuses.${visit.status}`)}</Badge>}
        >
          <Facts
            rows={[
              [t("type"), typeName],
              [t("date"), date],
              [t("time"), time],
              [t("store"), storeName],
              [t("advisor"), visit.advisor.displayName],
              [t("room"), roomName ?? t("noRoom")],
              ...(visit.note ? ([[t("note"), visit.note]] as [string, ReactNode][]) : []),
              ...(visit.cancelReason
                ? ([
                    [
                      t("cancelReason"),
                      t.has(`cancelReasons.${visit.cancelReason}`)
                        ? t(`cancelReasons.${visit.cancelReason}`)
                        : visit.cancelReason,
                    ],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
          <div className="mt-4 border-t border-stone-100 pt-3">
            <p className="mb-2 text-sm font-medium text-stone-800 print:hidden">{t("confirmationDownloads")}</p>
            <ConfirmationDownloads appointmentId={visit.id} />
          </div>
        </Card>

        <Card
          title={
            <span className="flex flex-wrap items-center gap-2">
              {t("member")}
              {member.ownClient ? <Badge tone="info">{t("ownClient")}</Badge> : null}
              {member.erased ? <Badge tone="danger">{t("erased")}</Badge> : null}
            </span>
          }
          actions={
            member.inViewerStores && can(me, "members.read") ? (
              <Link href={`/members/${member.id}`} className={`${buttonClasses("ghost", "sm")} print:hidden`}>
                {t("open360")}
              </Link>
            ) : null
          }
          className="lg:col-span-2"
        >
          <MemberContact
            memberId={member.id}
            contact={member.contact}
            masked={member.contact.masked}
            canReveal={can(me, "members.reveal") && !member.erased && member.inViewerStores}
          />
        </Card>

        <Card title={t("preferences")}>
          {preferences.length ? <Facts rows={preferences} /> : <Empty>{t("preferencesEmpty")}</Empty>}
        </Card>

        <Card title={t("tier")}>
          {preparation.tierProgress ? (
            <TierPanel memberId={member.id} progress={preparation.tierProgress} canGrant={false} />
          ) : (
            <Empty>—</Empty>
          )}
        </Card>

        <Card title={t("importantDates", { days: IMPORTANT_DATES_AHEAD_DAYS })}>
          {preparation.upcomingDates.length === 0 ? (
            <Empty>{t("importantDatesEmpty", { days: IMPORTANT_DATES_AHEAD_DAYS })}</Empty>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm" data-testid="upcoming-dates">
              {preparation.upcomingDates.map((entry) => (
                <li key={`${entry.kind}-${entry.id ?? "birthday"}`} className="py-1.5">
                  <span className="font-medium">{entry.label || t(`dateKinds.${entry.kind}`)}</span>
                  <span className="ml-2 text-stone-700">{calendarDay(entry.occursOn)}</span>
                  <span className="ml-2 text-xs text-stone-500">{t("daysAway", { days: entry.daysAway })}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("picks")} className="lg:col-span-2 print:col-span-2">
          <PicksSection
            appointmentId={visit.id}
            picks={preparation.picks}
            canEdit={canBook && visit.trayOpen}
            closed={!visit.trayOpen}
          />
        </Card>

        <Card title={t("serviceTickets")}>
          <MemberOpenTickets tickets={preparation.openServiceTickets} />
        </Card>

        <Card title={t("recentPurchases")} className="lg:col-span-2 print:col-span-2">
          {preparation.recentPurchases.length === 0 ? (
            <Empty>{t("recentPurchasesEmpty")}</Empty>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm" data-testid="recent-purchases">
              {preparation.recentPurchases.map((purchase) => (
                <li key={purchase.id} className="py-2 print:break-inside-avoid">
                  <p className="flex flex-wrap items-baseline justify-between gap-2">
                    <span>
                      <span className="tabular-nums">
                        {format.dateTime(purchase.occurredAt, { dateStyle: "medium", timeZone })}
                      </span>
                      <span className="ml-2 text-stone-500">{storeDisplayName(purchase.store, locale)}</span>
                      <span className="ml-2 font-mono text-xs text-stone-400">
                        {t("receipt", { number: purchase.externalId })}
                      </span>
                    </span>
                    <span className="font-medium tabular-nums">{money(purchase.totalPaidFen)}</span>
                  </p>
                  {purchase.items.length ? (
                    <ul className="mt-1 space-y-0.5 text-stone-600">
                      {purchase.items.map((item, index) => (
                        <li key={index} className="flex justify-between gap-2">
                          <span className="min-w-0 break-words">
                            {item.name}
                            {Math.abs(item.quantity) > 1 ? ` ×${Math.abs(item.quantity)}` : ""}
                            <span className="ml-2 font-mono text-xs text-stone-400">{item.sku}</span>
                          </span>
                          <span className="shrink-0 tabular-nums">{money(item.amountFen)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("wishlist")}>
          {preparation.wishlist.length === 0 ? (
            <Empty>{t("wishlistEmpty")}</Empty>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm">
              {preparation.wishlist.map((item) => (
                <li key={item.id} className="py-1.5">
                  <span className="font-medium">{item.description}</span>
                  {item.sku ? <span className="ml-2 font-mono text-xs text-stone-500">{item.sku}</span> : null}
                  {item.priceFen !== null ? <span className="ml-2 text-stone-700">{money(item.priceFen)}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>

        {showOutcome ? (
          <Card title={t("outcome")} className="lg:col-span-3 print:col-span-2">
            <OutcomeSection
              appointmentId={visit.id}
              purchases={outcome.purchases}
              attributedTotalFen={outcome.attributedTotalFen}
              window={outcome.window}
              timeZone={timeZone}
              canEdit={canBook && outcome.open}
            />
          </Card>
        ) : outcomeAhead ? (
          <Card title={t("outcome")} className="lg:col-span-3 print:hidden">
            <Empty>{t("outcomeNotYet")}</Empty>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

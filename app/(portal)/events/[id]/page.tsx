import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requireStaff } from "@/lib/auth/session";
import { getEvent, guestListParamsSchema, listEventGuests } from "@/lib/events/queries";
import { INVITED_TIERS, invitationOpensAt } from "@/lib/events/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { EventStatusBadge } from "../event-badges";
import { EventActions } from "./event-actions";
import { GuestsTable } from "./guests-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("detailTitle") };
}

export default async function EventDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireStaff();
  if (!can(me, "events.checkin") && !can(me, "events.manage")) forbidden();
  const db = getDb();
  const { id } = await params;
  const query = await searchParams;
  const event = await getEvent(db, storeScopeOf(me), id);
  if (!event) notFound();
  const guestParams = guestListParamsSchema.parse(query);
  const [guests, t, format, locale] = await Promise.all([
    listEventGuests(db, me, event.id, guestParams),
    getTranslations("events"),
    getFormatter(),
    getLocale(),
  ]);

  const now = new Date();
  const started = event.startsAt.getTime() <= now.getTime();
  const over = event.endsAt.getTime() <= now.getTime();
  const canManage = can(me, "events.manage");
  const canDoor = can(me, "events.checkin");
  const at = (value: Date) =>
    format.dateTime(value, { dateStyle: "medium", timeStyle: "short", timeZone: event.timeZone });
  const title = locale === "en" ? event.titleEn : event.titleZh;
  const { counts } = event;

  const counters = [
    { key: "capacity", value: event.capacity },
    { key: "accepted", value: counts.accepted },
    { key: "waitlisted", value: counts.waitlisted },
    { key: "declined", value: counts.declined },
    { key: "checkedIn", value: counts.checkedIn },
    { key: "invited", value: counts.invited },
  ] as const;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {title} <EventStatusBadge status={event.status} />
          </span>
        }
        description={t("detailDescription", {
          kind: t(`kinds.${event.kind}`),
          store: storeDisplayName({ name: event.storeName, nameEn: event.storeNameEn }, locale),
          startsAt: at(event.startsAt),
          endsAt: at(event.endsAt),
        })}
        actions={
          <>
            <Link href="/events" className={buttonClasses("secondary")}>
              {t("backToList")}
            </Link>
            {canDoor && (event.status === "open" || event.status === "closed") ? (
              <Link href={`/events/${event.id}/check-in`} className={buttonClasses("primary")}>
                {t("checkIn.open")}
              </Link>
            ) : null}
            {canManage && (event.status === "draft" || event.status === "open") && !started ? (
              <Link href={`/events/${event.id}/edit`} className={buttonClasses("secondary")}>
                {t("edit")}
              </Link>
            ) : null}
            {can(me, "audit.read") ? (
              <Link
                href={`/admin/audit?entityType=vip_event&entityId=${event.id}`}
                className={buttonClasses("secondary")}
              >
                {t("viewAudit")}
              </Link>
            ) : null}
          </>
        }
      />
      {query.created ? (
        <Alert tone="success" className="mb-4">
          {t("created")}
        </Alert>
      ) : null}
      {event.status === "cancelled" ? (
        <Alert tone="warning" className="mb-4">
          {t("cancelledNotice")}
        </Alert>
      ) : null}

      <dl className="mb-5 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {counters.map((counter) => (
          <div key={counter.key} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200">
            <dt className="text-xs text-stone-500">{t(counter.key)}</dt>
            <dd className="text-2xl font-semibold text-stone-900 tabular-nums" data-testid={`event-${counter.key}`}>
              {format.number(counter.value)}
            </dd>
          </div>
        ))}
      </dl>

      <div className="mb-5 grid gap-5 lg:grid-cols-3">
        <Card title={t("windows.title")} className="lg:col-span-2">
          <ul className="divide-y divide-stone-100 text-sm">
            {INVITED_TIERS.map((tier) => {
              const opensAt = invitationOpensAt(event, tier);
              return (
                <li key={tier} className="flex items-center justify-between gap-3 py-2">
                  <span className="font-medium">{t(`tiers.${tier}`)}</span>
                  <span className="text-stone-700">
                    {opensAt === null
                      ? t("windows.notInvited")
                      : opensAt.getTime() <= now.getTime()
                        ? t("windows.openedAt", { at: at(opensAt) })
                        : t("windows.opensAt", { at: at(opensAt) })}
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="mt-3 text-xs text-stone-500">{t("windows.hint")}</p>
        </Card>
        {canManage ? (
          <Card title={t("actions.title")}>
            <EventActions
              eventId={event.id}
              status={event.status}
              accepted={counts.accepted}
              started={started}
              over={over}
            />
          </Card>
        ) : null}
      </div>

      <Card title={t("guests.title")}>
        <GuestsTable
          eventId={event.id}
          rows={guests.rows}
          total={guests.total}
          params={guestParams}
          timeZone={event.timeZone}
          canAnswer={canDoor && !started && (event.status === "open" || event.status === "closed")}
          acceptOpen={event.status === "open"}
        />
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getEvent } from "@/lib/events/queries";
import { instantToLocalDateTime } from "@/lib/events/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { EventForm } from "../../event-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("edit") };
}

export default async function EditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("events.manage");
  const [event, t, locale] = await Promise.all([
    getEvent(getDb(), storeScopeOf(me), (await params).id),
    getTranslations("events"),
    getLocale(),
  ]);
  if (!event) notFound();
  const title = locale === "en" ? event.titleEn : event.titleZh;
  const now = new Date();
  const editable = (event.status === "draft" || event.status === "open") && event.startsAt.getTime() > now.getTime();
  const local = (at: Date | null) => (at ? instantToLocalDateTime(at, event.timeZone) : "");

  return (
    <>
      <PageHeader
        title={t("editTitle", { title })}
        actions={
          <Link href={`/events/${event.id}`} className={buttonClasses("secondary")}>
            {t("backToEvent")}
          </Link>
        }
      />
      {editable ? (
        <EventForm
          mode="edit"
          eventId={event.id}
          stores={[
            {
              id: event.storeId,
              label: storeDisplayName({ name: event.storeName, nameEn: event.storeNameEn }, locale),
              timeZone: event.timeZone,
            },
          ]}
          defaults={{
            storeId: event.storeId,
            kind: event.kind,
            titleZh: event.titleZh,
            titleEn: event.titleEn,
            startsAt: local(event.startsAt),
            endsAt: local(event.endsAt),
            capacity: event.capacity,
            inviteDiamondFrom: local(event.inviteDiamondFrom),
            inviteGoldFrom: local(event.inviteGoldFrom),
            inviteSilverFrom: local(event.inviteSilverFrom),
          }}
        />
      ) : (
        <Alert tone="warning">{t("notEditableNotice")}</Alert>
      )}
    </>
  );
}

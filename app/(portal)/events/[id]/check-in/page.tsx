import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getEvent, searchCheckInGuests } from "@/lib/events/queries";
import { canUndoCheckIn, checkInSearchParamsSchema } from "@/lib/events/schemas";
import { localDate, startOfLocalDay } from "@/lib/time";
import { CheckInScreen } from "./check-in-screen";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events.checkIn");
  return { title: t("title") };
}

/** The door: a tablet's screen, one search box and big buttons, the counts refreshed as guests arrive. */
export default async function CheckInPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("events.checkin");
  const db = getDb();
  const event = await getEvent(db, storeScopeOf(me), (await params).id);
  if (!event) notFound();
  const q = checkInSearchParamsSchema.parse(await searchParams).q ?? "";
  const results = await searchCheckInGuests(db, me, event.id, q);
  const now = new Date();
  const doorOpens = startOfLocalDay(localDate(event.startsAt, event.timeZone), event.timeZone);
  const door =
    event.status !== "open" && event.status !== "closed"
      ? "closed"
      : now.getTime() < doorOpens.getTime()
        ? "not_yet"
        : "open";

  return (
    <CheckInScreen
      eventId={event.id}
      titleZh={event.titleZh}
      titleEn={event.titleEn}
      startsAt={event.startsAt}
      timeZone={event.timeZone}
      door={door}
      query={q}
      counts={{ capacity: event.capacity, accepted: event.counts.accepted, checkedIn: event.counts.checkedIn }}
      results={results.map((guest) => ({
        memberId: guest.memberId,
        name: guest.name,
        phoneLast4: guest.phoneLast4,
        tier: guest.tier,
        seat: guest.seat,
        checkedInAt: guest.checkedInAt,
        canUndo: guest.checkedInAt !== null && canUndoCheckIn(guest.checkedInAt, now),
      }))}
    />
  );
}

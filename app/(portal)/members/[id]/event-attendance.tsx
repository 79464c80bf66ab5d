import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { MemberEventAttendanceRow } from "@/lib/events/queries";
import { storeDisplayName } from "@/lib/stores/display";

const RSVP_TONES = { invited: "neutral", accepted: "success", waitlisted: "warning", declined: "danger" } as const;

/**
 * The member's VIP events on the 360° view: invitations, answers, seats and attendance, latest
 * first. Data from `listMemberEventAttendance` (lib/events/queries.ts), passed in by the page;
 * `linkEvents` when the reader may open the events (events.checkin or events.manage).
 */
export function EventAttendance({ rows, linkEvents }: { rows: MemberEventAttendanceRow[]; linkEvents: boolean }) {
  const t = useTranslations("events");
  const format = useFormatter();
  const locale = useLocale();

  if (rows.length === 0) return <p className="py-2 text-sm text-stone-500">{t("attendance.empty")}</p>;

  const attended = rows.filter((row) => row.checkedInAt !== null).length;
  const accepted = rows.filter((row) => row.status === "accepted").length;

  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-700">{t("attendance.summary", { invited: rows.length, accepted, attended })}</p>
      <ul className="divide-y divide-stone-100 text-sm">
        {rows.map((row) => {
          const title = locale === "en" ? row.titleEn : row.titleZh;
          return (
            <li key={row.eventId} className="flex flex-wrap items-start justify-between gap-2 py-2">
              <div className="min-w-0">
                {linkEvents ? (
                  <Link href={`/events/${row.eventId}`} className="font-medium text-amber-800 hover:underline">
                    {title}
                  </Link>
                ) : (
                  <span className="font-medium text-stone-900">{title}</span>
                )}
                <p className="text-xs text-stone-500">
                  {t(`kinds.${row.kind}`)} ·{" "}
                  {format.dateTime(row.startsAt, { dateStyle: "medium", timeStyle: "short", timeZone: row.timeZone })} ·{" "}
                  {storeDisplayName({ name: row.storeName, nameEn: row.storeNameEn }, locale)}
                  {row.eventStatus === "cancelled" ? ` · ${t("statuses.cancelled")}` : ""}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {row.checkedInAt ? (
                  <Badge tone="success">
                    {t("attendance.attendedAt", {
                      at: format.dateTime(row.checkedInAt, { timeStyle: "short", timeZone: row.timeZone }),
                    })}
                  </Badge>
                ) : (
                  <Badge tone={RSVP_TONES[row.status]}>{t(`rsvpStatuses.${row.status}`)}</Badge>
                )}
                {row.seat ? (
                  <span className="text-xs text-stone-500">{t("checkIn.seat", { seat: row.seat })}</span>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

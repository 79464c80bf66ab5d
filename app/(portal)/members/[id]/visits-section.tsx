import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { MemberVisitRow, MemberVisits } from "@/lib/appointments/member-visits/queries";

const STATUS_TONES = {
  requested: "neutral",
  confirmed: "info",
  checked_in: "info",
  completed: "success",
  no_show: "danger",
  cancelled: "neutral",
} as const;

/** The member's visits on the 360° view: upcoming and recent, completed visits and no-shows, and "book a visit". */
export function VisitsSection({
  memberId,
  visits,
  canBook,
}: {
  memberId: string;
  visits: MemberVisits;
  canBook: boolean;
}) {
  const t = useTranslations("members");
  const tStatus = useTranslations("appointmentCalendar.status");
  const format = useFormatter();
  const locale = useLocale();

  const list = (rows: MemberVisitRow[]) => (
    <ul className="divide-y divide-stone-100 text-sm">
      {rows.map((visit) => (
        <li key={visit.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <Link href={`/appointments/${visit.id}`} className="min-w-0 font-medium text-amber-800 hover:underline">
            {locale === "en" ? visit.typeNameEn : visit.typeNameZh}
          </Link>
          <span className="text-stone-600 tabular-nums">
            {format.dateTime(visit.startsAt, { dateStyle: "medium", timeStyle: "short", timeZone: visit.timeZone })}
          </span>
          <span className="text-stone-500">{visit.advisorName}</span>
          <Badge tone={STATUS_TONES[visit.status]}>{tStatus(visit.status)}</Badge>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-700" data-testid="visit-counts">
        {t("visitsSummary", { completed: visits.completed, noShows: visits.noShows })}
        {visits.noShows > 0 ? (
          <span className="ml-2">
            <Badge tone="danger">{t("visitsNoShows", { count: visits.noShows })}</Badge>
          </span>
        ) : null}
      </p>
      {visits.upcoming.length === 0 && visits.recent.length === 0 ? (
        <p className="text-sm text-stone-500">{t("appointmentsEmpty")}</p>
      ) : null}
      {visits.upcoming.length > 0 ? (
        <div>
          <p className="text-xs font-semibold uppercase tracking-wider text-stone-500">{t("visitsUpcoming")}</p>
          {list(visits.upcoming)}
        </div>
      ) : null}
      {visits.recent.length > 0 ? (
        <div>
          <p className="text-xs font-semibold uppercase tracking-wider text-stone-500">{t("visitsRecent")}</p>
          {list(visits.recent)}
        </div>
      ) : null}
      {canBook ? (
        <Link href={`/appointments/new?memberId=${memberId}`} className={buttonClasses("secondary")}>
          {t("bookVisit")}
        </Link>
      ) : null}
    </div>
  );
}

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { TaskCounts, TaskRow } from "@/lib/clienteling/tasks/queries";
import type { HomeAppointmentRow, HomeDormantRow, HomeImportantDateRow, HomeList } from "@/lib/home/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { calendarInstant, HomeRow, HomeSection } from "./home-section";

/**
 * The advisor's sections: their visits today and tomorrow, their clients' important dates ahead,
 * their open tasks and their clients who turned dormant. Names come masked from lib/home.
 */

const APPOINTMENT_TONES = {
  requested: "info",
  confirmed: "neutral",
  checked_in: "success",
  completed: "success",
  no_show: "danger",
  cancelled: "neutral",
} as const;

export function AdvisorAppointmentsSection({
  list,
  listHref,
}: {
  list: HomeList<HomeAppointmentRow> & { today: number };
  listHref: string;
}) {
  const t = useTranslations("home");
  const tAppointments = useTranslations("appointments");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <HomeSection
      id="advisorAppointments"
      total={list.total}
      shown={list.rows.length}
      summary={t("sections.advisorAppointments.summary", { today: list.today, tomorrow: list.total - list.today })}
      seeAllHref={listHref}
    >
      {list.rows.map((row) => (
        <HomeRow
          key={row.id}
          href={`/appointments/${row.id}`}
          primary={
            <>
              <span className="tabular-nums">
                {format.dateTime(row.startsAt, { hour: "2-digit", minute: "2-digit", timeZone: row.timeZone })}
              </span>{" "}
              · {row.memberName}
            </>
          }
          secondary={`${locale === "en" ? row.typeNameEn : row.typeNameZh} · ${storeDisplayName(
            { name: row.storeName, nameEn: row.storeNameEn },
            locale,
          )}`}
          aside={
            <>
              <Badge tone={row.when === "today" ? "info" : "neutral"}>{t(row.when)}</Badge>
              <Badge tone={APPOINTMENT_TONES[row.status]}>{tAppointments(`statuses.${row.status}`)}</Badge>
            </>
          }
        />
      ))}
    </HomeSection>
  );
}

export function ImportantDatesSection({ list }: { list: HomeList<HomeImportantDateRow> }) {
  const t = useTranslations("home");
  const tClienteling = useTranslations("clienteling");
  const format = useFormatter();
  return (
    <HomeSection
      id="importantDates"
      total={list.total}
      shown={list.rows.length}
      seeAllHref="/tasks?kind=important_date"
    >
      {list.rows.map((row) => (
        <HomeRow
          key={`${row.memberId}:${row.kind}:${row.date}:${row.label ?? ""}`}
          href={`/members/${row.memberId}`}
          primary={row.memberName}
          secondary={`${tClienteling(`dateKinds.${row.kind}`)}${row.label ? ` · ${row.label}` : ""} · ${format.dateTime(
            calendarInstant(row.occursOn),
            { month: "short", day: "numeric", weekday: "short", timeZone: "UTC" },
          )}`}
          aside={
            <Badge tone={row.daysUntil <= 1 ? "warning" : "neutral"}>{t("inDays", { days: row.daysUntil })}</Badge>
          }
        />
      ))}
    </HomeSection>
  );
}

export function AdvisorTasksSection({ list }: { list: HomeList<TaskRow> & { counts: TaskCounts } }) {
  const t = useTranslations("home");
  const tClienteling = useTranslations("clienteling");
  const format = useFormatter();
  const day = (value: string) => format.dateTime(calendarInstant(value), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <HomeSection
      id="advisorTasks"
      total={list.total}
      shown={list.rows.length}
      attention={list.counts.overdue > 0}
      summary={t("sections.advisorTasks.summary", { overdue: list.counts.overdue, today: list.counts.dueToday })}
      seeAllHref="/tasks"
    >
      {list.rows.map((row) => (
        <HomeRow
          key={row.id}
          href={`/members/${row.memberId}`}
          primary={`${tClienteling(`kinds.${row.kind}`)} · ${row.memberErased ? t("erasedMember") : row.memberName}`}
          secondary={row.overdue ? t("overdueSince", { date: day(row.dueOn) }) : t("dueOn", { date: day(row.dueOn) })}
          aside={
            row.overdue ? (
              <Badge tone="danger">{t("overdue")}</Badge>
            ) : row.dueToday ? (
              <Badge tone="warning">{t("dueToday")}</Badge>
            ) : null
          }
        />
      ))}
    </HomeSection>
  );
}

export function DormantClientsSection({ list, listHref }: { list: HomeList<HomeDormantRow>; listHref: string }) {
  const t = useTranslations("home");
  const tMembers = useTranslations("members");
  const format = useFormatter();
  return (
    <HomeSection id="dormantClients" total={list.total} shown={list.rows.length} seeAllHref={listHref}>
      {list.rows.map((row) => (
        <HomeRow
          key={row.memberId}
          href={`/members/${row.memberId}`}
          primary={row.memberName}
          secondary={`${t("dormantSince", {
            date: format.dateTime(row.dormantSince, { dateStyle: "medium", timeZone: row.timeZone }),
          })} · ${t("lastPurchase", {
            date: format.dateTime(calendarInstant(row.lastPurchaseOn), { dateStyle: "medium", timeZone: "UTC" }),
          })}`}
          aside={<Badge tone="neutral">{tMembers(`tiers.${row.tier}`)}</Badge>}
        />
      ))}
    </HomeSection>
  );
}

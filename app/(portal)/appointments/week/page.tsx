import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { localInstant } from "@/lib/appointments/calendar/grid";
import { listCalendarAdvisors, loadAdvisorWeek, type AdvisorWeek } from "@/lib/appointments/calendar/queries";
import { advisorWeekParamsSchema } from "@/lib/appointments/calendar/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { dateTimeFormat } from "@/lib/i18n/date-format";
import { storeDisplayName } from "@/lib/stores/display";
import { todayIn } from "@/lib/time";
import { CalendarGrid } from "../_calendar/calendar-grid";
import { calendarGridData, type GridColumn } from "../_calendar/grid-data";
import { CalendarLegend, ClosureNotes } from "../_calendar/calendar-legend";
import { loadCalendarPage, NoCalendarStores } from "../_calendar/calendar-page";
import { CalendarTabs } from "../_calendar/calendar-tabs";
import { CalendarToolbar } from "../_calendar/calendar-toolbar";
import { bookingHref, dayHref, listHref, weekHref } from "../_calendar/hrefs";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentCalendar");
  return { title: t("weekTitle") };
}

/** One advisor's week at a store, Monday to Sunday: their hours, time off and visits day by day. */
export default async function AdvisorWeekPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.read");
  const params = advisorWeekParamsSchema.parse(await searchParams);
  const { db, stores, store, t, locale, canBook } = await loadCalendarPage(me, params.store);
  if (!store) return <NoCalendarStores title={t("weekTitle")} />;

  const tabs = (advisorId?: string) => (
    <CalendarTabs
      canBook={can(me, "appointments.book")}
      canHandover={can(me, "appointments.handover")}
      active="week"
      hrefs={{
        day: dayHref({ store: store.id, date: params.date, cancelled: params.cancelled }),
        week: weekHref({ store: store.id, advisor: advisorId, date: params.date, cancelled: params.cancelled }),
        list: listHref({ store: store.id }),
      }}
    />
  );
  const advisors = await listCalendarAdvisors(db, me, store);
  // The advisor asked for (also someone who only has visits here, linked from the day view), else
  // me when I am one of the store's advisors, else the first of them.
  const fallback = advisors.find((a) => a.id === me.id && me.roles.includes("advisor")) ?? advisors[0];
  const now = new Date();
  let week: AdvisorWeek | null = null;
  for (const advisorId of new Set([params.advisor, fallback?.id])) {
    if (!advisorId) continue;
    try {
      week = await loadAdvisorWeek(db, me, {
        store,
        advisorId,
        date: params.date,
        includeCancelled: params.cancelled,
        now,
      });
      break;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "not_found")) throw error;
    }
  }
  if (!week) {
    return (
      <>
        <PageHeader title={t("weekTitle")} />
        {tabs()}
        <EmptyState title={t("noAdvisors")} body={t("noAdvisorsBody")} />
      </>
    );
  }

  const { advisor, store: weekStore } = week;
  const timeZone = weekStore.timeZone;
  const today = todayIn(timeZone, now);
  const noon = (day: string) => localInstant(day, "12:00", timeZone);
  const periodLabel = dateTimeFormat(locale, { dateStyle: "medium", timeZone }).formatRange(
    noon(week.days[0]!.date),
    noon(week.days[6]!.date),
  );
  const dayTitle = dateTimeFormat(locale, { weekday: "short", month: "numeric", day: "numeric", timeZone });
  const options = advisors.some((a) => a.id === advisor.id) ? advisors : [...advisors, advisor];
  const columns: GridColumn[] = week.days.map((day) => ({
    id: day.date,
    title: dayTitle.format(noon(day.date)),
    subtitle: day.ranges.map(([open, close]) => `${open}–${close}`).join(", ") || t("notWorking"),
    day: day.date,
    ranges: day.ranges,
    timeOff: week.timeOff,
    appointments: week.appointments.filter((visit) => visit.day === day.date),
  }));

  return (
    <>
      <PageHeader
        title={t("weekTitle")}
        description={t("weekDescription", { advisor: advisor.displayName, store: storeDisplayName(store, locale) })}
        actions={
          canBook ? (
            <Link
              href={bookingHref({ storeId: store.id, date: week.date, advisorId: advisor.id })}
              className={buttonClasses("primary")}
            >
              {t("newAppointment")}
            </Link>
          ) : null
        }
      />
      {tabs(advisor.id)}
      <CalendarToolbar
        view="week"
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
        storeId={store.id}
        advisors={options.map((a) => ({ id: a.id, label: a.displayName }))}
        advisorId={advisor.id}
        date={week.date}
        today={today}
        periodLabel={periodLabel}
        showsToday={week.days.some((day) => day.date === today)}
        showCancelled={params.cancelled}
      />
      <ClosureNotes closures={week.closures} timeZone={timeZone} />
      <CalendarGrid
        label={t("weekGridLabel", { advisor: advisor.displayName, period: periodLabel })}
        json={calendarGridData({
          view: { view: "week", advisorId: advisor.id, advisorName: advisor.displayName },
          columns,
          cancelled: params.cancelled,
          storeId: store.id,
          timeZone,
          gridStart: week.gridStart,
          gridEnd: week.gridEnd,
          closures: week.closures,
          canBook,
          now,
          locale,
        })}
        columnMinWidth="8rem"
      />
      <CalendarLegend />
    </>
  );
}

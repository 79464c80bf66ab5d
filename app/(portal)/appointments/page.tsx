import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { localInstant } from "@/lib/appointments/calendar/grid";
import { loadStoreDay } from "@/lib/appointments/calendar/queries";
import { storeDayParamsSchema } from "@/lib/appointments/calendar/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { dateTimeFormat } from "@/lib/i18n/date-format";
import { storeDisplayName } from "@/lib/stores/display";
import { todayIn } from "@/lib/time";
import { CalendarGrid } from "./_calendar/calendar-grid";
import { calendarGridData, type GridColumn } from "./_calendar/grid-data";
import { CalendarLegend, ClosureNotes } from "./_calendar/calendar-legend";
import { loadCalendarPage, NoCalendarStores } from "./_calendar/calendar-page";
import { CalendarTabs } from "./_calendar/calendar-tabs";
import { CalendarToolbar } from "./_calendar/calendar-toolbar";
import { bookingHref, dayHref, listHref, weekHref } from "./_calendar/hrefs";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentCalendar");
  return { title: t("title") };
}

/** The store's day: its advisors side by side, every visit of the day, free quarters one click from a booking. */
export default async function AppointmentsDayPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.read");
  const params = storeDayParamsSchema.parse(await searchParams);
  const { db, stores, store, t, locale, canBook } = await loadCalendarPage(me, params.store);
  if (!store) return <NoCalendarStores title={t("title")} />;

  const now = new Date();
  const day = await loadStoreDay(db, me, {
    store,
    date: params.date,
    includeCancelled: params.cancelled,
    now,
  });
  const today = todayIn(store.timeZone, now);
  const storeName = storeDisplayName(store, locale);
  const dayLabel = dateTimeFormat(locale, { dateStyle: "full", timeZone: store.timeZone }).format(
    localInstant(day.date, "12:00", store.timeZone),
  );
  const columns: GridColumn[] = day.advisors.map((advisor) => ({
    id: advisor.id,
    title: advisor.displayName,
    subtitle: advisor.ranges.map(([open, close]) => `${open}–${close}`).join(", ") || t("notWorking"),
    day: day.date,
    ranges: advisor.ranges,
    timeOff: advisor.timeOff,
    appointments: day.appointments.filter((visit) => visit.advisorId === advisor.id),
  }));

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("dayDescription", { store: storeName })}
        actions={
          canBook ? (
            <Link href={bookingHref({ storeId: store.id, date: day.date })} className={buttonClasses("primary")}>
              {t("newAppointment")}
            </Link>
          ) : null
        }
      />
      <CalendarTabs
        canBook={can(me, "appointments.book")}
        canHandover={can(me, "appointments.handover")}
        active="day"
        hrefs={{
          day: dayHref({ store: store.id, date: params.date, cancelled: params.cancelled }),
          week: weekHref({ store: store.id, date: params.date, cancelled: params.cancelled }),
          list: listHref({ store: store.id }),
        }}
      />
      <CalendarToolbar
        view="day"
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
        storeId={store.id}
        date={day.date}
        today={today}
        periodLabel={dayLabel}
        showsToday={day.date === today}
        showCancelled={params.cancelled}
      />
      <ClosureNotes closures={day.closures} timeZone={store.timeZone} />
      {columns.length === 0 ? (
        <EmptyState
          title={t("noAdvisors")}
          body={t("noAdvisorsBody")}
          action={
            can(me, "appointments.setup") ? (
              <Link href="/appointments/setup" className={buttonClasses("secondary")}>
                {t("openSetup")}
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <CalendarGrid
            label={t("dayGridLabel", { store: storeName, day: dayLabel })}
            json={calendarGridData({
              view: { view: "day", day: day.date },
              columns,
              cancelled: params.cancelled,
              storeId: store.id,
              timeZone: store.timeZone,
              gridStart: day.gridStart,
              gridEnd: day.gridEnd,
              closures: day.closures,
              canBook,
              now,
              locale,
            })}
          />
          <CalendarLegend />
        </>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import {
  chooseCalendarStore,
  listAppointmentFilterOptions,
  listAppointments,
} from "@/lib/appointments/calendar/queries";
import { appointmentListParamsSchema } from "@/lib/appointments/calendar/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { CalendarTabs } from "../_calendar/calendar-tabs";
import { bookingHref, dayHref, listHref, weekHref } from "../_calendar/hrefs";
import { AppointmentListTable } from "./appointment-list-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentCalendar");
  return { title: t("listTitle") };
}

/** Every visit in the staff member's stores, filtered, sorted and paged on the server. */
export default async function AppointmentListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.read");
  const params = appointmentListParamsSchema.parse(await searchParams);
  const db = getDb();
  const [{ rows, total }, options, t, locale] = await Promise.all([
    listAppointments(db, me, params),
    listAppointmentFilterOptions(db, me),
    getTranslations("appointmentCalendar"),
    getLocale(),
  ]);
  // The calendars' tabs and the booking button open on the store filtered by, else the usual default.
  const store = chooseCalendarStore(options.stores, params.store, me);
  const typeName = (type: { nameZh: string; nameEn: string }) => (locale === "en" ? type.nameEn : type.nameZh);

  return (
    <>
      <PageHeader
        title={t("listTitle")}
        description={t("listDescription")}
        actions={
          can(me, "appointments.book") && store ? (
            <Link href={bookingHref({ storeId: store.id })} className={buttonClasses("primary")}>
              {t("newAppointment")}
            </Link>
          ) : null
        }
      />
      <CalendarTabs
        canBook={can(me, "appointments.book")}
        canHandover={can(me, "appointments.handover")}
        active="list"
        hrefs={{
          day: dayHref({ store: store?.id }),
          week: weekHref({ store: store?.id, advisor: params.advisor }),
          list: listHref({ store: params.store }),
        }}
      />
      <AppointmentListTable
        rows={rows}
        total={total}
        params={params}
        showStore={options.stores.length > 1}
        stores={options.stores.map((s) => ({ value: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
        advisors={options.advisors.map((a) => ({ value: a.id, label: a.displayName }))}
        types={options.types.map((type) => ({
          value: type.id,
          label: type.active ? typeName(type) : t("inactiveType", { name: typeName(type) }),
        }))}
      />
    </>
  );
}

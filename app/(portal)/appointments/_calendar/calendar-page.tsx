import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { chooseCalendarStore, listCalendarStores } from "@/lib/appointments/calendar/queries";
import { can, type StaffPrincipal } from "@/lib/auth/policy";

/**
 * What every calendar view loads first: the stores the viewer may see, the one shown (the `store`
 * URL parameter, else one of the viewer's own; null when there is none), and the translations and
 * locale of the request (dates are formatted with lib/i18n/date-format.ts: next-intl's formatter
 * builds a new Intl format on every call).
 */
export async function loadCalendarPage(me: StaffPrincipal, storeParam: string | undefined) {
  const db = getDb();
  const [stores, t, locale] = await Promise.all([
    listCalendarStores(db, me),
    getTranslations("appointmentCalendar"),
    getLocale(),
  ]);
  return {
    db,
    stores,
    store: chooseCalendarStore(stores, storeParam, me),
    t,
    locale,
    canBook: can(me, "appointments.book"),
  };
}

/** A calendar view for a viewer without any active store in reach. */
export async function NoCalendarStores({ title }: { title: string }) {
  const t = await getTranslations("appointmentCalendar");
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={t("noStores")} body={t("noStoresBody")} />
    </>
  );
}

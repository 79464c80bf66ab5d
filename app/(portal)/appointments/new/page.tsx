import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { bookingChoices, getBookingMember } from "@/lib/appointments/booking/queries";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { isBusinessDay, localDate, todayIn } from "@/lib/time";
import { BookingForm, type BookingPrefill } from "./booking-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointments");
  return { title: t("newTitle") };
}

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/**
 * Book a visit. The query may prefill it: `memberId` (from the 360° view), and `storeId`, `date`,
 * `advisorId`, `startsAt`, `typeId` (from a quarter hour clicked on the calendar).
 */
export default async function NewAppointmentPage({ searchParams }: { searchParams: Promise<Query> }) {
  const me = await requirePermission("appointments.book");
  const query = await searchParams;
  const db = getDb();
  const memberId = one(query.memberId);
  const [choices, member, t] = await Promise.all([
    bookingChoices(db, me),
    memberId ? getBookingMember(db, me, memberId) : null,
    getTranslations("appointments"),
  ]);
  const now = new Date();
  const stores = choices.stores.map((store) => ({ ...store, today: todayIn(store.timeZone, now) }));

  // Only what the staff member may choose anyway is taken from the link; anything else falls back.
  const store = stores.find((s) => s.id === one(query.storeId)) ?? stores[0];
  const startsAt = one(query.startsAt);
  const start = startsAt && !Number.isNaN(Date.parse(startsAt)) ? new Date(startsAt) : null;
  const linkedDate = one(query.date) ?? (start && store ? localDate(start, store.timeZone) : undefined);
  const date =
    store && linkedDate && isBusinessDay(linkedDate) && linkedDate >= store.today ? linkedDate : (store?.today ?? "");
  const advisor = choices.advisors.find((a) => a.id === one(query.advisorId) && a.storeId === store?.id);
  const type = choices.types.find((candidate) => candidate.id === one(query.typeId));
  const prefill: BookingPrefill = {
    storeId: store?.id ?? "",
    typeId: type?.id ?? "",
    date,
    advisorId: advisor?.id ?? "",
    startsAt: start && start > now && store && localDate(start, store.timeZone) === date ? start.toISOString() : null,
  };

  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <div className="max-w-4xl">
        <BookingForm
          stores={stores}
          types={choices.types}
          advisors={choices.advisors}
          member={member}
          canOverrideTier={can(me, "appointments.override_tier")}
          prefill={prefill}
        />
      </div>
    </>
  );
}

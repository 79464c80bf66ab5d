import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { bookingChoices } from "@/lib/appointments/booking/queries";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { HandoverForm } from "./handover-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentExtras");
  return { title: t("handoverTitle") };
}

/** A manager hands one advisor's clients, visits and tasks at a store to another (docs/domain.md#handover). */
export default async function HandoverPage() {
  const me = await requirePermission("appointments.handover");
  const db = getDb();
  const [choices, t, locale] = await Promise.all([
    bookingChoices(db, me),
    getTranslations("appointmentExtras"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("handoverTitle")} description={t("handoverDescription")} />
      <div className="max-w-4xl">
        <HandoverForm
          stores={choices.stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
          advisors={choices.advisors}
        />
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { getStoreAdvisor } from "@/lib/appointments/setup/queries";
import { emptyWeek } from "@/lib/appointments/setup/schemas";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { setupHref, SetupTabs } from "../../setup-tabs";
import { setupStores } from "../../setup-store";
import { AdvisorHoursForm } from "./hours-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup.hours");
  return { title: t("editTitle") };
}

export default async function AdvisorHoursEditPage({
  params,
  searchParams,
}: {
  params: Promise<{ staffId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  const staffId = z.uuid().safeParse((await params).staffId);
  if (!staffId.success) notFound();
  const { store: storeParam } = await searchParams;
  const locale = await getLocale();
  const { store } = await setupStores(me, typeof storeParam === "string" ? storeParam : undefined, locale);
  if (!store) notFound();
  const [advisor, t] = await Promise.all([
    getStoreAdvisor(getDb(), storeScopeOf(me), store.id, staffId.data),
    getTranslations("appointmentSetup.hours"),
  ]);
  // Not an active advisor of this store (or the store is not the staff member's): nothing to edit here.
  if (!advisor) notFound();
  const backHref = setupHref("hours", store.id);

  return (
    <>
      <PageHeader
        title={t("editHeading", { name: advisor.displayName })}
        description={t("editDescription", { store: storeDisplayName(store, locale), timeZone: store.timeZone })}
        actions={
          can(me, "audit.read") ? (
            <Link href={`/admin/audit?entityType=staff&entityId=${advisor.id}`} className={buttonClasses("secondary")}>
              {t("viewAudit")}
            </Link>
          ) : null
        }
      />
      <SetupTabs current="hours" storeId={store.id} />
      <AdvisorHoursForm
        backHref={backHref}
        defaults={{ storeId: store.id, staffId: advisor.id, hours: { ...emptyWeek(), ...advisor.hours } }}
      />
    </>
  );
}

import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { listTierCodes } from "@/lib/appointments/setup/queries";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { SetupTabs } from "../../setup-tabs";
import { CreateAppointmentTypeForm } from "../type-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup.types");
  return { title: t("create") };
}

export default async function NewAppointmentTypePage() {
  const me = await requirePermission("appointments.setup");
  // Types are mall-wide: only staff of every store create them (the use case says the same).
  if (storeScopeOf(me).kind !== "all") forbidden();
  const [tiers, t] = await Promise.all([listTierCodes(getDb()), getTranslations("appointmentSetup.types")]);
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <SetupTabs current="types" />
      {/* The base tier is everyone: "every member" already says it. */}
      <CreateAppointmentTypeForm tiers={tiers.slice(1)} />
    </>
  );
}

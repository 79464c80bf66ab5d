import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { appointmentTypeListParamsSchema, listAppointmentTypes } from "@/lib/appointments/setup/queries";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { SetupTabs } from "../setup-tabs";
import { TypesTable } from "./types-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("tabs.types") };
}

export default async function AppointmentTypesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  // Types are mall-wide: store managers see them, only staff of every store change them.
  const canManage = storeScopeOf(me).kind === "all";
  const params = appointmentTypeListParamsSchema.parse(await searchParams);
  const [{ rows, total }, t] = await Promise.all([
    listAppointmentTypes(getDb(), params),
    getTranslations("appointmentSetup"),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("types.description")}
        actions={
          canManage ? (
            <Link href="/appointments/setup/types/new" className={buttonClasses("primary")}>
              {t("types.create")}
            </Link>
          ) : null
        }
      />
      <SetupTabs current="types" />
      {canManage ? null : (
        <Alert tone="info" className="mb-4">
          {t("types.readOnlyNotice")}
        </Alert>
      )}
      <TypesTable rows={rows} total={total} params={params} canManage={canManage} />
    </>
  );
}

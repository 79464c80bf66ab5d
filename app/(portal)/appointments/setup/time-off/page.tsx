import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/layout/empty-state";
import { listStoreAdvisors } from "@/lib/appointments/setup/queries";
import { listStoreTimeOff, timeOffListParamsSchema } from "@/lib/appointments/setup/time-off";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { SetupTabs } from "../setup-tabs";
import { setupStores } from "../setup-store";
import { NoSetupStores, StoreWhenBar } from "../store-section";
import { AddTimeOffDialog } from "./add-time-off-dialog";
import { TimeOffTable } from "./time-off-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("tabs.timeOff") };
}

export default async function TimeOffPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  const params = timeOffListParamsSchema.parse(await searchParams);
  const locale = await getLocale();
  const { store, options } = await setupStores(me, params.store, locale);
  const t = await getTranslations("appointmentSetup");
  if (!store) return <NoSetupStores current="timeOff" description={t("timeOff.description")} />;
  const db = getDb();
  const scope = storeScopeOf(me);
  const [advisors, { rows, total }] = await Promise.all([
    listStoreAdvisors(db, scope, store.id),
    listStoreTimeOff(db, scope, store.id, params),
  ]);
  const advisorOptions = advisors.map((a) => ({ id: a.id, displayName: a.displayName }));

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("timeOff.description")}
        actions={
          advisors.length ? (
            <AddTimeOffDialog
              key={store.id}
              storeId={store.id}
              timeZone={store.timeZone}
              advisors={advisorOptions}
              defaultAdvisorId={params.advisor}
            />
          ) : null
        }
      />
      <SetupTabs current="timeOff" storeId={store.id} />
      <div className="space-y-4">
        <StoreWhenBar basePath="/appointments/setup/time-off" stores={options} store={store} when={params.when} />
        {advisors.length === 0 ? (
          <EmptyState title={t("hours.emptyTitle")} body={t("hours.emptyBody")} />
        ) : (
          <TimeOffTable
            rows={rows}
            total={total}
            params={params}
            storeId={store.id}
            timeZone={store.timeZone}
            advisors={advisorOptions}
          />
        )}
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { closureListParamsSchema, listStoreClosures } from "@/lib/appointments/setup/closures";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { formatIn, localDate, shiftDay } from "@/lib/time";
import { SetupTabs } from "../setup-tabs";
import { setupStores } from "../setup-store";
import { NoSetupStores, StoreWhenBar } from "../store-section";
import { AddClosureDialog } from "./add-closure-dialog";
import { ClosuresTable, type ClosureTableRow } from "./closures-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("tabs.closures") };
}

/** Whole store-local days when the closure runs from a local midnight to a later local midnight. */
function wholeDays(startsAt: Date, endsAt: Date, timeZone: string): ClosureTableRow["wholeDays"] {
  if (formatIn(startsAt, "HH:mm", timeZone) !== "00:00" || formatIn(endsAt, "HH:mm", timeZone) !== "00:00") return null;
  return { first: localDate(startsAt, timeZone), last: shiftDay(localDate(endsAt, timeZone), { days: -1 }) };
}

export default async function ClosuresPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  const params = closureListParamsSchema.parse(await searchParams);
  const locale = await getLocale();
  const { store, options } = await setupStores(me, params.store, locale);
  const t = await getTranslations("appointmentSetup");
  if (!store) return <NoSetupStores current="closures" description={t("closures.description")} />;
  const { rows, total } = await listStoreClosures(getDb(), storeScopeOf(me), store.id, params);
  const tableRows: ClosureTableRow[] = rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    reason: row.reason,
    wholeDays: wholeDays(row.startsAt, row.endsAt, store.timeZone),
  }));

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("closures.description")}
        actions={<AddClosureDialog key={store.id} storeId={store.id} timeZone={store.timeZone} />}
      />
      <SetupTabs current="closures" storeId={store.id} />
      <div className="space-y-4">
        <StoreWhenBar basePath="/appointments/setup/closures" stores={options} store={store} when={params.when} />
        <ClosuresTable rows={tableRows} total={total} params={params} timeZone={store.timeZone} />
      </div>
    </>
  );
}

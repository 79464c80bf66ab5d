import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { SetupTabs, type SetupTab } from "./setup-tabs";
import { StorePicker } from "./store-picker";
import { WhenSwitch } from "./when-switch";

/** A store section's page when the staff member has no active store to set up. */
export async function NoSetupStores({ current, description }: { current: SetupTab; description: string }) {
  const t = await getTranslations("appointmentSetup");
  return (
    <>
      <PageHeader title={t("title")} description={description} />
      <SetupTabs current={current} />
      <EmptyState title={t("noStoresTitle")} body={t("noStoresBody")} />
    </>
  );
}

/** Above a dated list of one store: the store picker, upcoming/past, and the time zone the times are in. */
export async function StoreWhenBar({
  basePath,
  stores,
  store,
  when,
}: {
  basePath: string;
  stores: { id: string; label: string }[];
  store: { id: string; timeZone: string };
  when: "upcoming" | "past";
}) {
  const t = await getTranslations("appointmentSetup");
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <StorePicker stores={stores} current={store.id} />
        <WhenSwitch
          basePath={basePath}
          storeId={store.id}
          current={when}
          label={t("whenLabel")}
          labels={{ upcoming: t("upcoming"), past: t("past") }}
        />
      </div>
      <p className="text-sm text-stone-600">{t("timesIn", { timeZone: store.timeZone })}</p>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/layout/empty-state";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { listStoreAdvisors } from "@/lib/appointments/setup/queries";
import { WEEKDAYS } from "@/lib/appointments/setup/schemas";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { SetupTabs } from "../setup-tabs";
import { setupStores } from "../setup-store";
import { StorePicker } from "../store-picker";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("tabs.hours") };
}

export default async function AdvisorHoursPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  const { store: storeParam } = await searchParams;
  const locale = await getLocale();
  const { store, options } = await setupStores(me, typeof storeParam === "string" ? storeParam : undefined, locale);
  const [advisors, t, tDays, format] = await Promise.all([
    store ? listStoreAdvisors(getDb(), storeScopeOf(me), store.id) : Promise.resolve([]),
    getTranslations("appointmentSetup"),
    getTranslations("weekdays"),
    getFormatter(),
  ]);

  return (
    <>
      <PageHeader title={t("title")} description={t("hours.description")} />
      <SetupTabs current="hours" storeId={store?.id} />
      {!store ? (
        <EmptyState title={t("noStoresTitle")} body={t("noStoresBody")} />
      ) : (
        <div className="space-y-4">
          <StorePicker stores={options} current={store.id} />
          <p className="text-sm text-stone-600">{t("hours.timeZoneNote", { timeZone: store.timeZone })}</p>
          {advisors.length === 0 ? (
            <EmptyState title={t("hours.emptyTitle")} body={t("hours.emptyBody")} />
          ) : (
            <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200">
              <table className="min-w-full divide-y divide-stone-200 text-sm">
                <caption className="sr-only">{t("hours.caption")}</caption>
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className="px-3 py-2.5 text-left text-xs font-semibold text-stone-600">
                      {t("hours.advisor")}
                    </th>
                    {WEEKDAYS.map((day) => (
                      <th key={day} scope="col" className="px-2 py-2.5 text-left text-xs font-semibold text-stone-600">
                        {tDays(day)}
                      </th>
                    ))}
                    <th scope="col" className="px-3 py-2.5">
                      <span className="sr-only">{t("hours.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {advisors.map((advisor) => (
                    <tr key={advisor.id} className="align-top hover:bg-stone-50">
                      <th scope="row" className="px-3 py-2.5 text-left font-normal">
                        <p className="font-medium text-stone-900">{advisor.displayName}</p>
                        <p className="text-xs text-stone-500">{advisor.username}</p>
                        {advisor.hours ? (
                          advisor.hoursUpdatedAt ? (
                            <p className="text-xs text-stone-500">
                              {t("hours.updatedAt", {
                                date: format.dateTime(advisor.hoursUpdatedAt, { dateStyle: "medium" }),
                              })}
                            </p>
                          ) : null
                        ) : (
                          <Badge tone="warning">{t("hours.notSet")}</Badge>
                        )}
                      </th>
                      {WEEKDAYS.map((day) => {
                        const ranges = advisor.hours?.[day] ?? [];
                        return (
                          <td key={day} className="px-2 py-2.5 text-xs whitespace-nowrap text-stone-800">
                            {ranges.length ? (
                              <ul>
                                {ranges.map((range) => (
                                  <li key={range.open}>
                                    {range.open}–{range.close}
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              <span className="text-stone-400">{t("hours.dayOff")}</span>
                            )}
                          </td>
                        );
                      })}
                      <td className="px-3 py-2.5 text-right">
                        <Link
                          href={`/appointments/setup/hours/${advisor.id}?store=${store.id}`}
                          className={buttonClasses("secondary", "sm")}
                          aria-label={t("hours.editLabel", { name: advisor.displayName })}
                        >
                          {advisor.hours ? t("hours.edit") : t("hours.set")}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </>
  );
}

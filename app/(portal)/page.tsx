import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/layout/empty-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { navigationFor } from "@/lib/navigation";
import { openingStatus } from "@/lib/stores/hours";
import { listStoresInScope } from "@/lib/stores/queries";
import Link from "next/link";
import { storeDisplayName } from "@/lib/stores/display";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const staff = await requirePermission("dashboard.read");
  const [t, tNav, tRoles, tDays, locale] = await Promise.all([
    getTranslations("dashboard"),
    getTranslations("nav"),
    getTranslations("roles"),
    getTranslations("weekdays"),
    getLocale(),
  ]);
  const stores = await listStoresInScope(getDb(), storeScopeOf(staff), { activeOnly: true });
  const now = new Date();
  const shortcuts = navigationFor(staff).filter((item) => item.href !== "/");

  return (
    <>
      <PageHeader
        title={t("greeting", { name: staff.displayName })}
        description={t("roles", { roles: staff.roles.map((r) => tRoles(r)).join(" / ") })}
      />
      <div className="grid gap-5 lg:grid-cols-3">
        <Card title={t("storesToday")} className="lg:col-span-2">
          {stores.length === 0 ? (
            <EmptyState title={t("noStores")} body={t("noStoresBody")} />
          ) : (
            <ul className="divide-y divide-stone-100">
              {stores.map((store) => {
                const status = openingStatus(store.businessHours, store.timeZone, now);
                return (
                  <li key={store.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                    <div>
                      <p className="text-sm font-medium text-stone-900">{storeDisplayName(store, locale)}</p>
                      <p className="text-xs text-stone-500">
                        {store.code} · {store.timeZone} · {tDays(status.weekday)} {status.time}
                      </p>
                    </div>
                    <div className="flex items-center gap-2 text-sm text-stone-700">
                      <span>
                        {status.today.length
                          ? status.today.map((r) => `${r.open}–${r.close}`).join(", ")
                          : t("closedToday")}
                      </span>
                      <Badge tone={status.open ? "success" : "neutral"}>
                        {status.open ? t("openNow") : t("closedNow")}
                      </Badge>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card title={t("shortcuts")}>
          <ul className="space-y-1">
            {shortcuts.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="block rounded-md px-2 py-2 text-sm text-amber-800 hover:bg-amber-50">
                  {tNav(item.labelKey)} →
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

import { useLocale, useTranslations } from "next-intl";
import { EmptyState } from "@/components/layout/empty-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { storeDisplayName } from "@/lib/stores/display";
import { openingStatus } from "@/lib/stores/hours";

export type StoreHoursStore = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  timeZone: string;
  businessHours: Parameters<typeof openingStatus>[0];
};

/** The viewer's stores with today's opening hours and whether each is open now, in its time zone. */
export function StoreHoursCard({ stores, now }: { stores: StoreHoursStore[]; now: Date }) {
  const t = useTranslations("dashboard");
  const tDays = useTranslations("weekdays");
  const locale = useLocale();
  return (
    <Card title={t("storesToday")}>
      {stores.length === 0 ? (
        <EmptyState title={t("noStores")} body={t("noStoresBody")} />
      ) : (
        <ul className="divide-y divide-stone-100" data-testid="home-store-hours">
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
  );
}

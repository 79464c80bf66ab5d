import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { DASHBOARD_PRESETS, type DashboardPreset } from "@/lib/reports/dashboard/schemas";
import { StoreCheckboxes } from "@/components/form/store-checkboxes";

type StoreOption = { id: string; code: string; name: string; nameEn: string | null };

/**
 * The dashboard's filters: presets as links, a date range and the stores in scope as a plain GET
 * form (it works without any script on the counter's tablet). No store ticked: every store in scope.
 */
export async function DashboardFilters({
  from,
  to,
  preset,
  stores,
  selectedStoreIds,
}: {
  from: string;
  to: string;
  preset: DashboardPreset | null;
  stores: StoreOption[];
  selectedStoreIds: string[];
}) {
  const t = await getTranslations("reportsDashboard.filters");
  const locale = await getLocale();
  const presetHref = (value: DashboardPreset) => {
    const query = new URLSearchParams({ preset: value });
    for (const id of selectedStoreIds) query.append("store", id);
    return `/reports?${query.toString()}`;
  };
  return (
    <div className="mb-5 space-y-3 rounded-lg bg-white p-4 ring-1 ring-stone-200">
      <nav aria-label={t("presets")} className="flex flex-wrap gap-2">
        {DASHBOARD_PRESETS.map((value) => (
          <Link
            key={value}
            href={presetHref(value)}
            aria-current={preset === value ? "true" : undefined}
            className={cn(buttonClasses(preset === value ? "primary" : "secondary"))}
          >
            {t(`preset.${value}`)}
          </Link>
        ))}
      </nav>
      <form method="get" action="/reports" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {t("from")}
          <Input type="date" name="from" defaultValue={from} required />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {t("to")}
          <Input type="date" name="to" defaultValue={to} required />
        </label>
        <StoreCheckboxes
          stores={stores}
          selected={selectedStoreIds}
          legend={t("stores")}
          hint={t("storesHint")}
          locale={locale}
        />
        <button type="submit" className={buttonClasses("primary")}>
          {t("apply")}
        </button>
      </form>
    </div>
  );
}

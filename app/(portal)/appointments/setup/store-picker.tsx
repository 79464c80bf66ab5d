"use client";

import { useTranslations } from "next-intl";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Select } from "@/components/ui/input";

/** Which store's setup the page shows, kept in the URL (?store=) so the view can be shared and reloaded. */
export function StorePicker({ stores, current }: { stores: { id: string; label: string }[]; current: string }) {
  const t = useTranslations("appointmentSetup");
  const { setParams, pending } = useUrlParams();
  if (stores.length < 2) {
    return (
      <p className="text-sm text-stone-700">
        <span className="text-stone-500">{t("store")}: </span>
        {stores[0]?.label}
      </p>
    );
  }
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
      {t("store")}
      <Select
        className="w-72"
        value={current}
        aria-busy={pending}
        // Another store's filters (advisor, page) mean nothing here: start clean.
        onChange={(e) => setParams({ store: e.target.value, advisor: null })}
      >
        {stores.map((store) => (
          <option key={store.id} value={store.id}>
            {store.label}
          </option>
        ))}
      </Select>
    </label>
  );
}

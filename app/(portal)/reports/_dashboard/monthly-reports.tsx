import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { SimpleTable } from "@/components/ui/simple-table";
import { LOCALES } from "@/lib/i18n/config";
import type { KeptMonthlyReport } from "@/lib/reports/monthly-report/service";
import { storeDisplayName } from "@/lib/stores/display";

type StoreOption = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };

/**
 * The monthly report PDF of a store: any month downloaded now (GET /reports/monthly.pdf, a plain
 * form), and the reports the monthly job kept on the first of each month (GET /reports/kept/{id}).
 */
export async function MonthlyReports({
  stores,
  defaultStoreId,
  defaultMonth,
  kept,
}: {
  stores: StoreOption[];
  defaultStoreId: string | undefined;
  /** The month before the current one: the month a manager looks back on. */
  defaultMonth: string;
  kept: KeptMonthlyReport[];
}) {
  const [t, tLanguage, locale, format] = await Promise.all([
    getTranslations("monthlyReport"),
    getTranslations("language"),
    getLocale(),
    getFormatter(),
  ]);
  if (stores.length === 0) return null;
  return (
    <Card title={t("download")}>
      <form method="get" action="/reports/monthly.pdf" className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-48 flex-col gap-1 text-xs font-medium text-stone-600">
          {t("downloadStore")}
          <Select name="store" defaultValue={defaultStoreId} required>
            {stores.map((store) => (
              <option key={store.id} value={store.id}>
                {store.code} {storeDisplayName(store, locale)}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {t("downloadMonth")}
          <Input type="month" name="month" defaultValue={defaultMonth} min="2000-01" max="2100-12" required />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
          {tLanguage("label")}
          <Select name="lang" defaultValue={locale}>
            {LOCALES.map((value) => (
              <option key={value} value={value}>
                {tLanguage(value)}
              </option>
            ))}
          </Select>
        </label>
        <button type="submit" className={buttonClasses("primary")}>
          {t("downloadButton")}
        </button>
      </form>
      <p className="mt-2 text-xs text-stone-500">{t("downloadHint")}</p>

      <h3 className="mt-5 mb-2 text-sm font-semibold text-stone-700">{t("keptTitle")}</h3>
      {kept.length === 0 ? (
        <p className="text-sm text-stone-500">{t("keptEmpty")}</p>
      ) : (
        <SimpleTable labels={[t("keptStore"), t("keptMonth"), tLanguage("label"), t("keptGenerated"), t("keptFile")]}>
          {kept.map((report) => (
            <tr key={report.id}>
              <td className="px-3 py-2 font-mono text-xs">{report.storeCode}</td>
              <td className="px-3 py-2 tabular-nums">{report.month}</td>
              <td className="px-3 py-2">{tLanguage(report.locale)}</td>
              <td className="px-3 py-2 text-stone-600 tabular-nums">
                {format.dateTime(report.generatedAt, { dateStyle: "medium", timeStyle: "short" })}
              </td>
              <td className="px-3 py-2">
                <a href={`/reports/kept/${report.id}`} className="text-amber-800 underline underline-offset-2">
                  {t("keptDownload")}
                </a>
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
    </Card>
  );
}

import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { priceListOverview } from "@/lib/after-sales/intake/price-list";
import { BENEFIT_SERVICES } from "@/lib/after-sales/intake/pricing";
import { SERVICE_TYPES } from "@/lib/after-sales/intake/schemas";
import { requirePermission } from "@/lib/auth/session";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { formatFen } from "@/lib/money";
import { formatIn } from "@/lib/time";
import { SettingVersionsTable, versionTableLabels } from "../../loyalty/setting-versions-table";
import { PriceListForm } from "./price-list-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesIntake");
  return { title: t("prices.title") };
}

/**
 * The after-sales price list (a versioned setting): the list price of each service, what a ticket
 * charges when neither the warranty nor the tier benefit makes it free. aftersales.prices (admins,
 * managers) sees and saves new versions, now or from a later moment; every save is audited.
 */
export default async function PriceListPage() {
  await requirePermission("aftersales.prices");
  const now = new Date();
  const [overview, t, format, locale] = await Promise.all([
    priceListOverview(getDb(), now),
    getTranslations("afterSalesIntake"),
    getFormatter(),
    getLocale(),
  ]);
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  const scheduled = overview.versions.filter((version) => version.status === "scheduled").reverse();
  const tVersions = (key: string) => t(`prices.versions.${key}`);

  return (
    <>
      <PageHeader title={t("prices.title")} description={t("prices.description")} />
      {scheduled.map((version) => (
        <Alert key={version.id} tone="info" className="mb-4">
          {t("prices.scheduledNotice", { when: when(version.effectiveFrom) })}
        </Alert>
      ))}
      <div className="space-y-5">
        <Card
          title={t("prices.inForce")}
          actions={overview.usingDefaults ? <Badge>{t("prices.defaults")}</Badge> : null}
        >
          <SimpleTable labels={[t("prices.service"), t("prices.listPrice"), t("prices.free")]}>
            {SERVICE_TYPES.map((type) => (
              <tr key={type}>
                <td className="px-3 py-2">{t(`serviceTypes.${type}`)}</td>
                <td className="px-3 py-2 tabular-nums">{formatFen(overview.inForce[type], locale)}</td>
                <td className="px-3 py-2 text-xs text-stone-600">
                  {BENEFIT_SERVICES.includes(type) ? t("prices.freeForTiers") : t("prices.freeUnderWarranty")}
                </td>
              </tr>
            ))}
          </SimpleTable>
          <p className="mt-3 text-xs text-stone-500">{t("prices.rule")}</p>
        </Card>

        <Card title={t("prices.newVersion")}>
          <PriceListForm
            defaults={{ effectiveFrom: "", prices: { ...overview.inForce } }}
            minEffective={formatIn(now, "yyyy-MM-dd'T'HH:mm", PROGRAMME_TIME_ZONE)}
          />
        </Card>

        <Card title={t("prices.history")}>
          {overview.versions.length === 0 ? (
            <p className="text-sm text-stone-600">{t("prices.historyEmpty")}</p>
          ) : (
            <SettingVersionsTable
              versions={overview.versions}
              labels={versionTableLabels(tVersions)}
              when={when}
              valueLabels={SERVICE_TYPES.map((type) => t(`serviceTypes.${type}`))}
              values={(version) => SERVICE_TYPES.map((type) => formatFen(version.prices[type], locale))}
            />
          )}
        </Card>
      </div>
    </>
  );
}

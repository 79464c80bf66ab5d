import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/auth/session";
import { listParams } from "@/lib/list-params";
import { PROGRAMME_TIME_ZONE, TIER_PROGRAMME } from "@/lib/loyalty/programme/rules";
import { listTierProgrammeVersions } from "@/lib/loyalty/tiers/programme";
import { programmeToForm } from "@/lib/loyalty/tiers/schemas";
import { formatFen } from "@/lib/money";
import { settingAt } from "@/lib/settings/versioned";
import { ProgrammeForm } from "./programme-form";
import { VersionsTable, type VersionRow } from "./versions-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyTiers");
  return { title: t("title") };
}

const versionsParamsSchema = z.object(listParams({ dir: "desc" }));

export default async function LoyaltyTiersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("loyalty.tiers.manage");
  const params = versionsParamsSchema.parse(await searchParams);
  const db = getDb();
  const now = new Date();
  const [inForce, versions, t, format, locale] = await Promise.all([
    settingAt(db, TIER_PROGRAMME, now),
    listTierProgrammeVersions(db, params, now),
    getTranslations("loyaltyTiers"),
    getFormatter(),
    getLocale(),
  ]);
  const { current: inForceRow, upcoming } = versions;
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  const rows: VersionRow[] = versions.rows.map((row) => ({
    id: row.id,
    effectiveFrom: row.effectiveFrom.toISOString(),
    setAt: row.setAt.toISOString(),
    setByName: row.setByName,
    status: row.status,
    thresholdsFen: row.programme?.tiers.map((tier) => tier.thresholdFen) ?? null,
    multipliers: row.programme?.tiers.map((tier) => tier.multiplier) ?? null,
  }));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {upcoming ? (
        <Alert tone="info" className="mb-4">
          {t("scheduledNotice", { date: when(upcoming.effectiveFrom) })}
        </Alert>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-5">
        <Card title={t("inForceTitle")} className="lg:col-span-2">
          <table className="min-w-full text-sm" data-testid="tiers-in-force">
            <thead>
              <tr className="text-left text-xs text-stone-500">
                <th className="py-1.5 pr-3 font-medium">{t("tier")}</th>
                <th className="py-1.5 pr-3 text-right font-medium">{t("threshold")}</th>
                <th className="py-1.5 pr-3 text-right font-medium">{t("multiplier")}</th>
                <th className="py-1.5 text-right font-medium">{t("parkingHours")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {inForce.tiers.map((tier) => (
                <tr key={tier.code}>
                  <td className="py-2 pr-3 font-medium text-stone-900">{t(`tiers.${tier.code}`)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {tier.thresholdFen === 0 ? "—" : t("fromAmount", { amount: formatFen(tier.thresholdFen, locale) })}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">×{tier.multiplier}</td>
                  <td className="py-2 text-right tabular-nums">{t("hours", { hours: tier.parkingHours })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-3 border-t border-stone-100 pt-3 text-xs text-stone-500">
            {inForceRow
              ? t("inForceSince", { date: when(inForceRow.effectiveFrom), name: inForceRow.setByName ?? t("system") })
              : t("inForceDefaults")}
          </p>
        </Card>
        <Card title={t("newVersionTitle")} className="lg:col-span-3">
          <ProgrammeForm defaults={programmeToForm(inForce)} />
        </Card>
      </div>
      <section className="mt-6 space-y-2">
        <h2 className="text-base font-semibold text-stone-900">{t("historyTitle")}</h2>
        <VersionsTable rows={rows} total={versions.total} page={params.page} pageSize={params.pageSize} />
      </section>
    </>
  );
}

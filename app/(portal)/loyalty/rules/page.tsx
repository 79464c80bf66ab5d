import { TZDate } from "@date-fns/tz";
import { format as formatDate } from "date-fns";
import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { earnRulesOverview, type EarnRulesVersionStatus } from "@/lib/loyalty/earn-rules/queries";
import { earnRulesToForm } from "@/lib/loyalty/earn-rules/schemas";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { EarnRulesForm } from "./earn-rules-form";
import { RulesSummary } from "./rules-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyRules");
  return { title: t("title") };
}

const STATUS_TONE: Record<EarnRulesVersionStatus, "success" | "info" | "neutral"> = {
  in_force: "success",
  scheduled: "info",
  superseded: "neutral",
};

export default async function EarnRulesPage() {
  const me = await requirePermission("loyalty.rules.manage");
  const db = getDb();
  const now = new Date();
  const [overview, stores, t, format, locale] = await Promise.all([
    earnRulesOverview(db, now),
    listStoresInScope(db, storeScopeOf(me)),
    getTranslations("loyaltyRules"),
    getFormatter(),
    getLocale(),
  ]);
  const storeLabels = Object.fromEntries(
    stores.map((store) => [store.id, `${store.code} ${storeDisplayName(store, locale)}`]),
  );
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  const local = new TZDate(now, PROGRAMME_TIME_ZONE);
  const scheduled = overview.versions.filter((version) => version.status === "scheduled").reverse();

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {scheduled.map((version) => (
        <Alert key={version.id} tone="info" className="mb-4">
          {t("scheduledNotice", { when: when(version.effectiveFrom) })}
        </Alert>
      ))}
      <div className="space-y-5">
        <Card title={t("inForceTitle")} actions={overview.usingDefaults ? <Badge>{t("defaults")}</Badge> : null}>
          {overview.usingDefaults ? <p className="mb-3 text-sm text-stone-600">{t("defaultsNotice")}</p> : null}
          <RulesSummary rules={overview.inForce} storeLabels={storeLabels} />
        </Card>

        <Card title={t("newVersionTitle")}>
          <p className="mb-4 text-sm text-stone-600">{t("newVersionHint")}</p>
          <EarnRulesForm
            defaults={earnRulesToForm(overview.inForce)}
            stores={stores.map((store) => ({
              id: store.id,
              code: store.code,
              name: storeDisplayName(store, locale),
              active: store.active,
            }))}
            today={formatDate(local, "yyyy-MM-dd")}
            minEffective={formatDate(local, "yyyy-MM-dd'T'HH:mm")}
          />
        </Card>

        <Card title={t("historyTitle")}>
          {overview.versions.length === 0 ? (
            <p className="text-sm text-stone-600">{t("historyEmpty")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-stone-200 text-sm">
                <thead className="bg-stone-50">
                  <tr>
                    {[
                      t("effectiveFrom"),
                      t("status"),
                      t("approvalThreshold"),
                      t("parkingPointsPerHour"),
                      t("cashOffsetPointsPerYuan"),
                      t("surveyPoints"),
                      t("referralPoints"),
                      t("campaigns"),
                      t("setBy"),
                    ].map((label) => (
                      <th
                        key={label}
                        scope="col"
                        className="px-3 py-2 text-left text-xs font-semibold whitespace-nowrap text-stone-600"
                      >
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {overview.versions.map((version) => (
                    <tr key={version.id} className={version.status === "in_force" ? "bg-emerald-50/40" : undefined}>
                      <td className="px-3 py-2 whitespace-nowrap">{when(version.effectiveFrom)}</td>
                      <td className="px-3 py-2">
                        <Badge tone={STATUS_TONE[version.status]}>{t(`statuses.${version.status}`)}</Badge>
                      </td>
                      <td className="px-3 py-2 tabular-nums">
                        {format.number(version.rules.adjustmentApprovalThreshold)}
                      </td>
                      <td className="px-3 py-2 tabular-nums">{format.number(version.rules.parkingPointsPerHour)}</td>
                      <td className="px-3 py-2 tabular-nums">{format.number(version.rules.cashOffsetPointsPerYuan)}</td>
                      <td className="px-3 py-2 tabular-nums">{format.number(version.rules.surveyPoints)}</td>
                      <td className="px-3 py-2 tabular-nums">{format.number(version.rules.referralPoints)}</td>
                      <td className="px-3 py-2">
                        {version.rules.campaigns.length === 0 ? (
                          <span className="text-stone-400">—</span>
                        ) : (
                          <div className="flex flex-wrap gap-1">
                            {version.rules.campaigns.map((campaign) => (
                              <span
                                key={campaign.code}
                                title={`${campaign.name} ${campaign.startsOn}–${campaign.endsOn}`}
                                className="font-mono text-xs"
                              >
                                {campaign.code}
                              </span>
                            ))}
                          </div>
                        )}
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        <p>{version.setBy ? version.setBy.displayName : t("system")}</p>
                        <p className="text-xs text-stone-500">{when(version.setAt)}</p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}

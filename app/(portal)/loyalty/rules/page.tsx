import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { earnRulesOverview } from "@/lib/loyalty/earn-rules/queries";
import { earnRulesToForm } from "@/lib/loyalty/earn-rules/schemas";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { formatIn, todayIn } from "@/lib/time";
import { SettingVersionsTable, versionTableLabels } from "../setting-versions-table";
import { EarnRulesForm } from "./earn-rules-form";
import { RulesSummary } from "./rules-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyRules");
  return { title: t("title") };
}

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
  const versionLabels = versionTableLabels(t);
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
            today={todayIn(PROGRAMME_TIME_ZONE, now)}
            minEffective={formatIn(now, "yyyy-MM-dd'T'HH:mm", PROGRAMME_TIME_ZONE)}
          />
        </Card>

        <Card title={t("historyTitle")}>
          {overview.versions.length === 0 ? (
            <p className="text-sm text-stone-600">{t("historyEmpty")}</p>
          ) : (
            <SettingVersionsTable
              versions={overview.versions}
              labels={versionLabels}
              when={when}
              valueLabels={[
                t("approvalThreshold"),
                t("parkingPointsPerHour"),
                t("cashOffsetPointsPerYuan"),
                t("surveyPoints"),
                t("referralPoints"),
                t("campaigns"),
              ]}
              values={({ rules }) => [
                format.number(rules.adjustmentApprovalThreshold),
                format.number(rules.parkingPointsPerHour),
                format.number(rules.cashOffsetPointsPerYuan),
                format.number(rules.surveyPoints),
                format.number(rules.referralPoints),
                rules.campaigns.length === 0 ? (
                  <span className="text-stone-400">—</span>
                ) : (
                  <div className="flex flex-wrap gap-1">
                    {rules.campaigns.map((campaign) => (
                      <span
                        key={campaign.code}
                        title={`${campaign.name} ${campaign.startsOn}–${campaign.endsOn}`}
                        className="font-mono text-xs"
                      >
                        {campaign.code}
                      </span>
                    ))}
                  </div>
                ),
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/auth/session";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { topUpBonusRuleOverview } from "@/lib/loyalty/stored-value/queries";
import type { TopUpBonusRule } from "@/lib/loyalty/stored-value/schemas";
import { fenToYuanInput, formatFen } from "@/lib/money";
import { formatIn } from "@/lib/time";
import { SettingVersionsTable, versionTableLabels } from "../../setting-versions-table";
import { BonusRuleForm } from "./bonus-rule-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("storedValue.bonusRule");
  return { title: t("title") };
}

/** The top-up bonus rule, set by those who set the earn rules (docs/domain.md#stored-value-cards). */
export default async function TopUpBonusRulePage() {
  await requirePermission("loyalty.rules.manage");
  const db = getDb();
  const now = new Date();
  const [overview, t, tCards, format, locale] = await Promise.all([
    topUpBonusRuleOverview(db, now),
    getTranslations("storedValue.bonusRule"),
    getTranslations("storedValue"),
    getFormatter(),
    getLocale(),
  ]);
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  const describe = (rule: TopUpBonusRule) =>
    rule.bonusPerStepFen > 0
      ? tCards("bonusRuleText", {
          step: formatFen(rule.stepFen, locale),
          bonus: formatFen(rule.bonusPerStepFen, locale),
        })
      : tCards("bonusRuleNone");
  const scheduled = overview.versions.filter((version) => version.status === "scheduled").reverse();

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/loyalty/cards" className={buttonClasses("secondary")}>
            {tCards("backToList")}
          </Link>
        }
      />
      {scheduled.map((version) => (
        <Alert key={version.id} tone="info" className="mb-4">
          {t("scheduledNotice", { when: when(version.effectiveFrom) })}
        </Alert>
      ))}
      <div className="space-y-5">
        <Card title={t("inForceTitle")} actions={overview.usingDefaults ? <Badge>{t("defaults")}</Badge> : null}>
          <p className="text-sm">{overview.usingDefaults ? t("defaultsNotice") : describe(overview.inForce)}</p>
        </Card>

        <Card title={t("newVersionTitle")}>
          <BonusRuleForm
            defaults={{
              effectiveFrom: "",
              stepYuan: fenToYuanInput(overview.inForce.stepFen),
              bonusPerStepYuan: fenToYuanInput(overview.inForce.bonusPerStepFen),
            }}
            minEffective={formatIn(now, "yyyy-MM-dd'T'HH:mm", PROGRAMME_TIME_ZONE)}
          />
        </Card>

        <Card title={t("historyTitle")}>
          {overview.versions.length === 0 ? (
            <p className="text-sm text-stone-600">{t("historyEmpty")}</p>
          ) : (
            <SettingVersionsTable
              versions={overview.versions}
              labels={versionTableLabels(t)}
              when={when}
              valueLabels={[t("rule")]}
              values={(version) => [describe(version.rule)]}
            />
          )}
        </Card>
      </div>
    </>
  );
}

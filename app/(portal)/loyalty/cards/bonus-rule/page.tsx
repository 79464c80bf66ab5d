import { TZDate } from "@date-fns/tz";
import { format as formatDate } from "date-fns";
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
import { topUpBonusRuleOverview, type TopUpBonusRuleVersion } from "@/lib/loyalty/stored-value/queries";
import type { TopUpBonusRule } from "@/lib/loyalty/stored-value/schemas";
import { fenToYuanInput, formatFen } from "@/lib/money";
import { BonusRuleForm } from "./bonus-rule-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("storedValue.bonusRule");
  return { title: t("title") };
}

const STATUS_TONE: Record<TopUpBonusRuleVersion["status"], "success" | "info" | "neutral"> = {
  in_force: "success",
  scheduled: "info",
  superseded: "neutral",
};

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
            minEffective={formatDate(new TZDate(now, PROGRAMME_TIME_ZONE), "yyyy-MM-dd'T'HH:mm")}
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
                    {[t("effectiveFrom"), t("status"), t("rule"), t("setBy")].map((label) => (
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
                      <td className="px-3 py-2">{describe(version.rule)}</td>
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

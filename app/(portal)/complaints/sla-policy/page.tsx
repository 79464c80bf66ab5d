import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { hasPermission } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { slaPolicyOverview } from "@/lib/complaints/sla/policy";
import { SLA_SEVERITIES, slaPolicyToForm, type SlaTargets } from "@/lib/complaints/sla/schemas";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { formatIn } from "@/lib/time";
import { SettingVersionsTable, versionTableLabels } from "../../loyalty/setting-versions-table";
import { SlaPolicyForm } from "./sla-policy-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintSla");
  return { title: t("title") };
}

/**
 * The complaints SLA policy (docs/domain.md#sla-clock): those who hold the complaints budget see it,
 * administrators (settings.manage) save new versions.
 */
export default async function SlaPolicyPage() {
  const account = await requirePermission("complaints.budget");
  const canSave = hasPermission(account, "settings.manage");
  const db = getDb();
  const now = new Date();
  const [overview, t, format] = await Promise.all([
    slaPolicyOverview(db, now),
    getTranslations("complaintSla"),
    getFormatter(),
  ]);
  const when = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  const describe = (targets: SlaTargets) =>
    t("targets", {
      firstResponse: format.number(targets.firstResponseMinutes),
      resolution: format.number(targets.resolutionMinutes),
    });
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
          {overview.usingDefaults ? <p className="mb-3 text-sm">{t("defaultsNotice")}</p> : null}
          <SimpleTable labels={[t("severity"), t("firstResponse"), t("resolution")]}>
            {SLA_SEVERITIES.map((severity) => (
              <tr key={severity}>
                <td className="px-3 py-2">{t(`severities.${severity}`)}</td>
                <td className="px-3 py-2 tabular-nums">
                  {format.number(overview.inForce[severity].firstResponseMinutes)}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {format.number(overview.inForce[severity].resolutionMinutes)}
                </td>
              </tr>
            ))}
          </SimpleTable>
        </Card>

        <Card title={t("newVersionTitle")}>
          {canSave ? (
            <SlaPolicyForm
              defaults={{ effectiveFrom: "", ...slaPolicyToForm(overview.inForce) }}
              minEffective={formatIn(now, "yyyy-MM-dd'T'HH:mm", PROGRAMME_TIME_ZONE)}
            />
          ) : (
            <p className="text-sm text-stone-600">{t("viewOnly")}</p>
          )}
        </Card>

        <Card title={t("historyTitle")}>
          {overview.versions.length === 0 ? (
            <p className="text-sm text-stone-600">{t("historyEmpty")}</p>
          ) : (
            <SettingVersionsTable
              versions={overview.versions}
              labels={versionTableLabels(t)}
              when={when}
              valueLabels={SLA_SEVERITIES.map((severity) => t(`severities.${severity}`))}
              values={(version) => SLA_SEVERITIES.map((severity) => describe(version.policy[severity]))}
            />
          )}
        </Card>
      </div>
    </>
  );
}

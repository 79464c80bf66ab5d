import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SimpleTable } from "@/components/ui/simple-table";
import type { EarnRules } from "@/lib/loyalty/programme/rules";
import { formatFen } from "@/lib/money";

/** One version of the earn rules, read-only: the numbers and the campaigns with their stores. */
export async function RulesSummary({ rules, storeLabels }: { rules: EarnRules; storeLabels: Record<string, string> }) {
  const [t, format, locale] = await Promise.all([getTranslations("loyaltyRules"), getFormatter(), getLocale()]);
  const numbers: [string, string][] = [
    [t("approvalThreshold"), t("pointsValue", { points: rules.adjustmentApprovalThreshold })],
    [t("parkingPointsPerHour"), t("pointsValue", { points: rules.parkingPointsPerHour })],
    [t("cashOffsetPointsPerYuan"), t("pointsValue", { points: rules.cashOffsetPointsPerYuan })],
    [t("surveyPoints"), t("pointsValue", { points: rules.surveyPoints })],
    [t("referralPoints"), t("pointsValue", { points: rules.referralPoints })],
  ];
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {numbers.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-3 border-b border-stone-100 py-1">
            <dt className="text-stone-500">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-stone-800">{t("campaigns")}</h3>
        {rules.campaigns.length === 0 ? (
          <p className="text-sm text-stone-500">{t("noCampaigns")}</p>
        ) : (
          <SimpleTable
            labels={[
              t("campaignCode"),
              t("campaignName"),
              t("campaignDates"),
              t("extraMultiplier"),
              t("minBase"),
              t("campaignStores"),
            ]}
          >
            {rules.campaigns.map((campaign) => (
              <tr key={campaign.code}>
                <td className="px-3 py-2 font-mono text-xs">{campaign.code}</td>
                <td className="px-3 py-2">{campaign.name}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {format.dateTimeRange(
                    new Date(`${campaign.startsOn}T00:00:00Z`),
                    new Date(`${campaign.endsOn}T00:00:00Z`),
                    { dateStyle: "medium", timeZone: "UTC" },
                  )}
                </td>
                <td className="px-3 py-2 tabular-nums">+{campaign.extraMultiplier}×</td>
                <td className="px-3 py-2 tabular-nums">{formatFen(campaign.minBaseFen, locale)}</td>
                <td className="px-3 py-2">
                  {campaign.storeIds.length === 0
                    ? t("allStores")
                    : format.list(campaign.storeIds.map((id) => storeLabels[id] ?? id))}
                </td>
              </tr>
            ))}
          </SimpleTable>
        )}
      </div>
    </div>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import { CategoryBarChart } from "@/components/charts/bar-chart";
import { FunnelChart } from "@/components/charts/funnel-chart";
import { TrendChart } from "@/components/charts/trend-chart";
import { Card } from "@/components/ui/card";
import type { DailySales, DashboardFigures } from "@/lib/reports/dashboard/queries";
import type { DashboardLinks } from "./links";

/**
 * The dashboard's charts: sales day by day against the period before, members per tier, and the
 * visits' funnel. The bars lead to the lists behind them (links.ts); every chart also reads as a
 * table for screen readers (components/charts).
 */
export async function DashboardCharts({
  figures,
  trend,
  links,
}: {
  figures: DashboardFigures;
  trend: DailySales;
  links: DashboardLinks;
}) {
  const [t, locale] = await Promise.all([getTranslations("reportsDashboard"), getLocale()]);
  const tierLabel = (tier: string) => (t.has(`tiers.${tier}`) ? t(`tiers.${tier}` as "tiers.normal") : tier);
  const { appointments } = figures;
  return (
    <div className="grid gap-5 lg:grid-cols-3">
      <Card className="lg:col-span-3">
        <TrendChart
          title={t("charts.dailySales")}
          description={t("charts.dailySalesNote")}
          data={{
            labels: trend.days.map((day) => day.slice(5)),
            series: [
              { label: t("charts.members"), values: trend.memberSalesFen },
              { label: t("charts.membersBefore"), values: trend.previousMemberSalesFen, previous: true },
              { label: t("charts.nonMembers"), values: trend.nonMemberSalesFen },
              { label: t("charts.nonMembersBefore"), values: trend.previousNonMemberSalesFen, previous: true },
            ],
            kind: "fen",
            locale,
          }}
        />
      </Card>
      <Card>
        <CategoryBarChart
          title={t("sections.tiers")}
          data={{
            labels: figures.members.byTier.map((row) => tierLabel(row.tier)),
            series: [{ label: t("charts.members"), values: figures.members.byTier.map((row) => row.members) }],
            kind: "count",
            locale,
          }}
          hrefs={figures.members.byTier.map((row) => links.membersOfTier(row.tier))}
          across
          height={200}
        />
      </Card>
      <Card className="lg:col-span-2">
        <FunnelChart
          title={t("charts.funnel")}
          description={t("notes.conversionRate")}
          label={t("charts.visits")}
          locale={locale}
          stages={[
            { label: t("figures.appointmentsBooked"), count: appointments.booked.current },
            { label: t("figures.appointmentsCompleted"), count: appointments.completed.current },
            { label: t("figures.appointmentsConverted"), count: appointments.converted.current },
          ]}
          hrefs={[links.appointments("booked"), links.appointments("completed"), links.appointments("completed")]}
        />
      </Card>
    </div>
  );
}

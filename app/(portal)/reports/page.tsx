import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { requirePermission } from "@/lib/auth/session";
import { formatFen } from "@/lib/money";
import {
  dashboardDailySales,
  dashboardFigures,
  dashboardStores,
  type Compared,
  type ComparedRatio,
} from "@/lib/reports/dashboard/queries";
import { parseDashboardParams } from "@/lib/reports/dashboard/schemas";
import { previousMonth } from "@/lib/reports/monthly-report/schemas";
import { listKeptMonthlyReports } from "@/lib/reports/monthly-report/service";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time";
import { FigureCard, FigureSection, type FigureCardProps } from "./_dashboard/figure-card";
import { AdvisorSalesTable } from "./_dashboard/advisor-sales-table";
import { DashboardCharts } from "./_dashboard/dashboard-charts";
import { DashboardFilters } from "./_dashboard/filters";
import { dashboardLinks } from "./_dashboard/links";
import { MonthlyReports } from "./_dashboard/monthly-reports";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reportsDashboard");
  return { title: t("title") };
}

/**
 * The manager dashboard (issue #17): figures for the stores in scope over a period of store-local
 * days, each beside the previous period of the same length. Bad URL values are reported and the page
 * shows this month instead (lib/reports/dashboard/schemas.ts).
 */
export default async function ReportsDashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("reports.read");
  const { filter, preset, errors } = parseDashboardParams(await searchParams, todayIn(DEFAULT_TIME_ZONE));
  const db = getDb();
  const [figures, trend, kept, stores, format, locale, t] = await Promise.all([
    dashboardFigures(db, me, { storeIds: filter.store, from: filter.from, to: filter.to }),
    dashboardDailySales(db, me, { storeIds: filter.store, from: filter.from, to: filter.to }),
    listKeptMonthlyReports(db, me, { storeIds: filter.store, limit: 24 }),
    dashboardStores(db, me),
    getFormatter(),
    getLocale(),
    getTranslations("reportsDashboard"),
  ]);

  const dash = "—";
  const count = (value: number) => format.number(value);
  const money = (fen: number | null) => (fen === null ? dash : formatFen(fen, locale));
  const percent = (value: number | null) =>
    value === null ? dash : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const previousLabel = t("previous");
  const links = dashboardLinks({ from: filter.from, to: filter.to, storeIds: figures.storeIds });
  /** A card that opens the list behind its figure. */
  const linked = (card: FigureCardProps, href: string): FigureCardProps => ({ ...card, href });

  /** A count or an amount: the difference and, when the previous value is not zero, the relative change. */
  const flow = (
    label: string,
    value: Compared,
    show: (n: number) => string,
    options: { higherIsBetter?: boolean; note?: string } = {},
  ): FigureCardProps => {
    const difference = value.current - value.previous;
    const sign = difference > 0 ? "+" : difference < 0 ? "−" : "±";
    const relative =
      value.previous === 0
        ? ""
        : ` (${sign}${format.number(Math.abs(difference) / Math.abs(value.previous), { style: "percent", maximumFractionDigits: 1 })})`;
    return {
      label,
      value: show(value.current),
      previous: { label: previousLabel, value: show(value.previous) },
      change: {
        text: `${sign}${show(Math.abs(difference))}${relative}`,
        direction: tone(difference, options.higherIsBetter ?? true),
      },
      note: options.note,
    };
  };
  /** A ratio: the difference in percentage points. */
  const share = (label: string, value: ComparedRatio, note?: string): FigureCardProps => {
    const difference = value.current !== null && value.previous !== null ? value.current - value.previous : null;
    return {
      label,
      value: percent(value.current),
      previous: { label: previousLabel, value: percent(value.previous) },
      change:
        difference === null
          ? undefined
          : {
              text: t("points", {
                points: `${difference > 0 ? "+" : difference < 0 ? "−" : "±"}${format.number(Math.abs(difference) * 100, { maximumFractionDigits: 1 })}`,
              }),
              direction: tone(difference, true),
            },
      note,
    };
  };
  const averageTicket = (label: string, value: ComparedRatio): FigureCardProps => {
    if (value.current === null || value.previous === null)
      return {
        label,
        value: money(value.current),
        previous: { label: previousLabel, value: money(value.previous) },
      };
    return flow(label, { current: value.current, previous: value.previous }, money);
  };
  const now = (label: string, value: string, note?: string): FigureCardProps => ({
    label,
    value,
    note: note ?? t("asOfNow"),
  });

  const { members, sales, points, appointments, service, complaints } = figures;
  /** A decimal figure (hours, a 1–5 score): the difference, without a relative change. */
  const decimal = (
    label: string,
    value: ComparedRatio,
    show: (n: number) => string,
    higherIsBetter: boolean,
    note?: string,
  ): FigureCardProps => {
    const difference = value.current !== null && value.previous !== null ? value.current - value.previous : null;
    return {
      label,
      value: value.current === null ? dash : show(value.current),
      previous: { label: previousLabel, value: value.previous === null ? dash : show(value.previous) },
      change:
        difference === null
          ? undefined
          : {
              text: `${difference > 0 ? "+" : difference < 0 ? "−" : "±"}${show(Math.abs(difference))}`,
              direction: tone(difference, higherIsBetter),
            },
      note,
    };
  };
  const hours = (n: number) => t("hours", { hours: format.number(n, { maximumFractionDigits: 1 }) });
  const score = (n: number) => format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sections: { title: string; cards: FigureCardProps[] }[] = [
    {
      title: t("sections.members"),
      cards: [
        flow(t("figures.membersTotal"), members.total, count, { note: t("notes.membersTotal") }),
        flow(t("figures.membersNew"), members.new, count),
        now(t("figures.membersActive"), count(members.active12m)),
        linked(now(t("figures.membersDormant"), count(members.dormant)), links.membersInStage("dormant")),
        linked(now(t("figures.membersLost"), count(members.lost)), links.membersInStage("lost")),
        flow(t("figures.tierUpgrades"), members.tierUpgrades, count),
        flow(t("figures.tierDowngrades"), members.tierDowngrades, count, { higherIsBetter: false }),
      ],
    },
    {
      title: t("sections.tiers"),
      cards: members.byTier.map(({ tier, members: holders }) =>
        linked(
          now(t.has(`tiers.${tier}`) ? t(`tiers.${tier}` as "tiers.normal") : tier, count(holders)),
          links.membersOfTier(tier),
        ),
      ),
    },
    {
      title: t("sections.sales"),
      cards: [
        flow(t("figures.memberSales"), sales.memberSalesFen, money),
        flow(t("figures.nonMemberSales"), sales.nonMemberSalesFen, money),
        share(t("figures.memberShare"), sales.memberShare),
        flow(t("figures.refunds"), sales.refundsFen, money, {
          higherIsBetter: false,
          note: t("notes.refunds", { count: sales.refunds.current }),
        }),
        flow(t("figures.memberPurchases"), sales.memberPurchases, count),
        flow(t("figures.nonMemberPurchases"), sales.nonMemberPurchases, count),
        averageTicket(t("figures.memberAverageTicket"), sales.memberAverageTicketFen),
        averageTicket(t("figures.nonMemberAverageTicket"), sales.nonMemberAverageTicketFen),
        share(
          t("figures.repeatRate"),
          sales.repeatPurchaseRate,
          t("notes.repeatRate", { repeat: sales.repeatMembers.current, buyers: sales.buyingMembers.current }),
        ),
      ],
    },
    {
      title: t("sections.loyalty"),
      cards: [
        flow(t("figures.pointsIssued"), points.issued, count),
        flow(t("figures.pointsRedeemed"), points.redeemed, count),
        flow(t("figures.pointsExpired"), points.expired, count, { higherIsBetter: false }),
        now(
          t("figures.pointsOutstanding"),
          points.outstanding === null ? dash : count(points.outstanding),
          points.outstandingValueFen === null
            ? t("asOfNow")
            : t("notes.pointsOutstanding", { value: money(points.outstandingValueFen) }),
        ),
        now(t("figures.storedValueLiability"), money(figures.storedValueLiabilityFen)),
      ],
    },
    {
      title: t("sections.appointments"),
      cards: [
        linked(flow(t("figures.appointmentsBooked"), appointments.booked, count), links.appointments("booked")),
        linked(
          flow(t("figures.appointmentsCompleted"), appointments.completed, count),
          links.appointments("completed"),
        ),
        linked(
          flow(t("figures.appointmentsNoShow"), appointments.noShow, count, { higherIsBetter: false }),
          links.appointments("no_show"),
        ),
        linked(
          flow(t("figures.appointmentsConverted"), appointments.converted, count),
          links.appointments("completed"),
        ),
        share(t("figures.conversionRate"), appointments.conversionRate, t("notes.conversionRate")),
      ],
    },
  ];
  if (service)
    sections.push({
      title: t("sections.service"),
      cards: [
        flow(t("figures.ticketsReceived"), service.received, count),
        flow(t("figures.ticketsCompleted"), service.completed, count),
        decimal(t("figures.turnaround"), service.turnaroundMedianHours, hours, false),
        share(t("figures.onTimeRate"), service.onTimeRate),
        decimal(
          t("figures.serviceSatisfaction"),
          service.satisfactionAverage,
          score,
          true,
          t("notes.answers", { count: service.satisfactionAnswers.current }),
        ),
      ],
    });
  if (complaints)
    sections.push({
      title: t("sections.complaints"),
      cards: [
        flow(t("figures.complaintsReceived"), complaints.received, count, { higherIsBetter: false }),
        flow(t("figures.complaintsResolved"), complaints.resolved, count),
        share(t("figures.slaMet"), complaints.resolutionSlaMetRate, t("notes.slaMet")),
        decimal(
          t("figures.csat"),
          complaints.csatAverage,
          score,
          true,
          t("notes.answers", { count: complaints.csatAnswers.current }),
        ),
      ],
    });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", {
          from: figures.period.from,
          to: figures.period.to,
          previousFrom: figures.previousPeriod.from,
          previousTo: figures.previousPeriod.to,
          stores: figures.storeIds.length,
        })}
        actions={
          <a
            href={`/reports/export.csv?${new URLSearchParams([
              ["from", figures.period.from],
              ["to", figures.period.to],
              ...(figures.storeIds.length < stores.length ? figures.storeIds.map((id) => ["store", id]) : []),
            ]).toString()}`}
            className={buttonClasses("secondary")}
          >
            {t("csv.download")}
          </a>
        }
      />
      {errors.length > 0 ? (
        <Alert tone="error" className="mb-4">
          <p>{t("errors.intro")}</p>
          <ul className="list-inside list-disc">
            {errors.map((key) => (
              <li key={key}>{t.has(`errors.${key}`) ? t(`errors.${key}` as "errors.dateInvalid") : key}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <DashboardFilters
        from={filter.from}
        to={filter.to}
        preset={preset}
        stores={stores}
        selectedStoreIds={figures.storeIds.length < stores.length ? figures.storeIds : []}
      />
      <div className="space-y-6">
        <DashboardCharts figures={figures} trend={trend} links={links} />
        {sections.map((section) => (
          <FigureSection key={section.title} title={section.title}>
            {section.cards.map((card) => (
              <FigureCard key={card.label} {...card} />
            ))}
          </FigureSection>
        ))}
        <AdvisorSalesTable
          title={t("sections.advisors")}
          empty={t("advisors.empty")}
          labels={[
            t("advisors.advisor"),
            t("advisors.visits"),
            t("advisors.purchases"),
            t("advisors.amount"),
            t("advisors.previousAmount"),
          ]}
          rows={figures.advisors.map((row) => ({
            key: row.advisorId,
            name: row.advisorName,
            visits: `${count(row.visitsCompleted.current)} (${count(row.visitsCompleted.previous)})`,
            purchases: `${count(row.purchasesLinked.current)} (${count(row.purchasesLinked.previous)})`,
            amount: money(row.amountFen.current),
            previousAmount: money(row.amountFen.previous),
          }))}
          note={t("advisors.note")}
        />
        <MonthlyReports
          stores={stores}
          defaultStoreId={figures.storeIds[0]}
          defaultMonth={previousMonth(todayIn(DEFAULT_TIME_ZONE).slice(0, 7))}
          kept={kept}
        />
        <p className="text-xs text-stone-500">{t("notes.freshness")}</p>
      </div>
    </>
  );
}

function tone(difference: number, higherIsBetter: boolean): "up" | "down" | "flat" {
  if (difference === 0) return "flat";
  return difference > 0 === higherIsBetter ? "up" : "down";
}

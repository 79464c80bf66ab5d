import { createTranslator, type AbstractIntlMessages } from "next-intl";
import type { Locale } from "@/lib/i18n/config";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";

// The words of the monthly report PDF, in one language: pdf.tsx holds no text of its own. The
// figures are named as on the dashboard (`reportsDashboard`), the document's own words are in
// `monthlyReport`.

const CATALOGUES: Record<Locale, AbstractIntlMessages> = { "zh-CN": zhCN, en };

type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

export type MonthlyReportLabels = {
  documentTitle: (store: string, month: string) => string;
  title: string;
  period: (values: { month: string; previousMonth: string }) => string;
  columns: { figure: string; current: string; previous: string; change: string };
  now: string;
  sections: Record<
    "members" | "sales" | "loyalty" | "appointments" | "tiers" | "advisors" | "salesChart" | "funnel",
    string
  >;
  figure: (key: string) => string;
  tier: (code: string) => string;
  advisor: { name: string; visits: string; purchases: string; amount: string; empty: string };
  memberSeries: string;
  nonMemberSeries: string;
  generatedAt: (at: string) => string;
  page: (page: number, pages: number) => string;
};

export function loadMonthlyReportLabels(locale: Locale): MonthlyReportLabels {
  const messages = CATALOGUES[locale];
  const t = createTranslator({ locale, messages, namespace: "monthlyReport" }) as unknown as Translate;
  const d = createTranslator({ locale, messages, namespace: "reportsDashboard" }) as unknown as Translate;
  return {
    documentTitle: (store, month) => t("documentTitle", { store, month }),
    title: t("title"),
    period: (values) => t("period", values),
    columns: {
      figure: t("columns.figure"),
      current: t("columns.current"),
      previous: t("columns.previous"),
      change: t("columns.change"),
    },
    now: t("now"),
    sections: {
      members: d("sections.members"),
      sales: d("sections.sales"),
      loyalty: d("sections.loyalty"),
      appointments: d("sections.appointments"),
      tiers: d("sections.tiers"),
      advisors: d("sections.advisors"),
      salesChart: t("salesChart"),
      funnel: t("funnel"),
    },
    figure: (key) => d(`figures.${key}`),
    tier: (code) => (d.has(`tiers.${code}`) ? d(`tiers.${code}`) : code),
    advisor: {
      name: d("advisors.advisor"),
      visits: t("advisorVisits"),
      purchases: t("advisorPurchases"),
      amount: d("advisors.amount"),
      empty: d("advisors.empty"),
    },
    memberSeries: t("memberSeries"),
    nonMemberSeries: t("nonMemberSeries"),
    generatedAt: (at) => t("generatedAt", { at }),
    page: (page, pages) => t("page", { page, pages }),
  };
}

import type { PointsEntryKind } from "../points/service";
import { TIER_CODES } from "../programme/rules";
import { CARD_STATUSES, type CardStatus } from "../stored-value/schemas";

// The words on a member statement, in the staff member's language: the PDF document (pdf.tsx)
// takes every label from here, so it holds no text of its own.

export type MemberStatementLabels = {
  documentTitle: string;
  title: string;
  period: (from: string, to: string) => string;
  generatedAt: (at: string) => string;
  memberSection: string;
  memberName: string;
  memberCards: string;
  tier: string;
  homeStore: string;
  none: string;
  pointsSection: string;
  openingBalance: string;
  closingBalance: string;
  expiringSoon: (until: string) => string;
  expiringOn: (date: string, points: string) => string;
  noExpiring: string;
  date: string;
  description: string;
  store: string;
  points: string;
  balance: string;
  noPointsEntries: string;
  purchasesSection: string;
  receiptNo: string;
  type: string;
  amount: string;
  pointsEarned: string;
  noPurchases: string;
  cardsSection: string;
  cardNo: string;
  status: string;
  principal: string;
  bonus: string;
  cardBalance: string;
  noCards: string;
  footer: string;
  page: (page: number, total: number) => string;
  entryKinds: Record<PointsEntryKind, string>;
  transactionKinds: Record<"purchase" | "refund", string>;
  cardStatuses: Record<CardStatus, string>;
  /** Tier names as printed: both languages ("金卡 Gold"), the member's own words for it. */
  tiers: Record<string, string>;
};

type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The labels from a translator for the `memberStatement` namespace, with tier names in both
 * languages (`tierNames.zh` from zh-CN's members.tiers, `tierNames.en` from en's).
 */
export function statementLabels(
  t: Translate,
  tierNames: { zh: Translate; en: Translate },
  locale: string,
): MemberStatementLabels {
  const bilingualTier = (code: string) => {
    const zh = tierNames.zh(code);
    const en = tierNames.en(code);
    return locale === "en" ? `${en} ${zh}` : `${zh} ${en}`;
  };
  return {
    documentTitle: t("documentTitle"),
    title: t("title"),
    period: (from, to) => t("period", { from, to }),
    generatedAt: (at) => t("generatedAt", { at }),
    memberSection: t("memberSection"),
    memberName: t("memberName"),
    memberCards: t("memberCards"),
    tier: t("tier"),
    homeStore: t("homeStore"),
    none: t("none"),
    pointsSection: t("pointsSection"),
    openingBalance: t("openingBalance"),
    closingBalance: t("closingBalance"),
    expiringSoon: (until) => t("expiringSoon", { until }),
    expiringOn: (date, points) => t("expiringOn", { date, points }),
    noExpiring: t("noExpiring"),
    date: t("date"),
    description: t("description"),
    store: t("store"),
    points: t("points"),
    balance: t("balance"),
    noPointsEntries: t("noPointsEntries"),
    purchasesSection: t("purchasesSection"),
    receiptNo: t("receiptNo"),
    type: t("type"),
    amount: t("amount"),
    pointsEarned: t("pointsEarned"),
    noPurchases: t("noPurchases"),
    cardsSection: t("cardsSection"),
    cardNo: t("cardNo"),
    status: t("status"),
    principal: t("principal"),
    bonus: t("bonus"),
    cardBalance: t("cardBalance"),
    noCards: t("noCards"),
    footer: t("footer"),
    page: (page, total) => t("page", { page, total }),
    // Written out: the labels type makes a kind the enum gains a compile error here.
    entryKinds: {
      earn: t("entryKinds.earn"),
      bonus: t("entryKinds.bonus"),
      activity: t("entryKinds.activity"),
      adjustment: t("entryKinds.adjustment"),
      spend: t("entryKinds.spend"),
      reversal: t("entryKinds.reversal"),
      return: t("entryKinds.return"),
      expiry: t("entryKinds.expiry"),
    },
    transactionKinds: { purchase: t("transactionKinds.purchase"), refund: t("transactionKinds.refund") },
    cardStatuses: Object.fromEntries(CARD_STATUSES.map((status) => [status, t(`cardStatuses.${status}`)])) as Record<
      CardStatus,
      string
    >,
    tiers: Object.fromEntries(TIER_CODES.map((code) => [code, bilingualTier(code)])),
  };
}

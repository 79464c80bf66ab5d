import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getCardHolder, topUpBonusRuleAt } from "@/lib/loyalty/stored-value/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { IssueCardForm } from "./issue-card-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("storedValue");
  return { title: t("issueTitle") };
}

export default async function IssueCardPage({
  searchParams,
}: {
  searchParams: Promise<{ member?: string | string[] }>;
}) {
  const me = await requirePermission("loyalty.cards.manage");
  const { member } = await searchParams;
  const db = getDb();
  const [stores, holder, bonusRule, t, locale] = await Promise.all([
    listStoresInScope(db, storeScopeOf(me), { activeOnly: true }),
    typeof member === "string" ? getCardHolder(db, me, member) : null,
    topUpBonusRuleAt(db),
    getTranslations("storedValue"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("issueTitle")} description={t("issueDescription")} />
      <div className="max-w-3xl">
        <IssueCardForm
          stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
          holder={holder}
          bonusRule={bonusRule}
        />
      </div>
    </>
  );
}

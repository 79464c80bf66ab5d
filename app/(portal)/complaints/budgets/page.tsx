import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listStoreBudgets } from "@/lib/complaints/resolution/queries";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { BudgetEditButton } from "./budget-dialog";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintResolution");
  return { title: t("budgetsTitle") };
}

/**
 * The goodwill budget of each store in scope for this month and next (store-local): the budget,
 * what is approved, what waits and what remains. No budget counts as 0: nothing can be approved.
 * docs/domain.md#compensation-and-budget
 */
export default async function ComplaintBudgetsPage() {
  const me = await requirePermission("complaints.budget");
  const [t, locale, stores] = await Promise.all([
    getTranslations("complaintResolution"),
    getLocale(),
    listStoreBudgets(getDb(), storeScopeOf(me)),
  ]);
  // A budget month (yyyy-MM-01) as "December 2026": the calendar date in UTC so that no zone moves it.
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(
      new Date(`${month}T00:00:00Z`),
    );

  return (
    <>
      <PageHeader title={t("budgetsTitle")} description={t("budgetsDescription")} />
      {stores.length === 0 ? <p className="text-sm text-stone-500">{t("noStores")}</p> : null}
      <div className="space-y-4">
        {stores.map(({ store, months }) => (
          <Card
            key={store.id}
            title={
              <>
                <span className="mr-2 font-mono text-xs text-stone-500">{store.code}</span>
                {storeDisplayName(store, locale)}
              </>
            }
          >
            <SimpleTable labels={[t("month"), t("budget"), t("approvedSpend"), t("pendingTotal"), t("remaining"), ""]}>
              {months.map((m) => (
                <tr key={m.month}>
                  <td className="px-3 py-2 whitespace-nowrap">{monthLabel(m.month)}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {m.budgetFen === null ? (
                      <span className="text-red-700">{t("noBudgetShort")}</span>
                    ) : (
                      formatFen(m.budgetFen, locale)
                    )}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{formatFen(m.approvedFen, locale)}</td>
                  <td className="px-3 py-2 tabular-nums">{formatFen(m.pendingFen, locale)}</td>
                  <td className="px-3 py-2 font-medium tabular-nums">{formatFen(m.remainingFen, locale)}</td>
                  <td className="px-3 py-2 text-right">
                    <BudgetEditButton
                      storeId={store.id}
                      storeName={storeDisplayName(store, locale)}
                      month={m.month}
                      monthLabel={monthLabel(m.month)}
                      budgetFen={m.budgetFen}
                      approvedFen={m.approvedFen}
                    />
                  </td>
                </tr>
              ))}
            </SimpleTable>
          </Card>
        ))}
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { cn } from "@/components/ui/cn";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import {
  countPendingBonusRequests,
  listPendingBonusRequests,
  pendingBonusRequestsParamsSchema,
} from "@/lib/loyalty/stored-value/bonus-requests";
import {
  approvalViewSchema,
  countPendingAdjustments,
  decidedAdjustmentsParamsSchema,
  listDecidedAdjustments,
  listPendingAdjustments,
  pendingAdjustmentsParamsSchema,
  type ApprovalView,
} from "@/lib/loyalty/adjustments/queries";
import { DecidedAdjustmentsTable, PendingAdjustmentsTable } from "./approvals-table";
import { PendingBonusRequestsTable } from "./bonus-requests-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyApprovals");
  return { title: t("title") };
}

/**
 * Manual points adjustments over the threshold (per requester, member and day), and extra
 * stored-value bonuses beyond the top-up bonus rule, wait here for a manager other than the one who
 * asked. Each queue has its own tab (its own paging and sort in the URL).
 */
export default async function LoyaltyApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("loyalty.adjust.approve");
  const raw = await searchParams;
  // The bonus queue is this page's own view; the adjustments' views come from their queries.
  const view: ApprovalView | "bonus" = raw.view === "bonus" ? "bonus" : approvalViewSchema.parse(raw.view);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [t, pendingCount, bonusCount] = await Promise.all([
    getTranslations("loyaltyApprovals"),
    countPendingAdjustments(db, scope),
    countPendingBonusRequests(db, scope),
  ]);

  let table;
  if (view === "pending") {
    const params = pendingAdjustmentsParamsSchema.parse(raw);
    const { rows, total } = await listPendingAdjustments(db, scope, params);
    table = <PendingAdjustmentsTable rows={rows} total={total} params={params} viewerId={me.id} />;
  } else if (view === "bonus") {
    const params = pendingBonusRequestsParamsSchema.parse(raw);
    const { rows, total } = await listPendingBonusRequests(db, scope, params);
    table = (
      <>
        <p className="mb-3 text-sm text-stone-600">{t("bonusDescription")}</p>
        <PendingBonusRequestsTable rows={rows} total={total} params={params} viewerId={me.id} />
      </>
    );
  } else {
    const params = decidedAdjustmentsParamsSchema.parse(raw);
    const { rows, total } = await listDecidedAdjustments(db, scope, params);
    table = <DecidedAdjustmentsTable rows={rows} total={total} params={params} />;
  }

  const tabs: { view: ApprovalView | "bonus"; label: string }[] = [
    { view: "pending", label: t("tabPending", { count: pendingCount }) },
    { view: "bonus", label: t("tabBonus", { count: bonusCount }) },
    { view: "decided", label: t("tabDecided") },
  ];

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <nav className="mb-4 flex gap-1 border-b border-stone-200" aria-label={t("views")}>
        {tabs.map((tab) => (
          <Link
            key={tab.view}
            href={tab.view === "pending" ? "/loyalty/approvals" : `/loyalty/approvals?view=${tab.view}`}
            aria-current={view === tab.view ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              view === tab.view
                ? "border-amber-700 text-amber-800"
                : "border-transparent text-stone-600 hover:text-stone-900",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {table}
    </>
  );
}

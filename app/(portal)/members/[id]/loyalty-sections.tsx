import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { MemberLedgerPage, MemberPurchasesPage, SpendSummary as Spend } from "@/lib/loyalty/member-360/queries";
import { formatFen } from "@/lib/money";

/** Purchases, the points ledger and the 12-month spend summary on the 360° view (server components). */

/** Newer and older pages of a newest-first list on the 360° view; `hrefFor` keeps the page's other parameters. */
export async function OlderNewerPager({
  page,
  hasOlder,
  hrefFor,
}: {
  page: number;
  hasOlder: boolean;
  hrefFor: (page: number) => string;
}) {
  if (page <= 1 && !hasOlder) return null;
  const tMembers = await getTranslations("members");
  const link = "text-sm font-medium text-amber-800 hover:underline";
  return (
    <nav className="flex items-center justify-between gap-2 pt-2 text-sm text-stone-500" aria-label={tMembers("pages")}>
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} scroll={false} className={link}>
          {tMembers("newer")}
        </Link>
      ) : (
        <span />
      )}
      {hasOlder ? (
        <Link href={hrefFor(page + 1)} scroll={false} className={link}>
          {tMembers("older")}
        </Link>
      ) : null}
    </nav>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

export async function SpendSummary({ spend, timeZone }: { spend: Spend; timeZone: string }) {
  const [t, format, locale] = await Promise.all([getTranslations("memberLoyalty"), getFormatter(), getLocale()]);
  if (!spend.lastPurchaseAt) return <Empty>{t("noPurchases")}</Empty>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="spend-summary">
      <dt className="text-stone-500">{t("spend12m")}</dt>
      <dd className="font-medium tabular-nums">{formatFen(spend.spend12mFen, locale)}</dd>
      <dt className="text-stone-500">{t("visits12m")}</dt>
      <dd className="tabular-nums">{format.number(spend.visits12m)}</dd>
      <dt className="text-stone-500">{t("averageTicket")}</dt>
      <dd className="tabular-nums">{formatFen(spend.averageTicketFen, locale)}</dd>
      <dt className="text-stone-500">{t("lastPurchase")}</dt>
      <dd>{format.dateTime(spend.lastPurchaseAt, { dateStyle: "medium", timeZone })}</dd>
      <dt className="text-stone-500">{t("favouriteCategories")}</dt>
      <dd className="flex flex-wrap gap-1">
        {spend.favouriteCategories.length ? spend.favouriteCategories.map((c) => <Badge key={c}>{c}</Badge>) : "—"}
      </dd>
    </dl>
  );
}

export async function PurchaseTimeline({
  purchases: { rows: purchases },
  timeZone,
  pager,
}: {
  purchases: MemberPurchasesPage;
  timeZone: string;
  pager: ReactNode;
}) {
  const [t, format, locale] = await Promise.all([getTranslations("memberLoyalty"), getFormatter(), getLocale()]);
  if (purchases.length === 0) return <Empty>{t("noPurchases")}</Empty>;
  return (
    <>
      <ol className="divide-y divide-stone-100 text-sm" data-testid="purchase-timeline">
        {purchases.map((p) => (
          <li key={p.id} className="flex items-start justify-between gap-3 py-2">
            <div className="min-w-0">
              <p className="truncate">
                {p.kind === "refund" ? (
                  <span className="mr-1">
                    <Badge tone="warning">{t("refund")}</Badge>
                  </span>
                ) : null}
                {p.items || p.externalId}
              </p>
              <p className="text-xs text-stone-500">
                {format.dateTime(p.occurredAt, { dateStyle: "medium", timeStyle: "short", timeZone })} ·{" "}
                {locale === "en" && p.storeNameEn ? p.storeNameEn : p.storeName} · {p.externalId}
              </p>
            </div>
            <div className="shrink-0 text-right">
              <p className={`font-medium tabular-nums ${p.totalPaidFen < 0 ? "text-red-700" : ""}`}>
                {formatFen(p.totalPaidFen, locale)}
              </p>
              {p.points !== 0 ? (
                <p className="text-xs tabular-nums text-stone-500">{t("pointsDelta", { points: p.points })}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {pager}
    </>
  );
}

export async function PointsLedgerList({
  ledger: { rows: ledger },
  timeZone,
  pager,
}: {
  ledger: MemberLedgerPage;
  timeZone: string;
  pager: ReactNode;
}) {
  const [t, format] = await Promise.all([getTranslations("memberLoyalty"), getFormatter()]);
  if (ledger.length === 0) return <Empty>{t("noPointsEntries")}</Empty>;
  return (
    <>
      <ol className="divide-y divide-stone-100 text-sm" data-testid="points-ledger">
        {ledger.map((entry) => (
          <li key={entry.id} className="flex items-center justify-between gap-3 py-1.5">
            <div className="min-w-0">
              <p>{t(`entryKinds.${entry.kind}`)}</p>
              <p className="truncate text-xs text-stone-500">
                {format.dateTime(entry.occurredAt, { dateStyle: "medium", timeStyle: "short", timeZone })}
                {entry.reason && entry.kind === "adjustment" ? ` · ${entry.reason}` : ""}
              </p>
            </div>
            <span
              className={`shrink-0 font-medium tabular-nums ${entry.points < 0 ? "text-red-700" : "text-emerald-700"}`}
            >
              {entry.points > 0 ? "+" : ""}
              {format.number(entry.points)}
            </span>
          </li>
        ))}
      </ol>
      {pager}
    </>
  );
}

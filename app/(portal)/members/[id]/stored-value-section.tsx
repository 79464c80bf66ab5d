import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import type { MemberStoredValueSummary } from "@/lib/loyalty/stored-value/queries";
import { formatFen } from "@/lib/money";
import { CardStatusBadge } from "../../loyalty/cards/card-status-badge";

/**
 * What the 360° view passes: the summary from memberStoredValueSummary(db, storeScopeOf(me), memberId)
 * (cards of the reader's stores only) and whether the reader may open and manage cards
 * (can(me, "loyalty.cards.manage")).
 */
export interface StoredValueSectionProps {
  memberId: string;
  summary: MemberStoredValueSummary;
  /** Links to the card pages and "issue a card"; without it the section is read-only. */
  canManage: boolean;
}

/** The member's stored-value cards and balances on the 360° view (a server component; place it inside a Card). */
export async function StoredValueSection({ memberId, summary, canManage }: StoredValueSectionProps) {
  const [t, locale] = await Promise.all([getTranslations("storedValue"), getLocale()]);
  return (
    <div className="space-y-3" data-testid="member-stored-value">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <p className="text-xs text-stone-500">{t("memberTotal")}</p>
          <p className="text-2xl font-semibold text-stone-900 tabular-nums">{formatFen(summary.totalFen, locale)}</p>
        </div>
        {canManage ? (
          <Link href={`/loyalty/cards/new?member=${memberId}`} className={buttonClasses("secondary", "sm")}>
            {t("issue")}
          </Link>
        ) : null}
      </div>
      {summary.cards.length === 0 ? (
        <p className="py-2 text-sm text-stone-500">{t("memberNoCards")}</p>
      ) : (
        <ul className="divide-y divide-stone-100">
          {summary.cards.map((card) => (
            <li key={card.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm">
              <span className="flex items-center gap-2">
                {canManage ? (
                  <Link href={`/loyalty/cards/${card.id}`} className="font-mono text-amber-800 hover:underline">
                    {card.cardNo}
                  </Link>
                ) : (
                  <span className="font-mono">{card.cardNo}</span>
                )}
                <CardStatusBadge status={card.status} label={t(`statuses.${card.status}`)} />
              </span>
              <span className="text-right">
                <span className="font-medium tabular-nums">{formatFen(card.balanceFen, locale)}</span>
                <span className="block text-xs text-stone-500">
                  {t("principalAndBonus", {
                    principal: formatFen(card.principalFen, locale),
                    bonus: formatFen(card.bonusFen, locale),
                  })}{" "}
                  · <span className="font-mono">{card.store.code}</span>
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {canManage && summary.cards.length > 0 ? (
        <Link href={`/loyalty/cards?member=${memberId}`} className="text-sm text-amber-800 hover:underline">
          {t("memberAllCards")}
        </Link>
      ) : null}
    </div>
  );
}

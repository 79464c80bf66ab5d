import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { TierProgress } from "@/lib/loyalty/tiers/queries";
import { formatFen } from "@/lib/money";
import { GrantTierDialog } from "./grant-tier-dialog";

type TierPanelProps = {
  memberId: string;
  /** From tierProgress(db, memberId, now): dates in it are local dates of the member's home store. */
  progress: TierProgress;
  /** The staff member holds loyalty.tiers.grant (and the member is not erased). */
  canGrant: boolean;
};

/**
 * The 360° view's tier section: the tier, the rolling 12-month spend, "¥X more to reach Gold",
 * "¥Y more by <date> to keep Gold", a grant in force, and for managers the grant form (in a dialog).
 * A server component: its words never travel to the browser.
 */
export function TierPanel({ memberId, progress, canGrant }: TierPanelProps) {
  const t = useTranslations("loyaltyTiers");
  const format = useFormatter();
  const locale = useLocale();
  const tierName = (code: string) => (t.has(`tiers.${code}`) ? t(`tiers.${code}`) : code);
  // Local dates of the home store, shown as calendar dates (no further time-zone shift).
  const day = (value: string) =>
    format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const money = (fen: number) => formatFen(fen, locale);

  return (
    <div className="space-y-3 text-sm" data-testid="tier-panel">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-stone-500">{t("tier")}</dt>
        <dd className="font-medium text-stone-900">{tierName(progress.tier)}</dd>
        <dt className="text-stone-500">{t("rollingSpend")}</dt>
        <dd className="tabular-nums">{money(progress.spendFen)}</dd>
      </dl>
      <ul className="space-y-1">
        {progress.next ? (
          <li data-testid="tier-next">
            {progress.next.moreFen > 0
              ? t("moreToReach", { amount: money(progress.next.moreFen), tier: tierName(progress.next.tier) })
              : t("nextReached", { tier: tierName(progress.next.tier) })}
          </li>
        ) : (
          <li className="text-stone-600">{t("topTier")}</li>
        )}
        {progress.keep ? (
          <li data-testid="tier-keep" className={progress.keep.moreFen > 0 ? "text-amber-800" : "text-emerald-700"}>
            {progress.keep.moreFen > 0
              ? t("moreToKeep", {
                  amount: money(progress.keep.moreFen),
                  date: day(progress.keep.byDate),
                  tier: tierName(progress.keep.tier),
                })
              : t("keepOnTrack", { date: day(progress.keep.byDate), tier: tierName(progress.keep.tier) })}
          </li>
        ) : null}
        {progress.grantedUntil ? (
          <li className="text-sky-800">{t("grantedUntil", { date: day(progress.grantedUntil) })}</li>
        ) : null}
      </ul>
      {canGrant ? (
        <div className="border-t border-stone-100 pt-3">
          <GrantTierDialog
            memberId={memberId}
            currentTier={progress.tier}
            trigger={t("grantButton")}
            title={t("grantTitle")}
          />
        </div>
      ) : null}
    </div>
  );
}

"use client";

import { useFormatter, useTranslations } from "next-intl";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import type { TierMoveCounts, TierWhatIf } from "@/lib/loyalty/tiers/schemas";

/** The what-if: per tier held now, how many members would move up, down or stay under the proposed thresholds. */
export function WhatIfTable({ result }: { result: TierWhatIf }) {
  const t = useTranslations("loyaltyTiers");
  const format = useFormatter();
  const n = (value: number) => format.number(value);
  const cells = (proposed: TierMoveCounts, inForce: TierMoveCounts) =>
    (["up", "down", "stay"] as const).map((key) => (
      <td key={key} className="py-2 pr-3 text-right tabular-nums">
        <span
          className={
            key === "up" && proposed.up
              ? "font-medium text-emerald-700"
              : key === "down" && proposed.down
                ? "font-medium text-red-700"
                : undefined
          }
        >
          {n(proposed[key])}
        </span>
        <span className="block text-xs text-stone-500">{t("whatIfInForce", { count: n(inForce[key]) })}</span>
      </td>
    ));

  return (
    <section className="rounded-md bg-stone-50 p-3 ring-1 ring-stone-200" data-testid="tier-what-if">
      <h3 className="text-sm font-semibold text-stone-900">{t("whatIfTitle")}</h3>
      <p className="mt-0.5 text-xs text-stone-600">
        {t("whatIfDescription", {
          date: format.dateTime(new Date(result.at), {
            dateStyle: "medium",
            timeStyle: "short",
            timeZone: PROGRAMME_TIME_ZONE,
          }),
        })}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-stone-500">
              <th className="py-1.5 pr-3 font-medium">{t("tierNow")}</th>
              <th className="py-1.5 pr-3 text-right font-medium">{t("whatIfMembers")}</th>
              <th className="py-1.5 pr-3 text-right font-medium">{t("whatIfUp")}</th>
              <th className="py-1.5 pr-3 text-right font-medium">{t("whatIfDown")}</th>
              <th className="py-1.5 pr-3 text-right font-medium">{t("whatIfStay")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200">
            {result.rows.map((row) => (
              <tr key={row.tier}>
                <td className="py-2 pr-3 font-medium text-stone-900">{t(`tiers.${row.tier}`)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{n(row.members)}</td>
                {cells(row.proposed, row.inForce)}
              </tr>
            ))}
            <tr className="font-medium">
              <td className="py-2 pr-3">{t("whatIfTotal")}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{n(result.totals.members)}</td>
              {cells(result.totals.proposed, result.totals.inForce)}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-stone-500">{t("whatIfRules")}</p>
    </section>
  );
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import type { TopUpBonusRule } from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";

/** The bonus the rule in force gives a top-up (read only: staff no longer type it), or that there is none. */
export function BonusShown({ id, rule, bonusFen }: { id: string; rule: TopUpBonusRule; bonusFen: number }) {
  const t = useTranslations("storedValue");
  const locale = useLocale();
  return (
    <output id={id} className="block py-2 text-sm" data-testid="top-up-bonus">
      {rule.bonusPerStepFen > 0 ? (
        <>
          <span className="font-medium tabular-nums">{formatFen(bonusFen, locale)}</span>{" "}
          <span className="text-stone-500">
            (
            {t("bonusRuleText", {
              step: formatFen(rule.stepFen, locale),
              bonus: formatFen(rule.bonusPerStepFen, locale),
            })}
            )
          </span>
        </>
      ) : (
        <span className="text-stone-500">{t("bonusRuleNone")}</span>
      )}
    </output>
  );
}

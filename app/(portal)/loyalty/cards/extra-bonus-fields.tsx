"use client";

import { useTranslations } from "next-intl";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { YuanInput } from "@/components/form/yuan-input";
import { controlClasses } from "@/components/ui/input";
import { EXTRA_BONUS_REASON_MAX } from "@/lib/loyalty/stored-value/schemas";

/**
 * The optional extra bonus of a top-up (beyond the rule, at most the amount paid) and its reason,
 * shown once an amount is typed. It is not credited with the top-up: it waits for a manager's
 * approval (docs/domain.md#stored-value-cards). The schema checks both fields; the server again.
 */
export function ExtraBonusFields({
  idPrefix,
  amountFen,
  onAmountChange,
  reason,
  errors,
}: {
  idPrefix: string;
  amountFen: number | undefined | null;
  onAmountChange: (fen: number | undefined) => void;
  reason: UseFormRegisterReturn;
  errors: { amount?: string; reason?: string };
}) {
  const t = useTranslations("storedValue");
  const amountId = `${idPrefix}-extra-bonus`;
  const reasonId = `${idPrefix}-extra-bonus-reason`;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field id={amountId} label={t("extraBonus")} hint={t("extraBonusHint")} error={errors.amount}>
        <YuanInput id={amountId} aria-invalid={!!errors.amount} value={amountFen} onChange={onAmountChange} />
      </Field>
      {(amountFen ?? 0) > 0 || errors.reason ? (
        <Field id={reasonId} label={t("extraBonusReason")} hint={t("extraBonusReasonHint")} error={errors.reason}>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={EXTRA_BONUS_REASON_MAX}
            className={controlClasses}
            aria-invalid={!!errors.reason}
            {...reason}
          />
        </Field>
      ) : null}
    </div>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClasses, Input } from "@/components/ui/input";
import { decideDefectClaimAction } from "@/lib/after-sales/claims/actions";
import {
  DECISION_NOTE_MAX,
  DEFECT_OUTCOMES,
  decideClaimSchema,
  type DecideClaimInput,
  type DefectOutcome,
} from "@/lib/after-sales/claims/schemas";
import { formatFen } from "@/lib/money";

type RefundableLine = { sku: string; name: string; refundable: number };

const choice = (selected: boolean, disabled: boolean) =>
  cn(
    "flex min-h-12 flex-col items-start justify-center rounded-lg border px-3 py-2 text-left text-sm transition",
    disabled
      ? "cursor-not-allowed border-stone-200 bg-stone-50 text-stone-400"
      : selected
        ? "border-amber-600 bg-amber-50 text-stone-900 ring-1 ring-amber-600"
        : "border-stone-300 bg-white text-stone-800 hover:border-amber-500",
  );

/**
 * A manager's decision on a flagged claim: repair, exchange, or refund of the linked purchase (the
 * remaining amount unless another is entered, and optionally the lines taken back). What a refund
 * reverses is shown beside the form; the server refunds through the POS refund path, once.
 */
export function DecideClaimForm({
  ticketId,
  refund,
  refundUnavailable,
}: {
  ticketId: string;
  refund: { remainingFen: number; lines: RefundableLine[] } | null;
  refundUnavailable: "noPurchase" | "otherMember" | "nothingLeft" | null;
}) {
  const t = useTranslations("afterSalesCalls");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const form = useForm<DecideClaimInput>({
    resolver: zodResolver(decideClaimSchema, { error: useZodErrorMap() }),
    defaultValues: { ticketId, outcome: "" as DefectOutcome, note: "", refundAmountFen: null, refundLines: null },
  });
  const { errors, isSubmitting } = form.formState;
  const outcome = useWatch({ control: form.control, name: "outcome" });
  const amount = useWatch({ control: form.control, name: "refundAmountFen" });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const refundLines =
      values.outcome === "refund"
        ? Object.entries(quantities)
            .filter(([, quantity]) => quantity > 0)
            .map(([sku, quantity]) => ({ sku, quantity }))
        : null;
    const result = await decideDefectClaimAction({
      ...values,
      refundAmountFen: values.outcome === "refund" ? values.refundAmountFen : null,
      refundLines,
    });
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">{t("claim.outcome")}</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3" role="radiogroup" aria-label={t("claim.outcome")}>
          {DEFECT_OUTCOMES.map((value) => {
            const disabled = value === "refund" && refund === null;
            return (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={outcome === value}
                aria-disabled={disabled}
                disabled={disabled}
                className={choice(outcome === value, disabled)}
                onClick={() => form.setValue("outcome", value, { shouldValidate: form.formState.isSubmitted })}
              >
                <span className="font-medium">{t(`defectOutcomes.${value}`)}</span>
                <span className="text-xs text-stone-600">{t(`claim.outcomeMeaning.${value}`)}</span>
              </button>
            );
          })}
        </div>
        {errors.outcome?.message ? <FieldMessage message={errors.outcome.message} /> : null}
        {refundUnavailable ? (
          <p className="mt-1 text-xs text-stone-500">{t(`claim.refundUnavailable.${refundUnavailable}`)}</p>
        ) : null}
      </fieldset>

      {outcome === "refund" && refund ? (
        <div className="space-y-3 rounded-md bg-stone-50 p-3">
          <Field
            id="claim-refund-amount"
            label={t("claim.refundAmount")}
            hint={t("claim.refundAmountHint", { amount: formatFen(refund.remainingFen, locale) })}
            error={errors.refundAmountFen?.message}
          >
            <Controller
              control={form.control}
              name="refundAmountFen"
              render={({ field }) => (
                <YuanInput
                  id="claim-refund-amount"
                  value={field.value ?? undefined}
                  onChange={(fen) => field.onChange(fen ?? null)}
                  onBlur={field.onBlur}
                  aria-invalid={!!errors.refundAmountFen}
                />
              )}
            />
          </Field>
          {refund.lines.length > 0 ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-stone-800">{t("claim.refundLines")}</legend>
              <p className="text-xs text-stone-500">{t("claim.refundLinesHint")}</p>
              {refund.lines.map((line) => (
                <label key={line.sku} className="flex items-center justify-between gap-3 text-sm">
                  <span>
                    {line.name} <span className="text-stone-500">({line.sku})</span>
                  </span>
                  <Input
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={line.refundable}
                    className="w-24"
                    value={quantities[line.sku] ?? 0}
                    onChange={(e) => {
                      const quantity = Math.max(0, Math.min(line.refundable, Math.floor(Number(e.target.value) || 0)));
                      setQuantities({ ...quantities, [line.sku]: quantity });
                    }}
                  />
                </label>
              ))}
              {errors.refundLines?.message ? <FieldMessage message={errors.refundLines.message} /> : null}
            </fieldset>
          ) : null}
          <Alert tone="warning">
            {t("claim.refundWarning", { amount: formatFen(amount ?? refund.remainingFen, locale) })}
          </Alert>
        </div>
      ) : null}

      <Field id="claim-note" label={t("claim.note")} error={errors.note?.message}>
        <textarea
          id="claim-note"
          rows={2}
          maxLength={DECISION_NOTE_MAX}
          className={controlClasses}
          aria-invalid={!!errors.note}
          {...form.register("note")}
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant={outcome === "refund" ? "danger" : "primary"} pending={isSubmitting}>
          {t("claim.decideSubmit")}
        </Button>
      </div>
    </form>
  );
}

/** A field message: a key of the validation catalogue, or zod's own sentence. */
function FieldMessage({ message }: { message: string }) {
  const tv = useTranslations("validation");
  return <p className="mt-1 text-xs text-red-700">{tv.has(message) ? tv(message) : message}</p>;
}

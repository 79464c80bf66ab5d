"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { previewTierProgrammeAction, saveTierProgrammeAction } from "@/lib/loyalty/tiers/actions";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { tierProgrammeFormSchema, type TierProgrammeFormInput, type TierWhatIf } from "@/lib/loyalty/tiers/schemas";
import { WhatIfTable } from "./what-if-table";

/**
 * A new version of the tier programme. The what-if runs on the server first (how many members per
 * tier would move); saving is offered only for the values that were previewed, after a confirmation.
 */
export function ProgrammeForm({ defaults }: { defaults: TierProgrammeFormInput }) {
  const t = useTranslations("loyaltyTiers");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [preview, setPreview] = useState<{ key: string; result: TierWhatIf }>();
  const [saving, setSaving] = useState(false);
  const form = useForm<TierProgrammeFormInput>({
    resolver: zodResolver(tierProgrammeFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const values = useWatch({ control: form.control });
  const previewIsCurrent = preview?.key === JSON.stringify(values);
  const message = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : key);

  const onPreview = form.handleSubmit(async (input) => {
    setError(undefined);
    setSaved(undefined);
    const result = await previewTierProgrammeAction(input);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setPreview({ key: JSON.stringify(form.getValues()), result: result.data });
  });

  const onSave = form.handleSubmit(async (input) => {
    setError(undefined);
    setSaving(true);
    try {
      const result = await saveTierProgrammeAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      const when = format.dateTime(new Date(result.data.effectiveFrom), {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: PROGRAMME_TIME_ZONE,
      });
      setSaved(t("savedNotice", { date: when }));
      setPreview(undefined);
      form.reset({ ...input, effectiveFrom: "" });
      router.refresh();
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={onPreview} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {saved ? <Alert tone="success">{saved}</Alert> : null}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-stone-500">
              <th className="py-1.5 pr-3 font-medium">{t("tier")}</th>
              <th className="py-1.5 pr-3 font-medium">{t("thresholdYuan")}</th>
              <th className="py-1.5 pr-3 font-medium">{t("multiplier")}</th>
              <th className="py-1.5 font-medium">{t("parkingHours")}</th>
            </tr>
          </thead>
          <tbody>
            {defaults.tiers.map((row, i) => {
              const rowErrors = errors.tiers?.[i];
              return (
                <tr key={row.code} className="align-top">
                  <td className="py-2 pr-3 pt-4 font-medium text-stone-900">{t(`tiers.${row.code}`)}</td>
                  <td className="py-2 pr-3">
                    <Field
                      id={`tiers-${i}-threshold`}
                      label={<span className="sr-only">{t("thresholdYuan")}</span>}
                      error={message(rowErrors?.thresholdYuan?.message)}
                    >
                      <Input
                        id={`tiers-${i}-threshold`}
                        inputMode="decimal"
                        readOnly={i === 0}
                        className="min-w-28 text-right tabular-nums read-only:bg-stone-50 read-only:text-stone-500"
                        aria-invalid={!!rowErrors?.thresholdYuan}
                        {...form.register(`tiers.${i}.thresholdYuan`)}
                      />
                    </Field>
                  </td>
                  <td className="py-2 pr-3">
                    <Field
                      id={`tiers-${i}-multiplier`}
                      label={<span className="sr-only">{t("multiplier")}</span>}
                      error={message(rowErrors?.multiplier?.message)}
                    >
                      <Input
                        id={`tiers-${i}-multiplier`}
                        inputMode="decimal"
                        className="w-20 text-right tabular-nums"
                        aria-invalid={!!rowErrors?.multiplier}
                        {...form.register(`tiers.${i}.multiplier`)}
                      />
                    </Field>
                  </td>
                  <td className="py-2">
                    <Field
                      id={`tiers-${i}-parking`}
                      label={<span className="sr-only">{t("parkingHours")}</span>}
                      error={message(rowErrors?.parkingHours?.message)}
                    >
                      <Input
                        id={`tiers-${i}-parking`}
                        type="number"
                        min={0}
                        max={24}
                        step={1}
                        className="w-20 text-right tabular-nums"
                        aria-invalid={!!rowErrors?.parkingHours}
                        {...form.register(`tiers.${i}.parkingHours`, { valueAsNumber: true })}
                      />
                    </Field>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Field
        id="effectiveFrom"
        label={t("effectiveFromLabel")}
        hint={t("effectiveFromHint")}
        error={message(errors.effectiveFrom?.message)}
      >
        <Input
          id="effectiveFrom"
          type="datetime-local"
          className="max-w-xs"
          aria-invalid={!!errors.effectiveFrom}
          {...form.register("effectiveFrom")}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" pending={isSubmitting && !saving}>
          {t("previewButton")}
        </Button>
        {previewIsCurrent ? (
          <ConfirmDialog
            trigger={t("saveButton")}
            triggerVariant="primary"
            title={t("saveConfirmTitle")}
            body={
              values.effectiveFrom
                ? t("saveConfirmBodyAt", { date: values.effectiveFrom.replace("T", " ") })
                : t("saveConfirmBodyNow")
            }
            confirmLabel={t("saveButton")}
            cancelLabel={tCommon("cancel")}
            confirmVariant="primary"
            pending={saving}
            onConfirm={() => onSave()}
          />
        ) : (
          <span className="text-xs text-stone-500">{t("previewFirst")}</span>
        )}
      </div>
      {preview ? (
        <div className={previewIsCurrent ? undefined : "opacity-50"} aria-live="polite">
          <WhatIfTable result={preview.result} />
          {!previewIsCurrent ? <p className="mt-1 text-xs text-amber-800">{t("previewStale")}</p> : null}
        </div>
      ) : null}
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { EffectiveFromField, useSaveVersion, VersionSaveStatus } from "@/components/form/versioned-setting";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Button } from "@/components/ui/button";
import { savePriceListAction } from "@/lib/after-sales/intake/actions";
import {
  priceListFormSchema,
  SERVICE_TYPES,
  type PriceListFormInput,
  type PriceListFormValues,
} from "@/lib/after-sales/intake/schemas";

type PriceListFormProps = {
  /** The list in force, as the starting point of the next version. */
  defaults: PriceListFormInput;
  /** The current minute in the programme's zone (from the server, so that the client renders no clock). */
  minEffective: string;
};

/** A new version of the price list, in yuan, effective now or from a later moment. */
export function PriceListForm({ defaults, minEffective }: PriceListFormProps) {
  const t = useTranslations("afterSalesIntake");
  const form = useForm<PriceListFormInput, unknown, PriceListFormValues>({
    resolver: zodResolver(priceListFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const { onSubmit, error, savedAt } = useSaveVersion(form, savePriceListAction);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <VersionSaveStatus
        error={error}
        savedAt={savedAt}
        dirty={isDirty}
        savedMessage={(when) => t("prices.saved", { when })}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {SERVICE_TYPES.map((type) => {
          const id = `prices.${type}` as const;
          return (
            <Field key={type} id={id} label={t(`serviceTypes.${type}`)} error={errors.prices?.[type]?.message}>
              <Controller
                control={form.control}
                name={id}
                render={({ field }) => (
                  <YuanInput
                    id={id}
                    value={field.value}
                    onChange={(fen) => field.onChange(fen)}
                    onBlur={field.onBlur}
                    aria-invalid={!!errors.prices?.[type]}
                  />
                )}
              />
            </Field>
          );
        })}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <EffectiveFromField
          form={form}
          min={minEffective}
          label={t("prices.effectiveFrom")}
          hint={t("prices.effectiveFromHint")}
          error={errors.effectiveFrom?.message}
        />
      </div>
      <Button type="submit" pending={isSubmitting}>
        {t("prices.save")}
      </Button>
    </form>
  );
}

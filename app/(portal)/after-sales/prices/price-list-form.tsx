"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { savePriceListAction } from "@/lib/after-sales/intake/actions";
import {
  priceListFormSchema,
  SERVICE_TYPES,
  type PriceListFormInput,
  type PriceListFormValues,
} from "@/lib/after-sales/intake/schemas";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";

type PriceListFormProps = {
  /** The list in force, as the starting point of the next version. */
  defaults: PriceListFormInput;
  /** The current minute in the programme's zone (from the server, so that the client renders no clock). */
  minEffective: string;
};

/** A new version of the price list, in yuan, effective now or from a later moment. */
export function PriceListForm({ defaults, minEffective }: PriceListFormProps) {
  const t = useTranslations("afterSalesIntake");
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [savedAt, setSavedAt] = useState<Date>();
  const form = useForm<PriceListFormInput, unknown, PriceListFormValues>({
    resolver: zodResolver(priceListFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSavedAt(undefined);
    const result = await savePriceListAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ ...values, effectiveFrom: "" });
    setSavedAt(new Date(result.data.effectiveFrom));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {savedAt && !isDirty ? (
        <Alert tone="success">
          {t("prices.saved", {
            when: format.dateTime(savedAt, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE }),
          })}
        </Alert>
      ) : null}
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
        <Field
          id="effectiveFrom"
          label={t("prices.effectiveFrom")}
          hint={t("prices.effectiveFromHint")}
          error={errors.effectiveFrom?.message}
        >
          <Input
            id="effectiveFrom"
            type="datetime-local"
            min={minEffective}
            aria-invalid={!!errors.effectiveFrom}
            {...form.register("effectiveFrom")}
          />
        </Field>
      </div>
      <Button type="submit" pending={isSubmitting}>
        {t("prices.save")}
      </Button>
    </form>
  );
}

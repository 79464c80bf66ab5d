"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";
import { saveTopUpBonusRuleAction } from "@/lib/loyalty/stored-value/actions";
import { topUpBonusRuleFormSchema, type TopUpBonusRuleFormInput } from "@/lib/loyalty/stored-value/schemas";

type BonusRuleFormProps = {
  /** The rule in force, as the starting point of the next version. */
  defaults: TopUpBonusRuleFormInput;
  /** The current minute in the programme's zone (from the server, so that the client renders no clock). */
  minEffective: string;
};

export function BonusRuleForm({ defaults, minEffective }: BonusRuleFormProps) {
  const t = useTranslations("storedValue.bonusRule");
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [savedAt, setSavedAt] = useState<Date>();
  const form = useForm<TopUpBonusRuleFormInput>({
    resolver: zodResolver(topUpBonusRuleFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSavedAt(undefined);
    const result = await saveTopUpBonusRuleAction(values);
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
          {t("saved", {
            when: format.dateTime(savedAt, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE }),
          })}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="stepYuan" label={t("step")} hint={t("stepHint")} error={errors.stepYuan?.message}>
          <Input id="stepYuan" inputMode="decimal" aria-invalid={!!errors.stepYuan} {...form.register("stepYuan")} />
        </Field>
        <Field
          id="bonusPerStepYuan"
          label={t("bonusPerStep")}
          hint={t("bonusPerStepHint")}
          error={errors.bonusPerStepYuan?.message}
        >
          <Input
            id="bonusPerStepYuan"
            inputMode="decimal"
            aria-invalid={!!errors.bonusPerStepYuan}
            {...form.register("bonusPerStepYuan")}
          />
        </Field>
        <Field
          id="effectiveFrom"
          label={t("effectiveFrom")}
          hint={t("effectiveFromHint")}
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
        {t("save")}
      </Button>
    </form>
  );
}

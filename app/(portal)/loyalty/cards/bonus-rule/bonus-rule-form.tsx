"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { EffectiveFromField, useSaveVersion, VersionSaveStatus } from "@/components/form/versioned-setting";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
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
  const form = useForm<TopUpBonusRuleFormInput>({
    resolver: zodResolver(topUpBonusRuleFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  const { onSubmit, error, savedAt } = useSaveVersion(form, saveTopUpBonusRuleAction);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <VersionSaveStatus
        error={error}
        savedAt={savedAt}
        dirty={isDirty}
        savedMessage={(when) => t("saved", { when })}
      />
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
        <EffectiveFromField
          form={form}
          min={minEffective}
          label={t("effectiveFrom")}
          hint={t("effectiveFromHint")}
          error={errors.effectiveFrom?.message}
        />
      </div>
      <Button type="submit" pending={isSubmitting}>
        {t("save")}
      </Button>
    </form>
  );
}

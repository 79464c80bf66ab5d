"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { EffectiveFromField, useSaveVersion, VersionSaveStatus } from "@/components/form/versioned-setting";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { saveSlaPolicyAction } from "@/lib/complaints/sla/actions";
import { SLA_SEVERITIES, slaPolicyFormSchema, type SlaPolicyFormInput } from "@/lib/complaints/sla/schemas";

type SlaPolicyFormProps = {
  /** The policy in force, as the starting point of the next version. */
  defaults: SlaPolicyFormInput;
  /** The current minute in the programme's zone (from the server, so that the client renders no clock). */
  minEffective: string;
};

export function SlaPolicyForm({ defaults, minEffective }: SlaPolicyFormProps) {
  const t = useTranslations("complaintSla");
  const form = useForm<SlaPolicyFormInput>({
    resolver: zodResolver(slaPolicyFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  // This form's own rules are keys of complaintSla.validation; the rest Field translates.
  const message = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  const { onSubmit, error, savedAt } = useSaveVersion(form, saveSlaPolicyAction);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <VersionSaveStatus
        error={error}
        savedAt={savedAt}
        dirty={isDirty}
        savedMessage={(when) => t("saved", { when })}
      />
      <p className="text-xs text-stone-500">{t("minutesHint")}</p>
      {SLA_SEVERITIES.map((severity) => {
        const firstId = `${severity}.firstResponseMinutes` as const;
        const resolutionId = `${severity}.resolutionMinutes` as const;
        const fieldErrors = errors[severity];
        return (
          <fieldset key={severity} className="grid gap-4 sm:grid-cols-3">
            <legend className="mb-1 text-sm font-semibold text-stone-800">{t(`severities.${severity}`)}</legend>
            <Field
              id={firstId}
              label={t("firstResponse")}
              error={message(fieldErrors?.firstResponseMinutes?.message ?? fieldErrors?.root?.message)}
            >
              <Input
                id={firstId}
                inputMode="numeric"
                aria-invalid={!!fieldErrors?.firstResponseMinutes}
                {...form.register(firstId)}
              />
            </Field>
            <Field id={resolutionId} label={t("resolution")} error={message(fieldErrors?.resolutionMinutes?.message)}>
              <Input
                id={resolutionId}
                inputMode="numeric"
                aria-invalid={!!fieldErrors?.resolutionMinutes}
                {...form.register(resolutionId)}
              />
            </Field>
          </fieldset>
        );
      })}
      <div className="grid gap-4 sm:grid-cols-3">
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

"use client";

import { useFormatter } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { PROGRAMME_TIME_ZONE } from "@/lib/loyalty/programme/rules";

/**
 * The forms that save a new version of a setting (earn rules, the top-up bonus rule, the SLA policy,
 * the service price list) all submit the same way: save, put server errors next to their fields,
 * keep the values but clear the effective moment, say from when the version applies, and refresh
 * the page's table of versions.
 */
export function useSaveVersion<TInput extends FieldValues, TOutput>(
  form: UseFormReturn<TInput, unknown, TOutput>,
  save: (values: TOutput) => Promise<ActionResult<{ effectiveFrom: string | Date }>>,
) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [savedAt, setSavedAt] = useState<Date>();
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSavedAt(undefined);
    const result = await save(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ ...(values as unknown as TInput), effectiveFrom: "" });
    setSavedAt(new Date(result.data.effectiveFrom));
    router.refresh();
  });
  return { onSubmit, error, savedAt };
}

/** The form's failure, or once saved (and not edited since) from when the new version applies. */
export function VersionSaveStatus({
  error,
  savedAt,
  dirty,
  savedMessage,
}: {
  error?: string;
  savedAt?: Date;
  dirty: boolean;
  savedMessage: (when: string) => string;
}) {
  const format = useFormatter();
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!savedAt || dirty) return null;
  const when = format.dateTime(savedAt, { dateStyle: "medium", timeStyle: "short", timeZone: PROGRAMME_TIME_ZONE });
  return <Alert tone="success">{savedMessage(when)}</Alert>;
}

/** When the new version applies: now when left empty, else a moment no earlier than `min` (the programme's current minute). */
export function EffectiveFromField<T extends FieldValues & { effectiveFrom?: string | null }>({
  form,
  min,
  label,
  hint,
  error,
}: {
  form: UseFormReturn<T, unknown, unknown>;
  min: string;
  label: string;
  hint: string;
  error?: string;
}) {
  return (
    <Field id="effectiveFrom" label={label} hint={hint} error={error}>
      <Input
        id="effectiveFrom"
        type="datetime-local"
        min={min}
        aria-invalid={!!error}
        {...form.register("effectiveFrom" as never)}
      />
    </Field>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { controlClasses } from "@/components/ui/input";
import { cancelAppointmentAction } from "@/lib/appointments/booking/actions";
import {
  CANCEL_REASONS,
  cancelAppointmentSchema,
  NOTE_MAX,
  type CancelAppointmentInput,
  type CancelAppointmentValues,
} from "@/lib/appointments/booking/schemas";
import { ActionDialog } from "./action-dialog";

/** Cancel with a reason from the list; "other" needs a note (the schema says so, the server checks again). */
export function CancelDialog({ appointmentId, onDone }: { appointmentId: string; onDone: (message: string) => void }) {
  const t = useTranslations("appointments");
  const [error, setError] = useState<string>();
  const form = useForm<CancelAppointmentInput, unknown, CancelAppointmentValues>({
    resolver: zodResolver(cancelAppointmentSchema, { error: useZodErrorMap() }),
    defaultValues: { appointmentId, reason: undefined, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const reason = useWatch({ control: form.control, name: "reason" });
  const localized = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  return (
    <ActionDialog
      id="cancel-appointment"
      trigger={t("actions.cancel")}
      triggerVariant="danger"
      title={t("cancelTitle")}
      submitLabel={t("cancelConfirm")}
      submitVariant="danger"
      cancelLabel={t("keepAppointment")}
      pending={isSubmitting}
      onOpen={() => {
        setError(undefined);
        form.reset({ appointmentId, reason: undefined, note: "" });
      }}
      onSubmit={(close) =>
        form.handleSubmit(async (values) => {
          setError(undefined);
          const result = await cancelAppointmentAction(values);
          if (!result.ok) return setError(applyServerErrors(result, form.setError));
          close();
          onDone(t("done.cancelled"));
        })()
      }
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-stone-800">{t("cancelReason")}</legend>
        {CANCEL_REASONS.map((code) => (
          <label
            key={code}
            className="flex min-h-10 cursor-pointer items-center gap-3 rounded-md px-3 py-2 ring-1 ring-stone-200 has-[:checked]:bg-amber-50 has-[:checked]:ring-amber-600"
          >
            <input type="radio" value={code} className="size-4 accent-amber-700" {...form.register("reason")} />
            <span className="text-sm text-stone-800">{t(`cancelReasons.${code}`)}</span>
          </label>
        ))}
        {errors.reason?.message ? <p className="text-xs text-red-700">{localized(errors.reason.message)}</p> : null}
      </fieldset>
      <Field
        id="cancel-note"
        label={reason === "other" ? t("cancelNoteRequired") : t("cancelNoteOptional")}
        error={localized(errors.note?.message)}
      >
        <textarea
          id="cancel-note"
          rows={3}
          maxLength={NOTE_MAX}
          className={controlClasses}
          aria-invalid={!!errors.note}
          {...form.register("note")}
        />
      </Field>
    </ActionDialog>
  );
}

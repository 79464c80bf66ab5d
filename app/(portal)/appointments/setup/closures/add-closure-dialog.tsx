"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { controlClasses, Input } from "@/components/ui/input";
import { addClosureAction } from "@/lib/appointments/setup/actions";
import { addClosureSchema, CLOSURE_KINDS, type AddClosureInput } from "@/lib/appointments/setup/schemas";
import { FormDialog, useFormDialogAction } from "../form-dialog";
import { useSetupMessage } from "../use-setup-message";

/** A closure of the store: whole local days, or a local time range (an event, a stock-take). */
export function AddClosureDialog({ storeId, timeZone }: { storeId: string; timeZone: string }) {
  const t = useTranslations("appointmentSetup.closures");
  const message = useSetupMessage();
  const defaults: AddClosureInput = {
    storeId,
    kind: "day",
    day: "",
    lastDay: "",
    startsAt: "",
    endsAt: "",
    reason: "",
  };
  const form = useForm<AddClosureInput>({
    resolver: zodResolver(addClosureSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const kind = useWatch({ control: form.control, name: "kind" });
  const dialog = useFormDialogAction(form, defaults, addClosureAction);

  return (
    <FormDialog
      id="add-closure"
      trigger={t("add")}
      triggerVariant="primary"
      width="lg"
      title={t("addTitle")}
      submitLabel={t("add")}
      pending={isSubmitting}
      onClosed={dialog.onClosed}
      onSubmit={dialog.onSubmit}
    >
      <p className="text-sm text-stone-600">{t("addHint", { timeZone })}</p>
      {dialog.error ? <Alert tone="error">{dialog.error}</Alert> : null}
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-stone-800">{t("kind")}</legend>
        <div className="flex flex-wrap gap-4">
          {CLOSURE_KINDS.map((value) => (
            <label key={value} className="flex min-h-10 items-center gap-2 text-sm text-stone-800">
              <input type="radio" value={value} className="size-4 accent-amber-700" {...form.register("kind")} />
              {value === "day" ? t("kindDay") : t("kindRange")}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "day" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="closure-day" label={t("day")} error={message(errors.day?.message)}>
            <Input id="closure-day" type="date" aria-invalid={!!errors.day} {...form.register("day")} />
          </Field>
          <Field
            id="closure-last-day"
            label={t("lastDay")}
            hint={t("lastDayHint")}
            error={message(errors.lastDay?.message)}
          >
            <Input id="closure-last-day" type="date" aria-invalid={!!errors.lastDay} {...form.register("lastDay")} />
          </Field>
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="closure-starts" label={t("startsAt")} error={message(errors.startsAt?.message)}>
            <Input
              id="closure-starts"
              type="datetime-local"
              aria-invalid={!!errors.startsAt}
              {...form.register("startsAt")}
            />
          </Field>
          <Field id="closure-ends" label={t("endsAt")} error={message(errors.endsAt?.message)}>
            <Input
              id="closure-ends"
              type="datetime-local"
              aria-invalid={!!errors.endsAt}
              {...form.register("endsAt")}
            />
          </Field>
        </div>
      )}
      <Field id="closure-reason" label={t("reason")} hint={t("reasonHint")} error={message(errors.reason?.message)}>
        <textarea
          id="closure-reason"
          rows={2}
          maxLength={200}
          className={controlClasses}
          aria-invalid={!!errors.reason}
          {...form.register("reason")}
        />
      </Field>
    </FormDialog>
  );
}

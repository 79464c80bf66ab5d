"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { addTimeOffAction } from "@/lib/appointments/setup/actions";
import { addTimeOffSchema, MAX_TIME_OFF_DAYS, type AddTimeOffInput } from "@/lib/appointments/setup/schemas";
import { FormDialog, useFormDialogAction } from "../form-dialog";
import { useSetupMessage } from "../use-setup-message";

/** Time off for one of the store's advisors, in the store's local time. */
export function AddTimeOffDialog({
  storeId,
  timeZone,
  advisors,
  defaultAdvisorId,
}: {
  storeId: string;
  timeZone: string;
  advisors: { id: string; displayName: string }[];
  defaultAdvisorId?: string;
}) {
  const t = useTranslations("appointmentSetup.timeOff");
  const message = useSetupMessage();
  const defaults: AddTimeOffInput = {
    storeId,
    staffId: defaultAdvisorId ?? "",
    startsAt: "",
    endsAt: "",
    reason: "",
  };
  const form = useForm<AddTimeOffInput>({
    resolver: zodResolver(addTimeOffSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const dialog = useFormDialogAction(form, defaults, addTimeOffAction);

  return (
    <FormDialog
      id="add-time-off"
      trigger={t("add")}
      triggerVariant="primary"
      width="lg"
      title={t("addTitle")}
      submitLabel={t("add")}
      pending={isSubmitting}
      onClosed={dialog.onClosed}
      onSubmit={dialog.onSubmit}
    >
      <p className="text-sm text-stone-600">{t("addHint", { timeZone, days: MAX_TIME_OFF_DAYS })}</p>
      {dialog.error ? <Alert tone="error">{dialog.error}</Alert> : null}
      <Field id="time-off-advisor" label={t("advisor")} error={message(errors.staffId?.message)}>
        <Select id="time-off-advisor" aria-invalid={!!errors.staffId} {...form.register("staffId")}>
          <option value="">{t("chooseAdvisor")}</option>
          {advisors.map((advisor) => (
            <option key={advisor.id} value={advisor.id}>
              {advisor.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="time-off-starts" label={t("startsAt")} error={message(errors.startsAt?.message)}>
          <Input
            id="time-off-starts"
            type="datetime-local"
            aria-invalid={!!errors.startsAt}
            {...form.register("startsAt")}
          />
        </Field>
        <Field id="time-off-ends" label={t("endsAt")} error={message(errors.endsAt?.message)}>
          <Input id="time-off-ends" type="datetime-local" aria-invalid={!!errors.endsAt} {...form.register("endsAt")} />
        </Field>
      </div>
      <Field id="time-off-reason" label={t("reason")} hint={t("reasonHint")} error={message(errors.reason?.message)}>
        <textarea
          id="time-off-reason"
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

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { addTimeOffAction } from "@/lib/appointments/setup/actions";
import { addTimeOffSchema, MAX_TIME_OFF_DAYS, type AddTimeOffInput } from "@/lib/appointments/setup/schemas";
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
  const tCommon = useTranslations("common");
  const message = useSetupMessage();
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
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
  const close = () => ref.current?.close();

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const result = await addTimeOffAction(values);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      close();
      router.refresh();
    })(event);

  return (
    <>
      <Button onClick={() => ref.current?.showModal()}>{t("add")}</Button>
      <dialog
        ref={ref}
        aria-labelledby="add-time-off-title"
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        onClose={() => {
          setError(undefined);
          form.reset(defaults);
        }}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="space-y-4 p-5">
            <h2 id="add-time-off-title" className="text-base font-semibold text-stone-900">
              {t("addTitle")}
            </h2>
            <p className="text-sm text-stone-600">{t("addHint", { timeZone, days: MAX_TIME_OFF_DAYS })}</p>
            {error ? <Alert tone="error">{error}</Alert> : null}
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
                <Input
                  id="time-off-ends"
                  type="datetime-local"
                  aria-invalid={!!errors.endsAt}
                  {...form.register("endsAt")}
                />
              </Field>
            </div>
            <Field
              id="time-off-reason"
              label={t("reason")}
              hint={t("reasonHint")}
              error={message(errors.reason?.message)}
            >
              <textarea
                id="time-off-reason"
                rows={2}
                maxLength={200}
                className={controlClasses}
                aria-invalid={!!errors.reason}
                {...form.register("reason")}
              />
            </Field>
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={isSubmitting}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" pending={isSubmitting}>
              {t("add")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

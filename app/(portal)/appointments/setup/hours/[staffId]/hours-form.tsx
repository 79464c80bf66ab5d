"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, type UseFormReturn } from "react-hook-form";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { setAdvisorHoursAction } from "@/lib/appointments/setup/actions";
import {
  MAX_RANGES_PER_DAY,
  setAdvisorHoursSchema,
  SLOT_STEP_MIN,
  WEEKDAYS,
  type SetAdvisorHoursInput,
  type Weekday,
} from "@/lib/appointments/setup/schemas";
import { useSetupMessage } from "../../use-setup-message";

/** One advisor's week at one store: ranges per weekday, none for a day off, two for a split shift. */
export function AdvisorHoursForm({ defaults, backHref }: { defaults: SetAdvisorHoursInput; backHref: string }) {
  const t = useTranslations("appointmentSetup.hours");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<SetAdvisorHoursInput>({
    resolver: zodResolver(setAdvisorHoursSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSaved(false);
    const result = await setAdvisorHoursAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset(values);
    setSaved(true);
    router.refresh();
  });

  const copyMonday = (days: readonly Weekday[]) => {
    const monday = form.getValues("hours.mon");
    for (const day of days) {
      form.setValue(
        `hours.${day}`,
        monday.map((range) => ({ ...range })),
        { shouldDirty: true, shouldValidate: form.formState.isSubmitted },
      );
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {saved && !isDirty ? <Alert tone="success">{t("saved")}</Alert> : null}
      <Card
        title={t("weekTitle")}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={() => copyMonday(["tue", "wed", "thu", "fri"])}>
              {t("copyMondayToWeekdays")}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => copyMonday(WEEKDAYS.filter((d) => d !== "mon"))}>
              {t("copyMondayToAll")}
            </Button>
          </div>
        }
      >
        <p className="mb-2 text-sm text-stone-600">{t("rangesHint")}</p>
        <div className="divide-y divide-stone-100">
          {WEEKDAYS.map((day) => (
            <DayRanges key={day} form={form} day={day} />
          ))}
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
          {tCommon("save")}
        </Button>
        <Link href={backHref} className={buttonClasses("secondary")}>
          {t("backToList")}
        </Link>
      </div>
    </form>
  );
}

function DayRanges({ form, day }: { form: UseFormReturn<SetAdvisorHoursInput>; day: Weekday }) {
  const t = useTranslations("appointmentSetup.hours");
  const tDays = useTranslations("weekdays");
  const message = useSetupMessage();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: `hours.${day}` });
  const dayErrors = form.formState.errors.hours?.[day];
  // zodResolver puts a day-level issue (overlapping ranges) under `root` once the day has ranges.
  const dayMessage = (dayErrors as { root?: { message?: string } } | undefined)?.root?.message ?? dayErrors?.message;
  const dayLabel = tDays(day);
  const labelId = `hours-${day}-label`;

  return (
    <div role="group" aria-labelledby={labelId} className="grid gap-2 py-3 sm:grid-cols-[7rem_1fr]">
      <p id={labelId} className="pt-2 text-sm font-medium text-stone-800">
        {dayLabel}
      </p>
      <div className="space-y-2">
        {fields.length === 0 ? <p className="pt-2 text-sm text-stone-500">{t("dayOff")}</p> : null}
        {fields.map((field, index) => {
          const rangeErrors = dayErrors?.[index];
          const rangeMessage = rangeErrors?.open?.message ?? rangeErrors?.close?.message;
          const errorId = `hours-${day}-${index}-error`;
          return (
            <div key={field.id} className="space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  type="time"
                  step={SLOT_STEP_MIN * 60}
                  className="w-32"
                  aria-label={t("startsAt", { day: dayLabel, range: index + 1 })}
                  aria-invalid={!!rangeErrors?.open}
                  aria-describedby={rangeMessage ? errorId : undefined}
                  {...form.register(`hours.${day}.${index}.open`)}
                />
                <span aria-hidden className="text-stone-500">
                  –
                </span>
                <Input
                  type="time"
                  step={SLOT_STEP_MIN * 60}
                  className="w-32"
                  aria-label={t("endsAt", { day: dayLabel, range: index + 1 })}
                  aria-invalid={!!rangeErrors?.close}
                  aria-describedby={rangeMessage ? errorId : undefined}
                  {...form.register(`hours.${day}.${index}.close`)}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={t("removeRangeLabel", { day: dayLabel, range: index + 1 })}
                  onClick={() => remove(index)}
                >
                  {t("removeRange")}
                </Button>
              </div>
              {rangeMessage ? (
                <p id={errorId} className="text-xs text-red-700">
                  {message(rangeMessage)}
                </p>
              ) : null}
            </div>
          );
        })}
        {dayMessage ? <p className="text-xs text-red-700">{message(dayMessage)}</p> : null}
        {fields.length < MAX_RANGES_PER_DAY ? (
          <Button
            variant="ghost"
            size="sm"
            aria-label={t("addRangeLabel", { day: dayLabel })}
            // A first range gets a usual counter shift; a split shift's second range is left to fill in.
            onClick={() => append(fields.length === 0 ? { open: "10:00", close: "18:00" } : { open: "", close: "" })}
          >
            + {fields.length === 0 ? t("addRange") : t("addSplit")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { createStoreAction, updateStoreAction } from "@/lib/stores/actions";
import { storeFormSchema, type StoreFormInput } from "@/lib/stores/schemas";
import { DEFAULT_TIME_ZONE } from "@/lib/time";

/** The zones our malls are in, plus a few for overseas counters; the store's current zone is always offered. */
const COMMON_TIME_ZONES = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Macau",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Kuala_Lumpur",
  "Asia/Bangkok",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Asia/Dubai",
  "Australia/Sydney",
  "Europe/London",
  "Europe/Paris",
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
];

/** The schema allows at most four opening ranges a day. */
const MAX_RANGES_PER_DAY = 4;

const NEW_STORE_DEFAULTS: StoreFormInput = {
  code: "",
  name: "",
  nameEn: "",
  timeZone: DEFAULT_TIME_ZONE,
  businessHours: Object.fromEntries(
    WEEKDAYS.map((day) => [day, [{ open: "10:00", close: "22:00" }]]),
  ) as StoreFormInput["businessHours"],
  active: true,
};

type StoreFormProps = {
  /** Present when editing. */
  storeId?: string;
  defaults?: StoreFormInput;
};

export function StoreForm({ storeId, defaults }: StoreFormProps) {
  const t = useTranslations("stores");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<StoreFormInput>({
    resolver: zodResolver(storeFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults ?? NEW_STORE_DEFAULTS,
  });
  const { errors, isSubmitting } = form.formState;
  const currentZone = defaults?.timeZone;
  const zones =
    currentZone && !COMMON_TIME_ZONES.includes(currentZone) ? [currentZone, ...COMMON_TIME_ZONES] : COMMON_TIME_ZONES;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    if (storeId) {
      const result = await updateStoreAction({ ...values, id: storeId });
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      router.push(`/admin/stores/${storeId}?saved=1`);
      router.refresh();
      return;
    }
    const result = await createStoreAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push(`/admin/stores/${result.data.id}?saved=1`);
    router.refresh();
  });

  const copyMondayToAllDays = () => {
    const monday = form.getValues("businessHours.mon");
    for (const day of WEEKDAYS) {
      if (day === "mon") continue;
      form.setValue(
        `businessHours.${day}`,
        monday.map((range) => ({ ...range })),
        { shouldDirty: true, shouldValidate: form.formState.isSubmitted },
      );
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("details")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="code" label={t("code")} hint={t("codeHint")} error={errors.code?.message}>
            <Input
              id="code"
              autoCapitalize="characters"
              className="font-mono uppercase"
              aria-invalid={!!errors.code}
              {...form.register("code", { setValueAs: (value: string) => value.toUpperCase() })}
            />
          </Field>
          <Field id="timeZone" label={t("timeZone")} hint={t("timeZoneHint")} error={errors.timeZone?.message}>
            <Select id="timeZone" aria-invalid={!!errors.timeZone} {...form.register("timeZone")}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="name" label={t("name")} error={errors.name?.message}>
            <Input id="name" aria-invalid={!!errors.name} {...form.register("name")} />
          </Field>
          <Field id="nameEn" label={t("nameEn")} hint={t("optional")} error={errors.nameEn?.message}>
            <Input id="nameEn" lang="en" aria-invalid={!!errors.nameEn} {...form.register("nameEn")} />
          </Field>
        </div>
        <label className="mt-4 flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-amber-700" {...form.register("active")} />
          {t("activeLabel")}
        </label>
      </Card>
      <Card
        title={t("businessHours")}
        actions={
          <Button variant="secondary" size="sm" onClick={copyMondayToAllDays}>
            {t("copyMonday")}
          </Button>
        }
      >
        <p className="mb-2 text-sm text-stone-600">{t("hoursHint")}</p>
        {errors.businessHours?.message ? <HoursMessage message={errors.businessHours.message} /> : null}
        <div className="divide-y divide-stone-100">
          {WEEKDAYS.map((day) => (
            <DayHours key={day} form={form} day={day} />
          ))}
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {storeId ? tCommon("save") : t("create")}
        </Button>
        <Link href={storeId ? `/admin/stores/${storeId}` : "/admin/stores"} className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}

/** One weekday's opening ranges: none means closed, more than one is a split shift. */
function DayHours({ form, day }: { form: UseFormReturn<StoreFormInput>; day: Weekday }) {
  const t = useTranslations("stores");
  const tDays = useTranslations("weekdays");
  const { fields, append, remove } = useFieldArray({ control: form.control, name: `businessHours.${day}` });
  const dayErrors = form.formState.errors.businessHours?.[day];
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
        {fields.length === 0 ? <p className="pt-2 text-sm text-stone-500">{t("closed")}</p> : null}
        {fields.map((field, index) => {
          const rangeErrors = dayErrors?.[index];
          const rangeMessage = rangeErrors?.open?.message ?? rangeErrors?.close?.message;
          return (
            <div key={field.id} className="space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  type="time"
                  className="w-32"
                  aria-label={t("opensAt", { day: dayLabel, range: index + 1 })}
                  aria-invalid={!!rangeErrors?.open}
                  {...form.register(`businessHours.${day}.${index}.open`)}
                />
                <span aria-hidden className="text-stone-500">
                  –
                </span>
                <Input
                  type="time"
                  className="w-32"
                  aria-label={t("closesAt", { day: dayLabel, range: index + 1 })}
                  aria-invalid={!!rangeErrors?.close}
                  {...form.register(`businessHours.${day}.${index}.close`)}
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
              {rangeMessage ? <HoursMessage message={rangeMessage} /> : null}
            </div>
          );
        })}
        {dayMessage ? <HoursMessage message={dayMessage} /> : null}
        {fields.length < MAX_RANGES_PER_DAY ? (
          <Button
            variant="ghost"
            size="sm"
            aria-label={t("addRangeLabel", { day: dayLabel })}
            // The first range gets the usual mall hours; a split shift's second range is left for the user to fill in.
            onClick={() => append(fields.length === 0 ? { open: "10:00", close: "22:00" } : { open: "", close: "" })}
          >
            + {t("addRange")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** A business-hours error; schema messages are keys of the shared validation messages. */
function HoursMessage({ message }: { message: string }) {
  const tValidation = useTranslations("validation");
  return <p className="text-xs text-red-700">{tValidation.has(message) ? tValidation(message) : message}</p>;
}

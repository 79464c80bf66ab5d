"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { createAppointmentTypeAction, updateAppointmentTypeAction } from "@/lib/appointments/setup/actions";
import {
  appointmentTypeDetailsSchema,
  createAppointmentTypeSchema,
  MAX_BUFFER_MIN,
  MAX_DAILY_CAP,
  MAX_DURATION_MIN,
  MAX_NOTICE_MIN,
  MAX_SORT_ORDER,
  MIN_DURATION_MIN,
  SLOT_STEP_MIN,
  type AppointmentTypeDetailsInput,
  type CreateAppointmentTypeInput,
} from "@/lib/appointments/setup/schemas";
import { minutesText } from "../minutes-text";
import { useSetupMessage } from "../use-setup-message";
import { useTierLabel } from "./tier-label";

/** An empty number box is "no cap" (null), not 0 or NaN. */
const optionalNumber = (value: unknown) =>
  value === "" || value === null || value === undefined ? null : Number(value);

/** Everything both forms edit: names, times, tier, room, cap and order. */
function DetailsFields({
  register,
  control,
  errors,
  tiers,
}: {
  register: UseFormRegister<AppointmentTypeDetailsInput>;
  control: Control<AppointmentTypeDetailsInput>;
  errors: FieldErrors<AppointmentTypeDetailsInput>;
  tiers: string[];
}) {
  const t = useTranslations("appointmentSetup.types");
  const tSetup = useTranslations("appointmentSetup");
  const message = useSetupMessage();
  const tierLabel = useTierLabel();
  const [durationMin, bufferMin, noticeMin] = useWatch({ control, name: ["durationMin", "bufferMin", "noticeMin"] });
  // A live reading of the minutes typed ("= 1 h 30 min"), empty while the box is.
  const preview = (minutes: unknown) =>
    typeof minutes === "number" && Number.isFinite(minutes) ? `= ${minutesText(minutes, tSetup)}` : "";

  return (
    <>
      <Field id="nameZh" label={t("nameZh")} error={message(errors.nameZh?.message)}>
        <Input id="nameZh" lang="zh-CN" aria-invalid={!!errors.nameZh} {...register("nameZh")} />
      </Field>
      <Field id="nameEn" label={t("nameEn")} error={message(errors.nameEn?.message)}>
        <Input id="nameEn" lang="en" aria-invalid={!!errors.nameEn} {...register("nameEn")} />
      </Field>
      <Field
        id="durationMin"
        label={t("durationMinutes")}
        hint={t("durationHint", { min: MIN_DURATION_MIN, max: MAX_DURATION_MIN, value: preview(durationMin) })}
        error={message(errors.durationMin?.message)}
      >
        <Input
          id="durationMin"
          type="number"
          inputMode="numeric"
          min={MIN_DURATION_MIN}
          max={MAX_DURATION_MIN}
          step={SLOT_STEP_MIN}
          aria-invalid={!!errors.durationMin}
          {...register("durationMin", { valueAsNumber: true })}
        />
      </Field>
      <Field
        id="bufferMin"
        label={t("bufferMinutes")}
        hint={t("bufferHint", { max: MAX_BUFFER_MIN, value: preview(bufferMin) })}
        error={message(errors.bufferMin?.message)}
      >
        <Input
          id="bufferMin"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_BUFFER_MIN}
          step={5}
          aria-invalid={!!errors.bufferMin}
          {...register("bufferMin", { valueAsNumber: true })}
        />
      </Field>
      <Field
        id="noticeMin"
        label={t("noticeMinutes")}
        hint={t("noticeHint", { value: preview(noticeMin) })}
        error={message(errors.noticeMin?.message)}
      >
        <Input
          id="noticeMin"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_NOTICE_MIN}
          step={15}
          aria-invalid={!!errors.noticeMin}
          {...register("noticeMin", { valueAsNumber: true })}
        />
      </Field>
      <Field id="minTier" label={t("minTier")} hint={t("minTierHint")} error={message(errors.minTier?.message)}>
        <Select
          id="minTier"
          aria-invalid={!!errors.minTier}
          {...register("minTier", { setValueAs: (value: string | null) => value || null })}
        >
          <option value="">{tierLabel(null)}</option>
          {tiers.map((tier) => (
            <option key={tier} value={tier}>
              {t("tierAndAbove", { tier: tierLabel(tier) })}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="dailyCap" label={t("dailyCap")} hint={t("dailyCapHint")} error={message(errors.dailyCap?.message)}>
        <Input
          id="dailyCap"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_DAILY_CAP}
          step={1}
          placeholder={t("noCap")}
          aria-invalid={!!errors.dailyCap}
          {...register("dailyCap", { setValueAs: optionalNumber })}
        />
      </Field>
      <Field id="sortOrder" label={t("sortOrder")} hint={t("sortOrderHint")} error={message(errors.sortOrder?.message)}>
        <Input
          id="sortOrder"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_SORT_ORDER}
          step={1}
          aria-invalid={!!errors.sortOrder}
          {...register("sortOrder", { valueAsNumber: true })}
        />
      </Field>
      <div className="sm:col-span-2">
        <label className="flex min-h-10 items-center gap-2 text-sm text-stone-800">
          <input type="checkbox" className="size-4 accent-amber-700" {...register("needsRoom")} />
          {t("needsRoomLabel")}
        </label>
      </div>
    </>
  );
}

export function CreateAppointmentTypeForm({ tiers }: { tiers: string[] }) {
  const t = useTranslations("appointmentSetup.types");
  const tCommon = useTranslations("common");
  const message = useSetupMessage();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<CreateAppointmentTypeInput>({
    resolver: zodResolver(createAppointmentTypeSchema, { error: useZodErrorMap() }),
    defaultValues: {
      code: "",
      nameZh: "",
      nameEn: "",
      durationMin: 60,
      bufferMin: 15,
      noticeMin: 120,
      minTier: null,
      needsRoom: false,
      dailyCap: null,
      sortOrder: 0,
    },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await createAppointmentTypeAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push(`/appointments/setup/types/${result.data.id}?saved=1`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("details")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="code" label={t("code")} hint={t("codeHint")} error={message(errors.code?.message)}>
            <Input
              id="code"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              className="font-mono lowercase"
              aria-invalid={!!errors.code}
              {...form.register("code", { setValueAs: (value: string) => value.toLowerCase() })}
            />
          </Field>
          <DetailsFields
            register={form.register as unknown as UseFormRegister<AppointmentTypeDetailsInput>}
            control={form.control as unknown as Control<AppointmentTypeDetailsInput>}
            errors={errors}
            tiers={tiers}
          />
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {t("create")}
        </Button>
        <Link href="/appointments/setup/types" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}

export function EditAppointmentTypeForm({
  typeId,
  defaults,
  tiers,
}: {
  typeId: string;
  defaults: AppointmentTypeDetailsInput;
  tiers: string[];
}) {
  const t = useTranslations("appointmentSetup.types");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<AppointmentTypeDetailsInput>({
    resolver: zodResolver(appointmentTypeDetailsSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSaved(false);
    const result = await updateAppointmentTypeAction({ ...values, id: typeId });
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset(values);
    setSaved(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {saved && !isDirty ? <Alert tone="success">{t("saved")}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <DetailsFields register={form.register} control={form.control} errors={errors} tiers={tiers} />
      </div>
      <p className="text-xs text-stone-500">{t("changeHint")}</p>
      <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
        {tCommon("save")}
      </Button>
    </form>
  );
}

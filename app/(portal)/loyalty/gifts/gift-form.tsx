"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { createGiftAction, updateGiftAction } from "@/lib/loyalty/gifts/actions";
import {
  createGiftSchema,
  giftDetailsSchema,
  type CreateGiftInput,
  type GiftDetailsInput,
} from "@/lib/loyalty/gifts/schemas";

/** Names and points cost: the part of a gift both forms edit. */
function DetailsFields({
  register,
  errors,
}: {
  register: UseFormRegister<GiftDetailsInput>;
  errors: FieldErrors<GiftDetailsInput>;
}) {
  const t = useTranslations("loyaltyGifts");
  return (
    <>
      <Field id="nameZh" label={t("nameZh")} error={errors.nameZh?.message}>
        <Input id="nameZh" lang="zh-CN" aria-invalid={!!errors.nameZh} {...register("nameZh")} />
      </Field>
      <Field id="nameEn" label={t("nameEn")} error={errors.nameEn?.message}>
        <Input id="nameEn" lang="en" aria-invalid={!!errors.nameEn} {...register("nameEn")} />
      </Field>
      <Field id="pointsCost" label={t("pointsCost")} hint={t("pointsCostHint")} error={errors.pointsCost?.message}>
        <Input
          id="pointsCost"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          aria-invalid={!!errors.pointsCost}
          {...register("pointsCost", { valueAsNumber: true })}
        />
      </Field>
    </>
  );
}

export function CreateGiftForm() {
  const t = useTranslations("loyaltyGifts");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<CreateGiftInput>({
    resolver: zodResolver(createGiftSchema, { error: useZodErrorMap() }),
    defaultValues: { code: "", nameZh: "", nameEn: "", pointsCost: 500, stock: 0 },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await createGiftAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push(`/loyalty/gifts/${result.data.id}?saved=1`);
    router.refresh();
  });

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
          <Field id="stock" label={t("openingStock")} hint={t("openingStockHint")} error={errors.stock?.message}>
            <Input
              id="stock"
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              aria-invalid={!!errors.stock}
              {...form.register("stock", { valueAsNumber: true })}
            />
          </Field>
          <DetailsFields register={form.register as unknown as UseFormRegister<GiftDetailsInput>} errors={errors} />
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {t("create")}
        </Button>
        <Link href="/loyalty/gifts" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}

export function EditGiftForm({ giftId, defaults }: { giftId: string; defaults: GiftDetailsInput }) {
  const t = useTranslations("loyaltyGifts");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<GiftDetailsInput>({
    resolver: zodResolver(giftDetailsSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setSaved(false);
    const result = await updateGiftAction({ ...values, id: giftId });
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
        <DetailsFields register={form.register} errors={errors} />
      </div>
      <p className="text-xs text-stone-500">{t("costChangeHint")}</p>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
          {tCommon("save")}
        </Button>
      </div>
    </form>
  );
}

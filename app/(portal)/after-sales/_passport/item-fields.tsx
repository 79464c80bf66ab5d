"use client";

import { useTranslations } from "next-intl";
import { get, useFormContext } from "react-hook-form";
import { Field } from "@/components/form/field";
import { Input, Select } from "@/components/ui/input";
import {
  CERTIFICATE_MAX,
  ITEM_NAME_MAX,
  JEWELRY_CATEGORIES,
  MATERIAL_MAX,
  SIZE_MAX,
  STONES_MAX,
} from "@/lib/after-sales/passports/schemas";

/**
 * The fields that describe a piece (name, category, material, weight in grams, stones, certificate,
 * size), inside a react-hook-form form (FormProvider) whose values hold them at `prefix` (the
 * passport forms: "", the intake form's new piece: "newItem."). Field messages are keys of the
 * `validation` catalogue, which Field translates.
 */
export function ItemFieldsInputs({ prefix = "" }: { prefix?: string }) {
  const t = useTranslations("afterSalesIntake");
  const {
    register,
    formState: { errors },
  } = useFormContext();
  const id = (name: string) => `${prefix}${name}`;
  const error = (name: string) => (get(errors, id(name)) as { message?: string } | undefined)?.message;

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id={id("name")} label={t("item.name")} error={error("name")}>
        <Input id={id("name")} maxLength={ITEM_NAME_MAX} aria-invalid={!!error("name")} {...register(id("name"))} />
      </Field>
      <Field id={id("category")} label={t("item.category")} error={error("category")}>
        <Select id={id("category")} aria-invalid={!!error("category")} {...register(id("category"))}>
          <option value="">{t("item.chooseCategory")}</option>
          {JEWELRY_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`categories.${category}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={id("material")} label={t("item.material")} hint={t("item.materialHint")} error={error("material")}>
        <Input
          id={id("material")}
          maxLength={MATERIAL_MAX}
          aria-invalid={!!error("material")}
          {...register(id("material"))}
        />
      </Field>
      <Field id={id("weight")} label={t("item.weight")} hint={t("item.weightHint")} error={error("weight")}>
        <Input
          id={id("weight")}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          aria-invalid={!!error("weight")}
          {...register(id("weight"))}
        />
      </Field>
      <Field id={id("stoneCount")} label={t("item.stoneCount")} error={error("stoneCount")}>
        <Input
          id={id("stoneCount")}
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={!!error("stoneCount")}
          {...register(id("stoneCount"))}
        />
      </Field>
      <Field id={id("stones")} label={t("item.stones")} hint={t("item.stonesHint")} error={error("stones")}>
        <Input id={id("stones")} maxLength={STONES_MAX} aria-invalid={!!error("stones")} {...register(id("stones"))} />
      </Field>
      <Field
        id={id("certificateNo")}
        label={t("item.certificateNo")}
        hint={t("item.certificateHint")}
        error={error("certificateNo")}
      >
        <Input
          id={id("certificateNo")}
          maxLength={CERTIFICATE_MAX}
          autoComplete="off"
          aria-invalid={!!error("certificateNo")}
          {...register(id("certificateNo"))}
        />
      </Field>
      <Field id={id("size")} label={t("item.size")} hint={t("item.sizeHint")} error={error("size")}>
        <Input id={id("size")} maxLength={SIZE_MAX} aria-invalid={!!error("size")} {...register(id("size"))} />
      </Field>
    </div>
  );
}

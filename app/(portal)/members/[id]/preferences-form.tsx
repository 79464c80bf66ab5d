"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { updateMemberProfileAction } from "@/lib/members/clienteling/actions";
import {
  MALL_CATEGORIES,
  MATERIALS,
  PURPOSES,
  STYLES,
  updateProfileSchema,
  type ClientelingProfile,
  type UpdateProfileInput,
} from "@/lib/members/clienteling/schemas";

function CheckboxGroup<T extends string>({
  name,
  options,
  value,
  label,
  onChange,
}: {
  name: string;
  options: readonly T[];
  value: T[];
  label: (option: T) => string;
  onChange: (next: T[]) => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {options.map((option) => (
        <label
          key={option}
          className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
        >
          <input
            type="checkbox"
            name={name}
            value={option}
            className="size-4 accent-amber-700"
            checked={value.includes(option)}
            onChange={(e) => onChange(e.target.checked ? [...value, option] : value.filter((v) => v !== option))}
          />
          {label(option)}
        </label>
      ))}
    </div>
  );
}

/** The preferences (the clienteling profile) form, from the preferences card's dialog; `onDone` closes it. */
export function PreferencesForm({
  memberId,
  profile,
  onDone,
}: {
  memberId: string;
  profile: ClientelingProfile;
  onDone: () => void;
}) {
  const t = useTranslations("members");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<UpdateProfileInput>({
    resolver: zodResolver(updateProfileSchema, { error: useZodErrorMap() }),
    defaultValues: {
      memberId,
      profile: {
        materials: profile.materials ?? [],
        styles: profile.styles ?? [],
        purpose: profile.purpose,
        budgetMinFen: profile.budgetMinFen,
        budgetMaxFen: profile.budgetMaxFen,
        ringSize: profile.ringSize ?? "",
        brands: profile.brands ?? [],
        mallCategories: profile.mallCategories ?? [],
      },
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await updateMemberProfileAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    onDone();
    router.refresh();
  });

  const budgetError = errors.profile?.budgetMaxFen?.message ?? errors.profile?.budgetMinFen?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="preferences-form">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("materials")}</legend>
        <Controller
          control={form.control}
          name="profile.materials"
          render={({ field }) => (
            <CheckboxGroup
              name="materials"
              options={MATERIALS}
              value={field.value ?? []}
              label={(m) => t(`materialOptions.${m}`)}
              onChange={field.onChange}
            />
          )}
        />
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("styles")}</legend>
        <Controller
          control={form.control}
          name="profile.styles"
          render={({ field }) => (
            <CheckboxGroup
              name="styles"
              options={STYLES}
              value={field.value ?? []}
              label={(s) => t(`styleOptions.${s}`)}
              onChange={field.onChange}
            />
          )}
        />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="purpose" label={t("purpose")}>
          <Controller
            control={form.control}
            name="profile.purpose"
            render={({ field }) => (
              <Select
                id="purpose"
                value={field.value ?? ""}
                onChange={(e) => field.onChange(e.target.value || undefined)}
              >
                <option value="">—</option>
                {PURPOSES.map((p) => (
                  <option key={p} value={p}>
                    {t(`purposeOptions.${p}`)}
                  </option>
                ))}
              </Select>
            )}
          />
        </Field>
        <Field id="ringSize" label={t("ringSize")} error={errors.profile?.ringSize?.message}>
          <Input id="ringSize" {...form.register("profile.ringSize")} />
        </Field>
        <Field id="budgetMin" label={t("budgetMin")} error={budgetError}>
          <Controller
            control={form.control}
            name="profile.budgetMinFen"
            render={({ field }) => <YuanInput id="budgetMin" value={field.value} onChange={field.onChange} />}
          />
        </Field>
        <Field id="budgetMax" label={t("budgetMax")}>
          <Controller
            control={form.control}
            name="profile.budgetMaxFen"
            render={({ field }) => <YuanInput id="budgetMax" value={field.value} onChange={field.onChange} />}
          />
        </Field>
      </div>
      <Field id="brands" label={t("brands")} hint={t("brandsHint")}>
        <Controller
          control={form.control}
          name="profile.brands"
          render={({ field }) => <ListInput id="brands" value={field.value ?? []} onChange={field.onChange} />}
        />
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("mallCategories")}</legend>
        <Controller
          control={form.control}
          name="profile.mallCategories"
          render={({ field }) => (
            <CheckboxGroup
              name="mallCategories"
              options={MALL_CATEGORIES}
              value={field.value ?? []}
              label={(c) => t(`mallCategoryOptions.${c}`)}
              onChange={field.onChange}
            />
          )}
        />
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={isSubmitting}>
          {t("savePreferences")}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          {t("cancelEdit")}
        </Button>
      </div>
    </form>
  );
}

function ListInput({ id, value, onChange }: { id: string; value: string[]; onChange: (next: string[]) => void }) {
  const [text, setText] = useState(value.join("，"));
  return (
    <Input
      id={id}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(/[,，、;；]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

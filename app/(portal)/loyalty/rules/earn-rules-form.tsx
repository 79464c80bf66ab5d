"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import {
  useController,
  useFieldArray,
  useForm,
  type Control,
  type FieldErrors,
  type UseFormRegister,
} from "react-hook-form";
import { Field } from "@/components/form/field";
import { EffectiveFromField, useSaveVersion, VersionSaveStatus } from "@/components/form/versioned-setting";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { saveEarnRulesAction } from "@/lib/loyalty/earn-rules/actions";
import { earnRulesFormSchema, MAX_CAMPAIGNS, type EarnRulesFormInput } from "@/lib/loyalty/earn-rules/schemas";

type StoreOption = { id: string; code: string; name: string; active: boolean };

type EarnRulesFormProps = {
  /** The version in force, as the starting point of the next one. */
  defaults: EarnRulesFormInput;
  stores: StoreOption[];
  /** Today and the current minute in the programme's zone (from the server, so that the client renders no clock). */
  today: string;
  minEffective: string;
};

const NUMBER_FIELDS = [
  "adjustmentApprovalThreshold",
  "parkingPointsPerHour",
  "cashOffsetPointsPerYuan",
  "surveyPoints",
  "referralPoints",
] as const;

export function EarnRulesForm({ defaults, stores, today, minEffective }: EarnRulesFormProps) {
  const t = useTranslations("loyaltyRules");
  const form = useForm<EarnRulesFormInput>({
    resolver: zodResolver(earnRulesFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  const campaigns = useFieldArray({ control: form.control, name: "campaigns" });

  const { onSubmit, error, savedAt } = useSaveVersion(form, saveEarnRulesAction);

  const campaignsMessage = errors.campaigns?.message ?? errors.campaigns?.root?.message;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <VersionSaveStatus
        error={error}
        savedAt={savedAt}
        dirty={isDirty}
        savedMessage={(when) => t("saved", { when })}
      />

      <fieldset className="space-y-4">
        <legend className="mb-2 text-sm font-semibold text-stone-800">{t("pointsSection")}</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {NUMBER_FIELDS.map((name) => (
            <Field
              key={name}
              id={name}
              label={t(name === "adjustmentApprovalThreshold" ? "approvalThreshold" : name)}
              hint={t(`hints.${name}`)}
              error={errors[name]?.message}
            >
              <Input
                id={name}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                aria-invalid={!!errors[name]}
                {...form.register(name, { valueAsNumber: true })}
              />
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold text-stone-800">{t("campaigns")}</legend>
        <p className="text-sm text-stone-600">{t("campaignsHint")}</p>
        {campaignsMessage ? <FieldMessage message={campaignsMessage} /> : null}
        {campaigns.fields.length === 0 ? <p className="text-sm text-stone-500">{t("noCampaigns")}</p> : null}
        {campaigns.fields.map((field, index) => (
          <CampaignRow
            key={field.id}
            index={index}
            register={form.register}
            control={form.control}
            errors={errors}
            stores={stores}
            onRemove={() => campaigns.remove(index)}
          />
        ))}
        {campaigns.fields.length < MAX_CAMPAIGNS ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() =>
              campaigns.append({
                code: "",
                name: "",
                startsOn: today,
                endsOn: today,
                extraMultiplier: "0.5",
                minBaseYuan: "0",
                storeIds: [],
              })
            }
          >
            + {t("addCampaign")}
          </Button>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3 border-t border-stone-200 pt-4">
        <legend className="sr-only">{t("effectiveFrom")}</legend>
        <div className="max-w-xs">
          <EffectiveFromField
            form={form}
            min={minEffective}
            label={t("effectiveFrom")}
            hint={t("effectiveFromHint")}
            error={errors.effectiveFrom?.message}
          />
        </div>
        <Button type="submit" pending={isSubmitting}>
          {t("saveVersion")}
        </Button>
      </fieldset>
    </form>
  );
}

function CampaignRow({
  index,
  register,
  control,
  errors,
  stores,
  onRemove,
}: {
  index: number;
  register: UseFormRegister<EarnRulesFormInput>;
  control: Control<EarnRulesFormInput>;
  errors: FieldErrors<EarnRulesFormInput>;
  stores: StoreOption[];
  onRemove: () => void;
}) {
  const t = useTranslations("loyaltyRules");
  const rowErrors = errors.campaigns?.[index];
  const id = (name: string) => `campaigns-${index}-${name}`;
  return (
    <div
      role="group"
      aria-label={t("campaignNumber", { number: index + 1 })}
      className="space-y-3 rounded-md p-3 ring-1 ring-stone-200"
    >
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium text-stone-700">{t("campaignNumber", { number: index + 1 })}</p>
        <Button
          variant="ghost"
          size="sm"
          onClick={onRemove}
          aria-label={t("removeCampaignLabel", { number: index + 1 })}
        >
          {t("removeCampaign")}
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Field id={id("code")} label={t("campaignCode")} hint={t("campaignCodeHint")} error={rowErrors?.code?.message}>
          <Input
            id={id("code")}
            className="font-mono uppercase"
            autoCapitalize="characters"
            aria-invalid={!!rowErrors?.code}
            {...register(`campaigns.${index}.code`, { setValueAs: (value: string) => value.toUpperCase() })}
          />
        </Field>
        <Field id={id("name")} label={t("campaignName")} error={rowErrors?.name?.message}>
          <Input id={id("name")} aria-invalid={!!rowErrors?.name} {...register(`campaigns.${index}.name`)} />
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <Field id={id("startsOn")} label={t("startsOn")} error={rowErrors?.startsOn?.message}>
            <Input
              id={id("startsOn")}
              type="date"
              aria-invalid={!!rowErrors?.startsOn}
              {...register(`campaigns.${index}.startsOn`)}
            />
          </Field>
          <Field id={id("endsOn")} label={t("endsOn")} error={rowErrors?.endsOn?.message}>
            <Input
              id={id("endsOn")}
              type="date"
              aria-invalid={!!rowErrors?.endsOn}
              {...register(`campaigns.${index}.endsOn`)}
            />
          </Field>
        </div>
        <Field
          id={id("extraMultiplier")}
          label={t("extraMultiplier")}
          hint={t("extraMultiplierHint")}
          error={rowErrors?.extraMultiplier?.message}
        >
          <Input
            id={id("extraMultiplier")}
            inputMode="decimal"
            aria-invalid={!!rowErrors?.extraMultiplier}
            {...register(`campaigns.${index}.extraMultiplier`)}
          />
        </Field>
        <Field
          id={id("minBaseYuan")}
          label={t("minBase")}
          hint={t("minBaseHint")}
          error={rowErrors?.minBaseYuan?.message}
        >
          <Input
            id={id("minBaseYuan")}
            inputMode="decimal"
            aria-invalid={!!rowErrors?.minBaseYuan}
            {...register(`campaigns.${index}.minBaseYuan`)}
          />
        </Field>
      </div>
      <StoreChecklist index={index} control={control} stores={stores} error={rowErrors?.storeIds?.message} />
    </div>
  );
}

/** Stores a campaign applies at; none ticked means every store. Controlled, so that one store still yields a list. */
function StoreChecklist({
  index,
  control,
  stores,
  error,
}: {
  index: number;
  control: Control<EarnRulesFormInput>;
  stores: StoreOption[];
  error?: string;
}) {
  const t = useTranslations("loyaltyRules");
  const { field } = useController({ control, name: `campaigns.${index}.storeIds` });
  const selected = new Set(field.value ?? []);
  const toggle = (storeId: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(storeId);
    else next.delete(storeId);
    field.onChange(stores.map((store) => store.id).filter((storeId) => next.has(storeId)));
  };
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-stone-800">{t("campaignStores")}</legend>
      <p className="mb-2 text-xs text-stone-500">
        {selected.size === 0 ? t("allStoresSelected") : t("someStoresSelected", { count: selected.size })}
      </p>
      {stores.length === 0 ? (
        <p className="text-sm text-stone-500">{t("noStores")}</p>
      ) : (
        <div className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
          {stores
            .filter((store) => store.active || selected.has(store.id))
            .map((store) => (
              <label
                key={store.id}
                className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
              >
                <input
                  type="checkbox"
                  className="size-4 accent-amber-700"
                  checked={selected.has(store.id)}
                  onChange={(e) => toggle(store.id, e.target.checked)}
                  onBlur={field.onBlur}
                />
                <span className="font-mono text-xs text-stone-500">{store.code}</span> {store.name}
                {!store.active ? <span className="text-xs text-stone-400">({t("inactiveStore")})</span> : null}
              </label>
            ))}
        </div>
      )}
      {error ? <FieldMessage message={error} /> : null}
    </fieldset>
  );
}

/** An error that is a validation message key, translated like Field does. */
function FieldMessage({ message }: { message: string }) {
  const tValidation = useTranslations("validation");
  return <p className="mt-1 text-xs text-red-700">{tValidation.has(message) ? tValidation(message) : message}</p>;
}

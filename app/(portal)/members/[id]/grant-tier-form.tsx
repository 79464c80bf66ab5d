"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { grantTierAction } from "@/lib/loyalty/tiers/actions";
import { GRANTABLE_TIERS, grantTierSchema, type GrantTierFormInput } from "@/lib/loyalty/tiers/schemas";

/** A manager grants a tier until a date, with a reason (the tier panel's dialog). */
export function GrantTierForm({ memberId, currentTier }: { memberId: string; currentTier: string }) {
  const t = useTranslations("loyaltyTiers");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm<GrantTierFormInput>({
    resolver: zodResolver(grantTierSchema, { error: useZodErrorMap() }),
    defaultValues: {
      memberId,
      tier: GRANTABLE_TIERS.find((code) => code === currentTier) ?? "silver",
      until: "",
      reason: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const message = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : key);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await grantTierAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setDone(true);
    form.reset({ memberId, tier: values.tier, until: "", reason: "" });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label={t("grantTitle")}>
      {done ? <Alert tone="success">{t("grantedNotice")}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="grant-tier" label={t("grantTier")} error={message(errors.tier?.message)}>
          <Select id="grant-tier" aria-invalid={!!errors.tier} {...form.register("tier")}>
            {GRANTABLE_TIERS.map((code) => (
              <option key={code} value={code}>
                {t(`tiers.${code}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="grant-until"
          label={t("grantUntil")}
          hint={t("grantUntilHint")}
          error={message(errors.until?.message)}
        >
          <Input id="grant-until" type="date" aria-invalid={!!errors.until} {...form.register("until")} />
        </Field>
      </div>
      <Field id="grant-reason" label={t("grantReason")} error={message(errors.reason?.message)}>
        <textarea
          id="grant-reason"
          rows={2}
          className={controlClasses}
          aria-invalid={!!errors.reason}
          {...form.register("reason")}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={isSubmitting}>
          {t("grantSubmit")}
        </Button>
      </div>
    </form>
  );
}

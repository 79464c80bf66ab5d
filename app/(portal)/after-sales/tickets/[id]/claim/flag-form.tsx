"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { flagDefectClaimAction } from "@/lib/after-sales/claims/actions";
import { EVIDENCE_MAX, flagDefectSchema, type FlagDefectInput } from "@/lib/after-sales/claims/schemas";

/** Flag a ticket at inspection as a quality defect: the evidence is required; the claim is free of charge. */
export function FlagDefectForm({ ticketId }: { ticketId: string }) {
  const t = useTranslations("afterSalesCalls.claim");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<FlagDefectInput>({
    resolver: zodResolver(flagDefectSchema, { error: useZodErrorMap() }),
    defaultValues: { ticketId, evidence: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await flagDefectClaimAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-stone-700">{t("flagIntro")}</p>
      <Field id="claim-evidence" label={t("evidence")} hint={t("evidenceHint")} error={errors.evidence?.message}>
        <textarea
          id="claim-evidence"
          rows={5}
          maxLength={EVIDENCE_MAX}
          className={controlClasses}
          aria-invalid={!!errors.evidence}
          {...form.register("evidence")}
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {t("flagSubmit")}
        </Button>
      </div>
    </form>
  );
}

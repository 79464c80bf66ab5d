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
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "@/lib/staff/actions";
import { newPasswordSchema, type NewPasswordInput } from "@/lib/staff/schemas";

export function ChangePasswordForm() {
  const t = useTranslations("changePassword");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<NewPasswordInput>({
    resolver: zodResolver(newPasswordSchema, { error: useZodErrorMap() }),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await changePasswordAction(values);
    if (!result.ok) {
      setError(applyServerErrors(result, form.setError));
      return;
    }
    // Every session of the account ended with the change: sign in again with the new password.
    router.replace("/sign-in?changed=1");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="currentPassword" label={t("current")} error={errors.currentPassword?.message}>
        <Input
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.currentPassword}
          {...form.register("currentPassword")}
        />
      </Field>
      <Field id="newPassword" label={t("new")} hint={t("rule")} error={errors.newPassword?.message}>
        <Input
          id="newPassword"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!errors.newPassword}
          {...form.register("newPassword")}
        />
      </Field>
      <Field id="confirmPassword" label={t("confirm")} error={errors.confirmPassword?.message}>
        <Input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!errors.confirmPassword}
          {...form.register("confirmPassword")}
        />
      </Field>
      <Button type="submit" className="w-full" pending={isSubmitting}>
        {t("submit")}
      </Button>
    </form>
  );
}

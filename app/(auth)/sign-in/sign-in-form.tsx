"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Field } from "@/components/form/field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction } from "@/lib/auth/actions";

const schema = z.object({ username: z.string().trim().min(1, "required"), password: z.string().min(1, "required") });
type Values = z.infer<typeof schema>;

export function SignInForm({ initialError, notice }: { initialError?: string; notice?: string }) {
  const t = useTranslations("signIn");
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { username: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await signInAction(values);
    if (!result.ok) {
      setError(result.message);
      form.resetField("password");
      return;
    }
    router.replace(result.data.redirectTo);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice && !error ? <Alert tone="success">{notice}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="username" label={t("username")} error={errors.username?.message}>
        <Input
          id="username"
          autoComplete="username"
          autoCapitalize="none"
          autoFocus
          aria-invalid={!!errors.username}
          {...form.register("username")}
        />
      </Field>
      <Field id="password" label={t("password")} error={errors.password?.message}>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          {...form.register("password")}
        />
      </Field>
      <Button type="submit" className="w-full" pending={isSubmitting}>
        {t("submit")}
      </Button>
    </form>
  );
}

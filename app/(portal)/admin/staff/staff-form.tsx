"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { ROLES } from "@/lib/auth/roles";
import { createStaffAction, updateStaffAction } from "@/lib/staff/actions";
import { staffFormSchema, type StaffFormInput } from "@/lib/staff/schemas";
import { OneTimePassword } from "./one-time-password";

type StaffFormProps = {
  stores: { id: string; code: string; name: string }[];
  /** Present when editing. */
  staffId?: string;
  defaults?: StaffFormInput;
};

export function StaffForm({ stores, staffId, defaults }: StaffFormProps) {
  const t = useTranslations("staff");
  const tRoles = useTranslations("roles");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ username: string; password: string }>();
  const form = useForm<StaffFormInput>({
    resolver: zodResolver(staffFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults ?? {
      username: "",
      displayName: "",
      email: "",
      mobile: "",
      roles: [],
      storeIds: [],
      allStores: false,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const allStores = form.watch("allStores");

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    if (staffId) {
      const result = await updateStaffAction({ ...values, id: staffId });
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      router.push(`/admin/staff/${staffId}?saved=1`);
      router.refresh();
      return;
    }
    const result = await createStaffAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setCreated({ username: values.username, password: result.data.oneTimePassword ?? "" });
  });

  if (created) {
    return (
      <Card title={t("createdTitle", { username: created.username })}>
        <OneTimePassword password={created.password} />
        <div className="mt-4 flex gap-2">
          <Link href="/admin/staff" className={buttonClasses("primary")}>
            {t("backToList")}
          </Link>
        </div>
      </Card>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("identity")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="username"
            label={t("username")}
            hint={staffId ? undefined : t("usernameHint")}
            error={errors.username?.message}
          >
            <Input
              id="username"
              autoCapitalize="none"
              disabled={!!staffId}
              aria-invalid={!!errors.username}
              {...form.register("username")}
            />
          </Field>
          <Field id="displayName" label={t("displayName")} error={errors.displayName?.message}>
            <Input id="displayName" aria-invalid={!!errors.displayName} {...form.register("displayName")} />
          </Field>
          <Field id="email" label={t("workEmail")} hint={t("workContactHint")} error={errors.email?.message}>
            <Input
              id="email"
              type="email"
              autoComplete="off"
              aria-invalid={!!errors.email}
              {...form.register("email")}
            />
          </Field>
          <Field id="mobile" label={t("workMobile")} error={errors.mobile?.message}>
            <Input
              id="mobile"
              inputMode="tel"
              autoComplete="off"
              aria-invalid={!!errors.mobile}
              {...form.register("mobile")}
            />
          </Field>
        </div>
      </Card>
      <Card title={t("roles")}>
        <fieldset>
          <legend className="sr-only">{t("roles")}</legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {ROLES.map((role) => (
              <label
                key={role}
                className="flex items-center gap-2 rounded-md px-2 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
              >
                <input type="checkbox" value={role} className="size-4 accent-amber-700" {...form.register("roles")} />
                {tRoles(role)}
              </label>
            ))}
          </div>
          {errors.roles ? <p className="mt-1 text-xs text-red-700">{t("rolesRequired")}</p> : null}
        </fieldset>
      </Card>
      <Card title={t("stores")}>
        <label className="mb-3 flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-amber-700" {...form.register("allStores")} />
          {t("allStoresLabel")}
        </label>
        <fieldset disabled={allStores}>
          <legend className="sr-only">{t("stores")}</legend>
          {stores.length === 0 ? (
            <p className="text-sm text-stone-500">{t("noStores")}</p>
          ) : (
            <div className="grid gap-2 sm:grid-cols-2">
              {stores.map((store) => (
                <label
                  key={store.id}
                  className="flex items-center gap-2 rounded-md px-2 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50 has-disabled:opacity-50"
                >
                  <input
                    type="checkbox"
                    value={store.id}
                    className="size-4 accent-amber-700"
                    {...form.register("storeIds")}
                  />
                  <span className="font-mono text-xs text-stone-500">{store.code}</span> {store.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {staffId ? tCommon("save") : t("create")}
        </Button>
        <Link href={staffId ? `/admin/staff/${staffId}` : "/admin/staff"} className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { createApiKeyAction } from "@/lib/api-keys/actions";
import {
  API_KEY_KINDS,
  createApiKeySchema,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type ApiKeyKind,
  type CreateApiKeyFormInput,
  type CreateApiKeyInput,
} from "@/lib/api-keys/schemas";
import { KIND_HINT, KIND_LABEL } from "./api-key-kind";
import { CreatedApiKey } from "./created-api-key";

export function ApiKeyForm({ stores }: { stores: { id: string; label: string }[] }) {
  const t = useTranslations("apiKeys");
  const tCommon = useTranslations("common");
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ key: string; name: string; store: string; kind: ApiKeyKind }>();
  const form = useForm<CreateApiKeyFormInput, unknown, CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores[0]?.id ?? "",
      name: "",
      kind: "pos",
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
    },
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;
  const kind = useWatch({ control: form.control, name: "kind" }) ?? "pos";

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await createApiKeyAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setCreated({
      key: result.data.key,
      name: values.name,
      store: stores.find((s) => s.id === values.storeId)?.label ?? "",
      kind: result.data.kind,
    });
  });

  if (created) {
    return (
      <Card title={t("createdTitle", { name: created.name })}>
        <p className="mb-3 text-sm text-stone-600">{t("createdFor", { store: created.store })}</p>
        <CreatedApiKey apiKey={created.key} kind={created.kind} />
        <div className="mt-4 flex gap-2">
          <Link href="/admin/api-keys" className={buttonClasses("primary")}>
            {t("backToList")}
          </Link>
        </div>
      </Card>
    );
  }

  if (stores.length === 0) return <Alert tone="warning">{t("noStores")}</Alert>;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("keyDetails")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="storeId" label={t("store")} hint={t("storeHint")} error={errors.storeId?.message}>
            <Select id="storeId" aria-invalid={!!errors.storeId} {...form.register("storeId")}>
              {stores.map((store) => (
                <option key={store.id} value={store.id}>
                  {store.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="name" label={t("name")} hint={t("nameHint")} error={errors.name?.message}>
            <Input
              id="name"
              maxLength={80}
              placeholder={t("namePlaceholder")}
              aria-invalid={!!errors.name}
              {...form.register("name")}
            />
          </Field>
          <Field id="kind" label={t("kind")} hint={t(KIND_HINT[kind])} error={errors.kind?.message}>
            <Select id="kind" aria-invalid={!!errors.kind} {...form.register("kind")}>
              {API_KEY_KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(KIND_LABEL[value])}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="rateLimitPerMinute"
            label={t("rateLimit")}
            hint={t("rateLimitHint")}
            error={errors.rateLimitPerMinute?.message}
          >
            <Input
              id="rateLimitPerMinute"
              type="number"
              inputMode="numeric"
              min={1}
              max={100000}
              step={1}
              aria-invalid={!!errors.rateLimitPerMinute}
              {...form.register("rateLimitPerMinute", { valueAsNumber: true })}
            />
          </Field>
        </div>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting} disabled={isSubmitSuccessful}>
          {t("create")}
        </Button>
        <Link href="/admin/api-keys" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}

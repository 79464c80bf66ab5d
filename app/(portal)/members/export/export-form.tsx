"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import {
  EXPORT_STAGES,
  EXPORT_TIERS,
  exportFormSchema,
  exportQueryString,
  type ExportColumn,
  type ExportFormInput,
} from "@/lib/members/export/schemas";

type ExportFormProps = {
  defaults: ExportFormInput;
  columns: ExportColumn[];
  options: { stores: { id: string; label: string }[]; advisors: { id: string; label: string }[]; tags: string[] };
};

/** Columns holding personal data: flagged so that a manager exports them only when needed. */
const PERSONAL_COLUMNS = new Set<ExportColumn>(["name", "phone", "email", "address", "birthday"]);

export function ExportForm({ defaults, columns, options }: ExportFormProps) {
  const t = useTranslations("memberPrivacy.export");
  const tShared = useTranslations("memberPrivacy");
  const [started, setStarted] = useState(false);
  const form = useForm<ExportFormInput>({
    resolver: zodResolver(exportFormSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setStarted(true);
    // A route handler, not a page: a plain link click lets the browser download the attachment and stay here.
    const link = document.createElement("a");
    link.href = `/members/export/csv?${exportQueryString(values)}`;
    link.download = "";
    link.click();
    // No completion event for a download: keep the button busy briefly against double clicks.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <Alert tone="warning">{t("unmaskedWarning")}</Alert>
      {started ? <Alert tone="success">{t("started")}</Alert> : null}
      <Card title={t("columnsTitle")}>
        <fieldset aria-describedby={errors.columns ? "columns-error" : undefined}>
          <legend className="sr-only">{t("columnsTitle")}</legend>
          <div className="grid gap-2 sm:grid-cols-3 lg:grid-cols-4">
            {columns.map((column) => (
              <label
                key={column}
                className="flex items-center gap-2 rounded-md px-2 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
              >
                <input
                  type="checkbox"
                  value={column}
                  className="size-4 accent-amber-700"
                  {...form.register("columns")}
                />
                <span>{t(`columns.${column}`)}</span>
                {PERSONAL_COLUMNS.has(column) ? (
                  <span className="ml-auto text-xs text-amber-800">{t("personal")}</span>
                ) : null}
              </label>
            ))}
          </div>
          {errors.columns ? (
            <p id="columns-error" className="mt-2 text-xs text-red-700">
              {t("noColumns")}
            </p>
          ) : null}
        </fieldset>
      </Card>
      <Card title={t("filtersTitle")}>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Field id="q" label={t("q")} hint={t("qHint")} error={errors.q?.message}>
            <Input id="q" {...form.register("q")} />
          </Field>
          <Field id="store" label={t("store")}>
            <Select id="store" {...form.register("store")}>
              <option value="">{t("any")}</option>
              {options.stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="tier" label={t("tier")}>
            <Select id="tier" {...form.register("tier")}>
              <option value="">{t("any")}</option>
              {EXPORT_TIERS.map((tier) => (
                <option key={tier} value={tier}>
                  {tShared(`tiers.${tier}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="stage" label={t("stage")}>
            <Select id="stage" {...form.register("stage")}>
              <option value="">{t("any")}</option>
              {EXPORT_STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {tShared(`stages.${stage}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="advisor" label={t("advisor")}>
            <Select id="advisor" {...form.register("advisor")}>
              <option value="">{t("any")}</option>
              {options.advisors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="tag" label={t("tag")}>
            <Select id="tag" {...form.register("tag")}>
              <option value="">{t("any")}</option>
              {options.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Card>
      <div className="flex items-center gap-3">
        <Button type="submit" pending={isSubmitting}>
          {t("download")}
        </Button>
        <p className="text-sm text-stone-600">{t("auditNotice")}</p>
      </div>
    </form>
  );
}

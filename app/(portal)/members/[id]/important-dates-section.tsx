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
import { Input, Select } from "@/components/ui/input";
import { addMemberImportantDateAction, removeMemberImportantDateAction } from "@/lib/members/clienteling/actions";
import {
  addImportantDateSchema,
  IMPORTANT_DATE_KINDS,
  type AddImportantDateInput,
} from "@/lib/members/clienteling/schemas";
import { Empty, useFormatDay, useRemove } from "./section-helpers";

export type ImportantDateView = {
  id: string;
  kind: (typeof IMPORTANT_DATE_KINDS)[number];
  label: string | null;
  date: string;
};

export function ImportantDatesSection({
  memberId,
  dates,
  canWrite,
}: {
  memberId: string;
  dates: ImportantDateView[];
  canWrite: boolean;
}) {
  const t = useTranslations("members");
  const formatDay = useFormatDay();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const { pending, error: removeError, remove } = useRemove();
  const form = useForm<AddImportantDateInput>({
    resolver: zodResolver(addImportantDateSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, kind: "anniversary", label: "", date: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberImportantDateAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ memberId, kind: "anniversary", label: "", date: "" });
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {error || removeError ? <Alert tone="error">{error ?? removeError}</Alert> : null}
      {dates.length === 0 ? (
        <Empty>{t("importantDatesEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {dates.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{d.label || t(`dateKinds.${d.kind}`)}</span>
                {d.label ? <span className="ml-1 text-xs text-stone-500">{t(`dateKinds.${d.kind}`)}</span> : null}
                <span className="ml-2 text-stone-600">{formatDay(d.date)}</span>
              </span>
              {canWrite ? (
                <Button
                  variant="ghost"
                  size="sm"
                  pending={pending}
                  onClick={() => remove(() => removeMemberImportantDateAction({ memberId, id: d.id }))}
                  aria-label={t("removeItem", { item: d.label || t(`dateKinds.${d.kind}`) })}
                >
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="grid grid-cols-2 items-end gap-2">
          <Field id="date-kind" label={t("dateKind")}>
            <Select id="date-kind" {...form.register("kind")}>
              {IMPORTANT_DATE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`dateKinds.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="date-value" label={t("date")} error={errors.date?.message}>
            <Input id="date-value" type="date" aria-invalid={!!errors.date} {...form.register("date")} />
          </Field>
          <div className="col-span-2">
            <Field id="date-label" label={t("dateLabel")} error={errors.label?.message}>
              <Input id="date-label" {...form.register("label")} />
            </Field>
          </div>
          <Button
            type="submit"
            size="sm"
            className="col-span-2 justify-self-start whitespace-nowrap"
            pending={isSubmitting}
          >
            {t("addDate")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

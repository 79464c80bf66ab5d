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
import { addMemberImportantDateAction } from "@/lib/members/clienteling/actions";
import {
  addImportantDateSchema,
  IMPORTANT_DATE_KINDS,
  type AddImportantDateInput,
} from "@/lib/members/clienteling/schemas";

/** An important date of the member (anniversary…), from the dates card's dialog; `onDone` closes it once saved. */
export function AddDateForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const t = useTranslations("members");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<AddImportantDateInput>({
    resolver: zodResolver(addImportantDateSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, kind: "anniversary", label: "", date: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberImportantDateAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    onDone();
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid grid-cols-2 items-end gap-3">
      {error ? (
        <div className="col-span-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
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
      <Button type="submit" className="col-span-2 justify-self-start" pending={isSubmitting}>
        {t("addDate")}
      </Button>
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { updateItemAction } from "@/lib/after-sales/passports/actions";
import { updateItemSchema, type UpdateItemInput, type UpdateItemValues } from "@/lib/after-sales/passports/schemas";
import { ItemFieldsInputs } from "../../_passport/item-fields";

/** Edits what describes the piece (its member, store and sale stay); the passport refreshes. */
export function EditItemForm({ defaults }: { defaults: UpdateItemInput }) {
  const t = useTranslations("afterSalesIntake");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<UpdateItemInput, unknown, UpdateItemValues>({
    resolver: zodResolver(updateItemSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { isSubmitting, isDirty } = form.formState;

  const submit = form.handleSubmit(async () => {
    setError(undefined);
    setSaved(false);
    // The form's own text (grams as typed): the action parses it again with the same schema.
    const result = await updateItemAction(form.getValues());
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset(form.getValues());
    setSaved(true);
    router.refresh();
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {saved && !isDirty ? <Alert tone="success">{t("passport.saved")}</Alert> : null}
        <ItemFieldsInputs />
        <div className="flex justify-end">
          <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
            {t("passport.save")}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

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
import { controlClasses } from "@/components/ui/input";
import { addMemberNoteAction } from "@/lib/members/clienteling/actions";
import { addNoteSchema, type AddNoteInput } from "@/lib/members/clienteling/schemas";

/** A note about the member, from the notes card's dialog; `onDone` closes it once saved. */
export function AddNoteForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const t = useTranslations("members");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<AddNoteInput>({
    resolver: zodResolver(addNoteSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, body: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberNoteAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    onDone();
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="note-body" label={t("noteBody")} error={errors.body?.message}>
        <textarea
          id="note-body"
          rows={4}
          placeholder={t("notePlaceholder")}
          className={controlClasses}
          aria-invalid={!!errors.body}
          {...form.register("body")}
        />
      </Field>
      <Button type="submit" pending={isSubmitting}>
        {t("addNote")}
      </Button>
    </form>
  );
}

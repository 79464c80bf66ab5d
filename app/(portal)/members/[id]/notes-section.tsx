"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
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
import { Empty } from "./section-helpers";

export type NoteView = { id: string; body: string; createdAt: Date; authorName: string | null };

export function NotesSection({
  memberId,
  notes,
  canWrite,
  limit,
}: {
  memberId: string;
  notes: NoteView[];
  canWrite: boolean;
  limit: number;
}) {
  const t = useTranslations("members");
  const format = useFormatter();
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
    form.reset({ memberId, body: "" });
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="space-y-2">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field id="note-body" label={<span className="sr-only">{t("noteBody")}</span>} error={errors.body?.message}>
            <textarea
              id="note-body"
              rows={2}
              placeholder={t("notePlaceholder")}
              className={controlClasses}
              aria-invalid={!!errors.body}
              {...form.register("body")}
            />
          </Field>
          <Button type="submit" size="sm" pending={isSubmitting}>
            {t("addNote")}
          </Button>
        </form>
      ) : null}
      {notes.length === 0 ? (
        <Empty>{t("notesEmpty")}</Empty>
      ) : (
        <ol className="max-h-72 space-y-3 overflow-y-auto pr-1" data-testid="notes-timeline">
          {notes.map((note) => (
            <li key={note.id} className="border-l-2 border-amber-200 pl-3">
              <p className="text-xs text-stone-500">
                {note.authorName ?? t("unknownAuthor")} ·{" "}
                {format.dateTime(new Date(note.createdAt), { dateStyle: "medium", timeStyle: "short" })}
              </p>
              <p className="text-sm whitespace-pre-wrap text-stone-800">{note.body}</p>
            </li>
          ))}
          {notes.length >= limit ? (
            <li className="text-xs text-stone-500">{t("notesTruncated", { count: limit })}</li>
          ) : null}
        </ol>
      )}
    </div>
  );
}

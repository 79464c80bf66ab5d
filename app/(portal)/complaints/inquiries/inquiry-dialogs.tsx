"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES } from "@/lib/complaints/cases/schemas";
import { answerInquiryAction, convertInquiryAction } from "@/lib/complaints/inquiries/actions";
import type { InquiryListRow } from "@/lib/complaints/inquiries/queries";
import {
  answerInquirySchema,
  convertInquirySchema,
  type AnswerInquiryInput,
  type ConvertInquiryInput,
} from "@/lib/complaints/inquiries/schemas";

/** A button that opens a modal form: title, the question for context, fields, cancel and submit. */
function FormDialog<T extends FieldValues>({
  id,
  label,
  title,
  question,
  submitLabel,
  form,
  onSubmit,
  error,
  onClosed,
  children,
  dialogRef,
}: {
  id: string;
  label: string;
  title: string;
  question: string;
  submitLabel: string;
  form: UseFormReturn<T, unknown, unknown>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error?: string;
  onClosed: () => void;
  children: ReactNode;
  dialogRef: React.RefObject<HTMLDialogElement | null>;
}) {
  const tCommon = useTranslations("common");
  const { isSubmitting } = form.formState;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => dialogRef.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-lg rounded-lg p-0 text-left shadow-xl backdrop:bg-stone-900/40"
        onClose={onClosed}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="space-y-3 p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {title}
            </h2>
            <p className="rounded-md bg-stone-50 p-3 text-sm whitespace-pre-wrap text-stone-700">{question}</p>
            {error ? <Alert tone="error">{error}</Alert> : null}
            {children}
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={isSubmitting}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" pending={isSubmitting}>
              {submitLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** Answers an inquiry (or corrects the answer: the time to answer stays the first answer's). */
export function AnswerInquiryButton({ inquiry }: { inquiry: InquiryListRow }) {
  const t = useTranslations("complaintFollowUp.inquiries");
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<AnswerInquiryInput>({
    resolver: zodResolver(answerInquirySchema, { error: useZodErrorMap() }),
    defaultValues: { inquiryId: inquiry.id, answer: inquiry.answer ?? "" },
  });
  const message = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);
  const id = `answer-${inquiry.id}`;
  const submit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      const result = await answerInquiryAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      ref.current?.close();
      router.refresh();
    })(event);
  return (
    <FormDialog
      id={id}
      dialogRef={ref}
      label={inquiry.answer ? t("editAnswer") : t("answer")}
      title={t("answerTitle")}
      question={inquiry.question}
      submitLabel={t("saveAnswer")}
      form={form}
      onSubmit={submit}
      error={error}
      onClosed={() => setError(undefined)}
    >
      <Field id={`${id}-text`} label={t("answerLabel")} error={message(form.formState.errors.answer?.message)}>
        <textarea id={`${id}-text`} rows={5} className={controlClasses} {...form.register("answer")} />
      </Field>
    </FormDialog>
  );
}

/** Turns an inquiry into a complaint: category and severity chosen here, everything else carried over. */
export function ConvertInquiryButton({ inquiry }: { inquiry: InquiryListRow }) {
  const t = useTranslations("complaintFollowUp.inquiries");
  const tc = useTranslations("complaints");
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<ConvertInquiryInput>({
    resolver: zodResolver(convertInquirySchema, { error: useZodErrorMap() }),
    defaultValues: {
      inquiryId: inquiry.id,
      category: undefined,
      severity: "medium",
      customerName: "",
      customerContact: "",
      regulatorDeadline: "",
    },
  });
  const { errors } = form.formState;
  const message = (key: string | undefined) =>
    key && t.has(`validation.${key}`)
      ? t(`validation.${key}`)
      : key && tc.has(`validation.${key}`)
        ? tc(`validation.${key}` as "validation.categoryRequired")
        : key;
  const id = `convert-${inquiry.id}`;
  const submit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      const result = await convertInquiryAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      ref.current?.close();
      router.push(`/complaints/${result.data.complaintId}`);
    })(event);
  return (
    <FormDialog
      id={id}
      dialogRef={ref}
      label={t("convert")}
      title={t("convertTitle")}
      question={inquiry.question}
      submitLabel={t("convertSubmit")}
      form={form}
      onSubmit={submit}
      error={error}
      onClosed={() => setError(undefined)}
    >
      <p className="text-sm text-stone-600">{t("convertHint")}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${id}-category`} label={tc("category")} error={message(errors.category?.message)}>
          <Select id={`${id}-category`} {...form.register("category")}>
            <option value="">{tc("intake.chooseCategory")}</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tc(`categories.${c}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-severity`} label={tc("severity")} error={message(errors.severity?.message)}>
          <Select id={`${id}-severity`} {...form.register("severity")}>
            {COMPLAINT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {tc(`severities.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {inquiry.customerKnown ? null : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${id}-name`} label={tc("intake.customerName")} error={message(errors.customerName?.message)}>
            <Input id={`${id}-name`} {...form.register("customerName")} />
          </Field>
          <Field
            id={`${id}-contact`}
            label={tc("intake.customerContact")}
            error={message(errors.customerContact?.message)}
          >
            <Input id={`${id}-contact`} {...form.register("customerContact")} />
          </Field>
        </div>
      )}
      {inquiry.channel === "regulator_12315" ? (
        <Field id={`${id}-deadline`} label={tc("regulatorDeadline")} error={message(errors.regulatorDeadline?.message)}>
          <Input id={`${id}-deadline`} type="date" {...form.register("regulatorDeadline")} />
        </Field>
      ) : null}
    </FormDialog>
  );
}

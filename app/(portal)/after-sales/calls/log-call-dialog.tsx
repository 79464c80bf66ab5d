"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClasses } from "@/components/ui/input";
import { logFollowUpCallAction } from "@/lib/after-sales/follow-ups/actions";
import {
  CALL_COMMENTS_MAX,
  FOLLOW_UP_OUTCOMES,
  MAX_CALL_ATTEMPTS,
  SATISFACTION_SCORES,
  logFollowUpCallSchema,
  opensComplaint,
  type FollowUpKind,
  type FollowUpOutcome,
  type LogFollowUpCallInput,
} from "@/lib/after-sales/follow-ups/schemas";

export type LoggedNotice = { message: string; complaintId: string | null; complaintReference: string | null };

/** What the dialog restates about the call it logs. */
export type DialogCall = { id: string; memberName: string; kind: FollowUpKind; attempts: number; about: string };

const choice = (selected: boolean) =>
  cn(
    "flex min-h-12 items-center justify-center rounded-lg border px-3 text-sm font-medium transition",
    selected
      ? "border-amber-600 bg-amber-600 text-white"
      : "border-stone-300 bg-white text-stone-800 hover:border-amber-500",
  );

/**
 * "Log call": the outcome as three large buttons, the 1–5 satisfaction when the customer was
 * reached, comments. A 1 or 2 warns that a complaint will be opened (the server opens it once).
 * The server validates with the same schema and puts its field errors next to the fields.
 */
export function LogCallDialog({ call, onDone }: { call: DialogCall; onDone: (notice: LoggedNotice) => void }) {
  const t = useTranslations("afterSalesCalls");
  const tCommon = useTranslations("common");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const defaults: LogFollowUpCallInput = {
    callId: call.id,
    outcome: "" as FollowUpOutcome,
    satisfaction: null,
    comments: "",
  };
  const form = useForm<LogFollowUpCallInput>({
    resolver: zodResolver(logFollowUpCallSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const outcome = useWatch({ control: form.control, name: "outcome" });
  const satisfaction = useWatch({ control: form.control, name: "satisfaction" });
  const id = `log-call-${call.id}`;

  // Built per submit (not during render): the handler closes the dialog through its ref.
  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const result = await logFollowUpCallAction(values);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      dialogRef.current?.close();
      const { status, complaintId, complaintReference } = result.data;
      onDone({
        message: t(`log.done.${status}`, { member: call.memberName }),
        complaintId,
        complaintReference,
      });
    })(event);

  return (
    <>
      <Button variant="primary" onClick={() => dialogRef.current?.showModal()}>
        {t("log.open")}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        onClose={() => {
          setError(undefined);
          form.reset(defaults);
        }}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="max-h-[75vh] space-y-4 overflow-y-auto p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {t("log.title")}
            </h2>
            {error ? <Alert tone="error">{error}</Alert> : null}
            <div className="rounded-md bg-stone-50 px-3 py-2 text-sm">
              <p className="font-medium text-stone-900">
                {call.memberName} · {t(`kinds.${call.kind}`)}
              </p>
              <p className="text-stone-700">{call.about}</p>
              <p className="text-xs text-stone-500">
                {t("log.attemptOf", { attempt: call.attempts + 1, max: MAX_CALL_ATTEMPTS })}
              </p>
            </div>

            <fieldset>
              <legend className="text-sm font-medium text-stone-800">{t("log.outcome")}</legend>
              <div className="mt-2 grid grid-cols-3 gap-2" role="radiogroup" aria-label={t("log.outcome")}>
                {FOLLOW_UP_OUTCOMES.map((value) => (
                  <button
                    key={value}
                    type="button"
                    role="radio"
                    aria-checked={outcome === value}
                    className={choice(outcome === value)}
                    onClick={() => {
                      form.setValue("outcome", value, { shouldValidate: form.formState.isSubmitted });
                      if (value !== "reached") form.setValue("satisfaction", null);
                    }}
                  >
                    {t(`outcomes.${value}`)}
                  </button>
                ))}
              </div>
              {errors.outcome?.message ? (
                <FieldMessage message={errors.outcome.message} />
              ) : outcome === "no_answer" ? (
                <p className="mt-1 text-xs text-stone-500">
                  {call.attempts + 1 >= MAX_CALL_ATTEMPTS ? t("log.noAnswerLast") : t("log.noAnswerRetry")}
                </p>
              ) : outcome === "wrong_number" ? (
                <p className="mt-1 text-xs text-stone-500">{t("log.wrongNumberHint")}</p>
              ) : null}
            </fieldset>

            {outcome === "reached" ? (
              <fieldset>
                <legend className="text-sm font-medium text-stone-800">{t("log.satisfaction")}</legend>
                <div className="mt-2 grid grid-cols-5 gap-2" role="radiogroup" aria-label={t("log.satisfaction")}>
                  {SATISFACTION_SCORES.map((value) => (
                    <button
                      key={value}
                      type="button"
                      role="radio"
                      aria-checked={satisfaction === value}
                      aria-label={t(`scores.${value}`)}
                      className={cn(choice(satisfaction === value), "text-lg")}
                      onClick={() =>
                        form.setValue("satisfaction", value, { shouldValidate: form.formState.isSubmitted })
                      }
                    >
                      {value}
                    </button>
                  ))}
                </div>
                <div className="mt-1 flex justify-between text-xs text-stone-500">
                  <span>{t("scores.1")}</span>
                  <span>{t("scores.5")}</span>
                </div>
                {errors.satisfaction?.message ? <FieldMessage message={errors.satisfaction.message} /> : null}
                {opensComplaint("reached", satisfaction) ? (
                  <Alert tone="warning" className="mt-2">
                    {t("log.complaintWarning")}
                  </Alert>
                ) : null}
              </fieldset>
            ) : null}

            <Field
              id={`${id}-comments`}
              label={t("log.comments")}
              hint={t("log.commentsHint")}
              error={errors.comments?.message}
            >
              <textarea
                id={`${id}-comments`}
                rows={3}
                maxLength={CALL_COMMENTS_MAX}
                className={controlClasses}
                aria-invalid={!!errors.comments}
                {...form.register("comments")}
              />
            </Field>
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={isSubmitting}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" variant="primary" pending={isSubmitting}>
              {t("log.submit")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** A field message: a key of the validation catalogue, or zod's own sentence. */
function FieldMessage({ message }: { message: string }) {
  const tv = useTranslations("validation");
  return <p className="mt-1 text-xs text-red-700">{tv.has(message) ? tv(message) : message}</p>;
}

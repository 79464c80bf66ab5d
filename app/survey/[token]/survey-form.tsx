"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { answerSurveyAction } from "@/lib/complaints/follow-up/actions";
import {
  answerSurveySchema,
  SURVEY_COMMENT_MAX,
  SURVEY_SCORES,
  type AnswerSurveyInput,
} from "@/lib/complaints/follow-up/schemas";

/** The 1–5 score as five large buttons (thumbs on a phone) and an optional comment; one answer. */
export function SurveyForm({ token }: { token: string }) {
  const t = useTranslations("complaintFollowUp.survey");
  const [done, setDone] = useState<"thanks" | "answered" | "expired" | null>(null);
  const [error, setError] = useState<string>();
  const form = useForm<AnswerSurveyInput>({
    resolver: zodResolver(answerSurveySchema, { error: useZodErrorMap() }),
    defaultValues: { token, comment: "" },
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;
  const score = useWatch({ control: form.control, name: "score" });
  const fieldMessage = (key: string | undefined) =>
    key ? (t.has(`validation.${key}`) ? t(`validation.${key}`) : key) : undefined;

  const onSubmit = form.handleSubmit(async (input) => {
    setError(undefined);
    const result = await answerSurveyAction(input);
    if (result.ok) return setDone("thanks");
    const reason = result.details?.reason;
    if (result.code === "conflict" && (reason === "answered" || reason === "expired")) return setDone(reason);
    if (result.code === "not_found") return setDone("expired");
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages?.[0]) form.setError(field as "score" | "comment", { type: "server", message: messages[0] });
    }
    setError(t("failed"));
  });

  if (done) {
    const message = done === "thanks" ? t("thanks") : done === "answered" ? t("alreadyAnswered") : t("expired");
    return <p className="rounded-md bg-emerald-50 p-4 text-stone-800">{message}</p>;
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset>
        <legend className="text-base font-medium text-stone-900">{t("scoreQuestion")}</legend>
        <div className="mt-3 grid grid-cols-5 gap-2" role="radiogroup" aria-label={t("scoreQuestion")}>
          {SURVEY_SCORES.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={Number(score) === value}
              aria-label={t(`scores.${value}`)}
              onClick={() => form.setValue("score", value, { shouldValidate: true })}
              className={cn(
                "flex h-16 flex-col items-center justify-center rounded-lg border text-2xl font-semibold transition",
                Number(score) === value
                  ? "border-amber-600 bg-amber-600 text-white"
                  : "border-stone-300 bg-white text-stone-800 hover:border-amber-500",
              )}
            >
              {value}
            </button>
          ))}
        </div>
        <div className="mt-1 flex justify-between text-xs text-stone-500">
          <span>{t("scores.1")}</span>
          <span>{t("scores.5")}</span>
        </div>
        {errors.score ? <p className="mt-1 text-sm text-red-700">{fieldMessage(errors.score.message)}</p> : null}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="survey-comment" className="block text-sm font-medium text-stone-800">
          {t("commentLabel")}
        </label>
        <textarea
          id="survey-comment"
          rows={4}
          maxLength={SURVEY_COMMENT_MAX}
          className="w-full rounded-md border border-stone-300 p-3 text-base"
          aria-invalid={!!errors.comment}
          {...form.register("comment")}
        />
        {errors.comment ? <p className="text-sm text-red-700">{fieldMessage(errors.comment.message)}</p> : null}
      </div>
      <Button type="submit" pending={isSubmitting} disabled={isSubmitSuccessful} className="h-12 w-full text-base">
        {t("submit")}
      </Button>
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { decideCompensationAction } from "@/lib/complaints/resolution/actions";
import type { PendingCompensationRow } from "@/lib/complaints/resolution/queries";
import { decideCompensationSchema, type DecideCompensationInput } from "@/lib/complaints/resolution/schemas";
import { formatFen } from "@/lib/money";

/**
 * Approve or reject one goodwill compensation, each behind a dialog that restates what is decided. A
 * note is optional on approval and required on rejection; the server also refuses the maker,
 * anything already decided and an approval the month's budget cannot take.
 */
export function CompensationDecisionButtons({
  target,
  onDecided,
}: {
  target: PendingCompensationRow;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("complaintResolution");
  return (
    <div className="flex flex-wrap gap-2">
      <DecisionDialog target={target} approve onDecided={onDecided} trigger={t("approve")} />
      <DecisionDialog target={target} approve={false} onDecided={onDecided} trigger={t("reject")} />
    </div>
  );
}

function DecisionDialog({
  target,
  approve,
  trigger,
  onDecided,
}: {
  target: PendingCompensationRow;
  approve: boolean;
  trigger: string;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("complaintResolution");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const locale = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<DecideCompensationInput>({
    resolver: zodResolver(decideCompensationSchema, { error: useZodErrorMap() }),
    defaultValues: { compensationId: target.id, approve, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `${approve ? "approve" : "reject"}-compensation-${target.id}`;
  const values = { points: format.number(target.points ?? 0), reference: target.complaintReference };
  const noteError = errors.note?.message;
  const overBudget = target.budgetFen === null || target.remainingFen < target.valueFen;

  const close = () => {
    ref.current?.close();
    setError(undefined);
    form.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      const result = await decideCompensationAction(input);
      if (!result.ok) {
        const message = applyServerErrors(result, form.setError);
        const remaining = result.details?.remainingFen;
        return setError(
          typeof remaining === "number"
            ? `${message} ${t("budgetRemainingNow", { remaining: formatFen(remaining, locale) })}`
            : message,
        );
      }
      close();
      onDecided(approve ? t("approvedNotice", values) : t("rejectedNotice", values));
    })(event);

  return (
    <>
      <Button variant={approve ? "primary" : "secondary"} size="sm" onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        onClose={() => setError(undefined)}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="space-y-3 p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {approve ? t("approveTitle", values) : t("rejectTitle", values)}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-500">{t("member")}</dt>
              <dd className="text-stone-800">{target.memberName}</dd>
              <dt className="text-stone-500">{t("reason")}</dt>
              <dd className="break-words whitespace-pre-line text-stone-800">{target.reason}</dd>
              <dt className="text-stone-500">{t("requestedBy")}</dt>
              <dd className="text-stone-800">{target.requestedByName}</dd>
              <dt className="text-stone-500">{t("budgetRemaining")}</dt>
              <dd className="text-stone-800">
                {target.budgetFen === null ? t("noBudget") : formatFen(target.remainingFen, locale)}
              </dd>
            </dl>
            {approve && overBudget ? <Alert tone="warning">{t("overBudgetWarning")}</Alert> : null}
            {error ? <Alert tone="error">{error}</Alert> : null}
            <Field
              id={`${id}-note`}
              label={approve ? t("noteOptional") : t("noteRequired")}
              error={noteError && t.has(`validation.${noteError}`) ? t(`validation.${noteError}`) : noteError}
            >
              <textarea
                id={`${id}-note`}
                rows={3}
                maxLength={500}
                className={controlClasses}
                aria-invalid={!!errors.note}
                {...form.register("note")}
              />
            </Field>
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={isSubmitting}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" variant={approve ? "primary" : "danger"} pending={isSubmitting}>
              {approve ? t("confirmApprove") : t("confirmReject")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

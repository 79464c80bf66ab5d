"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import type { FieldError, FieldValues, UseFormRegisterReturn, UseFormReturn } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

/**
 * The approve-or-reject dialog shared by the points adjustments and the stored-value bonuses: a
 * trigger button, a native <dialog> restating what is decided, a note (optional on approval,
 * required on rejection) and the confirm button. The caller owns the form and what it restates.
 */
export function DecisionDialogFrame<T extends FieldValues>({
  id,
  approve,
  trigger,
  title,
  details,
  body,
  warning,
  form,
  pending,
  note,
  noteError,
  decide,
  onDecided,
}: {
  id: string;
  approve: boolean;
  trigger: string;
  title: string;
  /** The <dt>/<dd> rows of the summary. */
  details: ReactNode;
  body: string;
  warning?: ReactNode;
  form: UseFormReturn<T>;
  pending: boolean;
  note: UseFormRegisterReturn;
  noteError: FieldError | undefined;
  decide: (values: T) => Promise<ActionResult<unknown>>;
  onDecided: () => void;
}) {
  const t = useTranslations("loyaltyApprovals");
  const tCommon = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();

  const close = () => {
    ref.current?.close();
    setError(undefined);
    form.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const result = await decide(values);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      close();
      onDecided();
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
              {title}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">{details}</dl>
            <p className="text-sm text-stone-600">{body}</p>
            {warning}
            {error ? <Alert tone="error">{error}</Alert> : null}
            <Field id={`${id}-note`} label={approve ? t("noteOptional") : t("noteRequired")} error={noteError?.message}>
              <textarea
                id={`${id}-note`}
                rows={3}
                maxLength={200}
                className={controlClasses}
                aria-invalid={!!noteError}
                {...note}
              />
            </Field>
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" variant={approve ? "primary" : "danger"} pending={pending}>
              {approve ? t("confirmApprove") : t("confirmReject")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/**
 * A queue's decision cell: the viewer's own request says it waits for another manager (the server
 * refuses the maker anyway); anyone else's shows the decision buttons.
 */
export function DecisionCell({ ownRequest, children }: { ownRequest: boolean; children: ReactNode }) {
  const t = useTranslations("loyaltyApprovals");
  return ownRequest ? (
    <span title={t("ownRequestHint")}>
      <Badge tone="info">{t("waitingForAnother")}</Badge>
    </span>
  ) : (
    children
  );
}

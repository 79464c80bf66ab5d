"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { decideAdjustmentAction } from "@/lib/loyalty/adjustments/actions";
import { decideAdjustmentSchema, type DecideAdjustmentInput } from "@/lib/loyalty/adjustments/schemas";

export type DecisionTarget = {
  adjustmentId: string;
  memberName: string;
  points: number;
  reason: string;
  requestedByName: string;
  memberBalance: number;
};

/**
 * Approve or reject one pending adjustment, each behind a dialog that restates what is decided.
 * A note is optional on approval and required on rejection (the schema says so; the server checks
 * again). The server also refuses the maker and anything already decided.
 */
export function DecisionButtons({
  target,
  onDecided,
}: {
  target: DecisionTarget;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("loyaltyApprovals");
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
  target: DecisionTarget;
  approve: boolean;
  trigger: string;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("loyaltyApprovals");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<DecideAdjustmentInput>({
    resolver: zodResolver(decideAdjustmentSchema, { error: useZodErrorMap() }),
    defaultValues: { adjustmentId: target.adjustmentId, approve, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `${approve ? "approve" : "reject"}-${target.adjustmentId}`;
  const points = format.number(target.points, { signDisplay: "always" });
  const balanceAfter = target.memberBalance + target.points;

  const close = () => {
    ref.current?.close();
    setError(undefined);
    form.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const result = await decideAdjustmentAction(values);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      close();
      onDecided(
        approve
          ? t("approvedNotice", { points, member: target.memberName })
          : t("rejectedNotice", { points, member: target.memberName }),
      );
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
              {approve
                ? t("approveTitle", { points, member: target.memberName })
                : t("rejectTitle", { points, member: target.memberName })}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-500">{t("reason")}</dt>
              <dd className="text-stone-800">{target.reason}</dd>
              <dt className="text-stone-500">{t("requestedBy")}</dt>
              <dd className="text-stone-800">{target.requestedByName}</dd>
              {approve ? (
                <>
                  <dt className="text-stone-500">{t("balanceAfter")}</dt>
                  <dd className="text-stone-800">{format.number(balanceAfter)}</dd>
                </>
              ) : null}
            </dl>
            <p className="text-sm text-stone-600">{approve ? t("approveBody") : t("rejectBody")}</p>
            {approve && balanceAfter < 0 ? (
              <Alert tone="warning">
                {t("approveWouldOverdraw", { balance: format.number(target.memberBalance) })}
              </Alert>
            ) : null}
            {error ? <Alert tone="error">{error}</Alert> : null}
            <Field
              id={`${id}-note`}
              label={approve ? t("noteOptional") : t("noteRequired")}
              error={errors.note?.message}
            >
              <textarea
                id={`${id}-note`}
                rows={3}
                maxLength={200}
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

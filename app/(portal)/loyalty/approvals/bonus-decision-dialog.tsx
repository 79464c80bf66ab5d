"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { decideBonusRequestAction } from "@/lib/loyalty/stored-value/actions";
import { decideBonusRequestSchema, type DecideBonusRequestInput } from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";

export type BonusDecisionTarget = {
  requestId: string;
  cardNo: string;
  amountFen: number;
  reason: string;
  requestedByName: string;
  /** The card's status when it is not active (the approval would be refused); null when active. */
  cardStatusLabel: string | null;
};

/**
 * Approve or reject one extra stored-value bonus, each behind a dialog that restates what is decided
 * (the same pattern as the points adjustments' DecisionButtons). A note is optional on approval and
 * required on rejection; the server also refuses the maker, anything already decided, and an
 * approval on a card that is not active.
 */
export function BonusDecisionButtons({
  target,
  onDecided,
}: {
  target: BonusDecisionTarget;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("loyaltyApprovals");
  return (
    <div className="flex flex-wrap gap-2">
      <BonusDecisionDialog target={target} approve onDecided={onDecided} trigger={t("approve")} />
      <BonusDecisionDialog target={target} approve={false} onDecided={onDecided} trigger={t("reject")} />
    </div>
  );
}

function BonusDecisionDialog({
  target,
  approve,
  trigger,
  onDecided,
}: {
  target: BonusDecisionTarget;
  approve: boolean;
  trigger: string;
  onDecided: (message: string) => void;
}) {
  const t = useTranslations("loyaltyApprovals");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<DecideBonusRequestInput>({
    resolver: zodResolver(decideBonusRequestSchema, { error: useZodErrorMap() }),
    defaultValues: { requestId: target.requestId, approve, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `${approve ? "approve" : "reject"}-bonus-${target.requestId}`;
  const values = { amount: formatFen(target.amountFen, locale), cardNo: target.cardNo };

  const close = () => {
    ref.current?.close();
    setError(undefined);
    form.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      const result = await decideBonusRequestAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      close();
      onDecided(approve ? t("bonusApprovedNotice", values) : t("bonusRejectedNotice", values));
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
              {approve ? t("bonusApproveTitle", values) : t("bonusRejectTitle", values)}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-500">{t("reason")}</dt>
              <dd className="break-words whitespace-pre-line text-stone-800">{target.reason}</dd>
              <dt className="text-stone-500">{t("requestedBy")}</dt>
              <dd className="text-stone-800">{target.requestedByName}</dd>
            </dl>
            <p className="text-sm text-stone-600">{approve ? t("bonusApproveBody") : t("bonusRejectBody")}</p>
            {approve && target.cardStatusLabel ? (
              <Alert tone="warning">{t("bonusCardNotActiveWarning", { status: target.cardStatusLabel })}</Alert>
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

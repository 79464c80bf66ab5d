"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { decideBonusRequestAction } from "@/lib/loyalty/stored-value/actions";
import { decideBonusRequestSchema, type DecideBonusRequestInput } from "@/lib/loyalty/stored-value/schemas";
import { formatFen } from "@/lib/money";
import { DecisionDialogFrame } from "./decision-dialog-frame";

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
  const locale = useLocale();
  const form = useForm<DecideBonusRequestInput>({
    resolver: zodResolver(decideBonusRequestSchema, { error: useZodErrorMap() }),
    defaultValues: { requestId: target.requestId, approve, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `${approve ? "approve" : "reject"}-bonus-${target.requestId}`;
  const values = { amount: formatFen(target.amountFen, locale), cardNo: target.cardNo };

  return (
    <DecisionDialogFrame
      id={id}
      approve={approve}
      trigger={trigger}
      title={approve ? t("bonusApproveTitle", values) : t("bonusRejectTitle", values)}
      details={
        <>
          <dt className="text-stone-500">{t("reason")}</dt>
          <dd className="break-words whitespace-pre-line text-stone-800">{target.reason}</dd>
          <dt className="text-stone-500">{t("requestedBy")}</dt>
          <dd className="text-stone-800">{target.requestedByName}</dd>
        </>
      }
      body={approve ? t("bonusApproveBody") : t("bonusRejectBody")}
      warning={
        approve && target.cardStatusLabel ? (
          <Alert tone="warning">{t("bonusCardNotActiveWarning", { status: target.cardStatusLabel })}</Alert>
        ) : null
      }
      form={form}
      pending={isSubmitting}
      note={form.register("note")}
      noteError={errors.note}
      decide={decideBonusRequestAction}
      onDecided={() => onDecided(approve ? t("bonusApprovedNotice", values) : t("bonusRejectedNotice", values))}
    />
  );
}

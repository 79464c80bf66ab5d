"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { decideAdjustmentAction } from "@/lib/loyalty/adjustments/actions";
import { decideAdjustmentSchema, type DecideAdjustmentInput } from "@/lib/loyalty/adjustments/schemas";
import { DecisionDialogFrame } from "./decision-dialog-frame";

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
  const format = useFormatter();
  const form = useForm<DecideAdjustmentInput>({
    resolver: zodResolver(decideAdjustmentSchema, { error: useZodErrorMap() }),
    defaultValues: { adjustmentId: target.adjustmentId, approve, note: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `${approve ? "approve" : "reject"}-${target.adjustmentId}`;
  const points = format.number(target.points, { signDisplay: "always" });
  const balanceAfter = target.memberBalance + target.points;

  return (
    <DecisionDialogFrame
      id={id}
      approve={approve}
      trigger={trigger}
      title={
        approve
          ? t("approveTitle", { points, member: target.memberName })
          : t("rejectTitle", { points, member: target.memberName })
      }
      details={
        <>
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
        </>
      }
      body={approve ? t("approveBody") : t("rejectBody")}
      warning={
        approve && balanceAfter < 0 ? (
          <Alert tone="warning">{t("approveWouldOverdraw", { balance: format.number(target.memberBalance) })}</Alert>
        ) : null
      }
      form={form}
      pending={isSubmitting}
      note={form.register("note")}
      noteError={errors.note}
      decide={decideAdjustmentAction}
      onDecided={() =>
        onDecided(
          approve
            ? t("approvedNotice", { points, member: target.memberName })
            : t("rejectedNotice", { points, member: target.memberName }),
        )
      }
    />
  );
}

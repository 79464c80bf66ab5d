"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Input } from "@/components/ui/input";
import { DialogLoading } from "@/components/ui/lazy-dialog";
import { adjustmentContextAction } from "@/lib/loyalty/member-360/actions";
import type { AdjustmentContext } from "@/lib/loyalty/member-360/queries";
import { requestAdjustmentAction } from "@/lib/loyalty/adjustments/actions";
import {
  adjustmentNeedsApproval,
  requestAdjustmentSchema,
  type RequestAdjustmentInput,
} from "@/lib/loyalty/adjustments/schemas";
import { useDialogData } from "./use-dialog-data";

type PointsAdjustFormProps = {
  memberId: string;
  /** The member's points balance now. */
  balance: number;
  /** The day total above which adjustments wait for another manager (EARN_RULES.adjustmentApprovalThreshold). */
  threshold: number;
  /** Absolute points the signed-in staff member asked for this member today, applied or waiting. */
  dayTotal: number;
  /** After an adjustment was applied or sent (the day total changed). */
  onRequested?: () => void;
};

type Outcome = { status: "approved" | "pending" | "rejected"; points: number; balance: number };

/**
 * A manual points adjustment with a reason, for the member's 360° view (loyalty.adjust). The staff
 * member picks add or deduct and a whole number of points; the form says beforehand when it will
 * need another manager's approval (their day total plus this request over the threshold, the
 * service's rule: docs/domain.md#adjustments), asks for confirmation, then says whether it applied or waits.
 */
/**
 * The adjustment form in its dialog: the threshold and the staff member's day total are read when it
 * opens, and again after each request (it counts toward the day total).
 */
export function AdjustDialogBody({ memberId, balance }: { memberId: string; balance: number }) {
  const tCommon = useTranslations("common");
  const [requests, setRequests] = useState(0);
  // The form (and its outcome message) stays on screen while the new day total loads.
  const { data: context, error } = useDialogData<AdjustmentContext>(
    () => adjustmentContextAction({ memberId }),
    requests,
  );
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!context) return <DialogLoading label={tCommon("loading")} />;
  return (
    <PointsAdjustForm
      memberId={memberId}
      balance={balance}
      threshold={context.threshold}
      dayTotal={context.dayTotal}
      onRequested={() => setRequests((n) => n + 1)}
    />
  );
}

export function PointsAdjustForm({ memberId, balance, threshold, dayTotal, onRequested }: PointsAdjustFormProps) {
  const t = useTranslations("pointsAdjustForm");
  const format = useFormatter();
  const router = useRouter();
  const [direction, setDirection] = useState<"add" | "deduct">("add");
  const [confirming, setConfirming] = useState<RequestAdjustmentInput | null>(null);
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const form = useForm<RequestAdjustmentInput>({
    resolver: zodResolver(requestAdjustmentSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, reason: "" },
  });
  const { errors } = form.formState;

  // The field holds the size; the sign comes from the add/deduct choice.
  const size = useWatch({ control: form.control, name: "points" });
  const validSize = typeof size === "number" && Number.isInteger(size) && size > 0 ? size : null;
  const signed = validSize === null ? null : direction === "add" ? validSize : -validSize;
  const overThreshold = (points: number) => adjustmentNeedsApproval({ dayTotal, points, threshold });
  const needsApproval = validSize !== null && overThreshold(validSize);
  const overdraws = signed !== null && balance + signed < 0;
  const fmt = (n: number) => format.number(n);
  const fmtSigned = (n: number) => format.number(n, { signDisplay: "always" });

  const review = form.handleSubmit((values) => {
    setError(undefined);
    setOutcome(undefined);
    setConfirming({ ...values, points: direction === "add" ? Number(values.points) : -Number(values.points) });
  });

  const submit = async () => {
    if (!confirming || sending) return;
    setError(undefined);
    setSending(true);
    const result = await requestAdjustmentAction(confirming).finally(() => setSending(false));
    setConfirming(null);
    if (!result.ok) {
      setError(applyServerErrors(result, form.setError));
      return;
    }
    setOutcome({ status: result.data.status, points: Number(confirming.points), balance: result.data.pointsBalance });
    form.reset({ memberId, reason: "" });
    onRequested?.();
    router.refresh();
  };

  if (confirming) {
    const points = Number(confirming.points);
    const pending = overThreshold(points);
    return (
      <div className="space-y-3" role="group" aria-labelledby="points-adjust-confirm-title">
        <h3 id="points-adjust-confirm-title" className="text-sm font-semibold text-stone-900">
          {points > 0 ? t("confirmAdd", { points: fmt(points) }) : t("confirmDeduct", { points: fmt(-points) })}
        </h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-stone-500">{t("reason")}</dt>
          <dd className="break-words text-stone-800">{confirming.reason.trim()}</dd>
          <dt className="text-stone-500">{pending ? t("balanceNow") : t("balanceAfter")}</dt>
          <dd className="text-stone-800 tabular-nums">{fmt(pending ? balance : balance + points)}</dd>
        </dl>
        {pending ? (
          <Alert tone="info">{t("willNeedApproval", { threshold: fmt(threshold), dayTotal: fmt(dayTotal) })}</Alert>
        ) : (
          <Alert tone="warning">{t("appliesAtOnce")}</Alert>
        )}
        <div className="flex gap-2">
          <Button onClick={submit} pending={sending}>
            {pending ? t("confirmSend") : t("confirmApply")}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(null)} disabled={sending}>
            {t("back")}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={review} noValidate className="space-y-3">
      {outcome?.status === "approved" ? (
        <Alert tone="success">
          {t("applied", { points: fmtSigned(outcome.points), balance: fmt(outcome.balance) })}
        </Alert>
      ) : null}
      {outcome?.status === "pending" ? (
        <Alert tone="info">{t("sentForApproval", { points: fmtSigned(outcome.points) })}</Alert>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-stone-800">{t("direction")}</legend>
        <div className="flex gap-2">
          {(["add", "deduct"] as const).map((value) => (
            <label
              key={value}
              className="flex items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50 has-checked:ring-amber-600"
            >
              <input
                type="radio"
                name="points-adjust-direction"
                value={value}
                checked={direction === value}
                onChange={() => setDirection(value)}
                className="size-4 accent-amber-700"
              />
              {value === "add" ? t("add") : t("deduct")}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        id="points-adjust-points"
        label={t("points")}
        hint={t("pointsHint", { threshold: fmt(threshold), dayTotal: fmt(dayTotal) })}
        error={errors.points?.message}
      >
        <Input
          id="points-adjust-points"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          aria-invalid={!!errors.points}
          aria-describedby={errors.points ? "points-adjust-points-error" : undefined}
          {...form.register("points", { valueAsNumber: true })}
        />
      </Field>
      {needsApproval ? (
        <Alert tone="info">{t("willNeedApproval", { threshold: fmt(threshold), dayTotal: fmt(dayTotal) })}</Alert>
      ) : null}
      {overdraws ? <Alert tone="warning">{t("overdraws", { balance: fmt(balance) })}</Alert> : null}
      <Field id="points-adjust-reason" label={t("reason")} hint={t("reasonHint")} error={errors.reason?.message}>
        <textarea
          id="points-adjust-reason"
          rows={2}
          maxLength={200}
          className={controlClasses}
          aria-invalid={!!errors.reason}
          {...form.register("reason")}
        />
      </Field>
      {signed !== null && !needsApproval ? (
        <p className="text-sm text-stone-600">
          {t("balancePreview", { balance: fmt(balance), after: fmt(balance + signed) })}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={overdraws && !needsApproval}>
        {t("review")}
      </Button>
    </form>
  );
}

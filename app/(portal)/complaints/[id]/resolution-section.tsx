"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input } from "@/components/ui/input";
import { SimpleTable } from "@/components/ui/simple-table";
import type { ActionFailure } from "@/lib/actions/result";
import { requestCompensationAction, setRegulatorReferralAction } from "@/lib/complaints/resolution/actions";
import type { CompensationStatus, ResolutionData } from "@/lib/complaints/resolution/queries";
import {
  COMPENSATION_MAX_POINTS,
  compensationNeedsApproval,
  compensationValueFen,
  requestCompensationSchema,
  setRegulatorReferralSchema,
  type RequestCompensationInput,
  type SetRegulatorReferralInput,
} from "@/lib/complaints/resolution/schemas";
import { formatFen } from "@/lib/money";

export type ResolutionSectionProps = {
  /** From `loadResolution(db, staff, complaintId)` (lib/complaints/resolution/queries.ts). */
  resolution: ResolutionData;
  /** complaints.handle: may grant goodwill points and set the regulator referral. */
  canHandle: boolean;
  /** complaints.compensate.approve: a link to the approvals queue when requests wait. */
  canApprove: boolean;
};

const STATUS_TONE: Record<CompensationStatus, "warning" | "success" | "danger"> = {
  pending: "warning",
  approved: "success",
  rejected: "danger",
};

/**
 * The complaint page's goodwill compensation and regulator (12315) referral: the compensations with
 * their status, a form to grant points (showing the viewer's threshold and the store's budget left
 * this month) and the referral's flag and deadline. docs/domain.md#compensation-and-budget
 */
export function ResolutionSection({ resolution, canHandle, canApprove }: ResolutionSectionProps) {
  const t = useTranslations("complaintResolution");
  const format = useFormatter();
  const locale = useLocale();
  const { compensations, budget, complaint } = resolution;
  const pending = compensations.filter((c) => c.status === "pending").length;

  return (
    <div className="space-y-4">
      <Card
        title={t("compensationTitle")}
        actions={
          canApprove && pending > 0 ? (
            <Link href="/complaints/approvals" className="text-sm text-amber-800 hover:underline">
              {t("pendingLink", { count: pending })}
            </Link>
          ) : null
        }
      >
        <div className="space-y-4">
          <BudgetLine budget={budget} />
          {compensations.length === 0 ? (
            <p className="text-sm text-stone-500">{t("noCompensations")}</p>
          ) : (
            <SimpleTable labels={[t("requestedAt"), t("points"), t("reason"), t("status"), t("requestedBy")]}>
              {compensations.map((c) => (
                <tr key={c.id}>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {format.dateTime(new Date(c.requestedAt), {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: complaint.timeZone,
                    })}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                    +{format.number(c.points ?? 0)}
                    <div className="text-xs text-stone-500">{formatFen(c.valueFen, locale)}</div>
                  </td>
                  <td className="max-w-xs px-3 py-2 break-words whitespace-pre-line">{c.reason}</td>
                  <td className="px-3 py-2">
                    <Badge tone={STATUS_TONE[c.status]}>{t(`statuses.${c.status}`)}</Badge>
                    {c.status !== "pending" ? (
                      <div className="mt-1 text-xs text-stone-500">
                        {c.decidedByName ? t("decidedBy", { name: c.decidedByName }) : t("approvedAtOnce")}
                      </div>
                    ) : null}
                    {c.decisionNote ? (
                      <div className="mt-1 text-xs break-words text-stone-600">{c.decisionNote}</div>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">{c.requestedByName}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
          {canHandle ? (
            resolution.blockedReason ? (
              <Alert tone="info">{t(`blocked.${resolution.blockedReason}`)}</Alert>
            ) : (
              <GrantPointsForm resolution={resolution} />
            )
          ) : null}
        </div>
      </Card>
      <RegulatorCard resolution={resolution} canHandle={canHandle} />
    </div>
  );
}

function BudgetLine({ budget }: { budget: ResolutionData["budget"] }) {
  const t = useTranslations("complaintResolution");
  const locale = useLocale();
  if (budget.budgetFen === null) return <Alert tone="warning">{t("budgetMissing")}</Alert>;
  return (
    <p className="text-sm text-stone-700">
      {t("budgetLine", {
        budget: formatFen(budget.budgetFen, locale),
        remaining: formatFen(budget.remainingFen, locale),
        pending: formatFen(budget.pendingFen, locale),
      })}
    </p>
  );
}

/** Translates a message key of the complaintResolution.validation catalogue (server or zod); anything else as is. */
function useFieldMessage() {
  const t = useTranslations("complaintResolution");
  return (message: string | undefined) =>
    message && t.has(`validation.${message}`) ? t(`validation.${message}`) : message;
}

/** The failed action's message, with what the budget has left when the budget refused it. */
function useFailureMessage() {
  const t = useTranslations("complaintResolution");
  const locale = useLocale();
  return (failure: ActionFailure, message: string) => {
    const remaining = failure.details?.remainingFen;
    return typeof remaining === "number" && failure.code === "conflict"
      ? `${message} ${t("budgetRemainingNow", { remaining: formatFen(remaining, locale) })}`
      : message;
  };
}

function GrantPointsForm({ resolution }: { resolution: ResolutionData }) {
  const t = useTranslations("complaintResolution");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const fieldMessage = useFieldMessage();
  const failureMessage = useFailureMessage();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const form = useForm<RequestCompensationInput>({
    resolver: zodResolver(requestCompensationSchema, { error: useZodErrorMap() }),
    defaultValues: { complaintId: resolution.complaint.id, kind: "points", reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const points = useWatch({ control: form.control, name: "points" });
  const waits =
    typeof points === "number" &&
    points > 0 &&
    compensationNeedsApproval({ points, threshold: resolution.thresholdPoints });

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      setNotice(undefined);
      const result = await requestCompensationAction(input);
      if (!result.ok) return setError(failureMessage(result, applyServerErrors(result, form.setError)));
      const values = { points: format.number(input.points) };
      setNotice(result.data.status === "approved" ? t("grantedNotice", values) : t("requestedNotice", values));
      form.reset({ complaintId: resolution.complaint.id, kind: "points", reason: "" });
      router.refresh();
    })(event);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 border-t border-stone-200 pt-4">
      <h3 className="text-sm font-semibold text-stone-900">{t("grantTitle")}</h3>
      <p className="text-xs text-stone-600">
        {t("thresholdHint", { threshold: format.number(resolution.thresholdPoints) })}
      </p>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {errors.kind ? <Alert tone="error">{fieldMessage(errors.kind.message)}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <Field
          id="compensation-points"
          label={t("points")}
          hint={
            typeof points === "number" && points > 0
              ? t("valueHint", { value: formatFen(compensationValueFen(points), locale) })
              : t("pointsHint", { max: format.number(COMPENSATION_MAX_POINTS) })
          }
          error={fieldMessage(errors.points?.message)}
        >
          <Input
            id="compensation-points"
            type="number"
            inputMode="numeric"
            min={1}
            max={COMPENSATION_MAX_POINTS}
            step={1}
            aria-invalid={!!errors.points}
            {...form.register("points", { setValueAs: (v) => (v === "" || v == null ? undefined : Number(v)) })}
          />
        </Field>
        <Field id="compensation-reason" label={t("reason")} error={fieldMessage(errors.reason?.message)}>
          <textarea
            id="compensation-reason"
            rows={2}
            maxLength={500}
            className={controlClasses}
            aria-invalid={!!errors.reason}
            {...form.register("reason")}
          />
        </Field>
      </div>
      {waits ? <p className="text-xs text-amber-800">{t("willWait")}</p> : null}
      <Button type="submit" pending={isSubmitting}>
        {waits ? t("submitRequest") : t("submitGrant")}
      </Button>
    </form>
  );
}

function RegulatorCard({ resolution, canHandle }: { resolution: ResolutionData; canHandle: boolean }) {
  const t = useTranslations("complaintResolution");
  const format = useFormatter();
  const router = useRouter();
  const fieldMessage = useFieldMessage();
  const { regulator } = resolution;
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const form = useForm<SetRegulatorReferralInput>({
    resolver: zodResolver(setRegulatorReferralSchema, { error: useZodErrorMap() }),
    defaultValues: {
      complaintId: resolution.complaint.id,
      referral: regulator.referral,
      deadline: regulator.deadline ?? "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const referral = useWatch({ control: form.control, name: "referral" });

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      setNotice(undefined);
      const result = await setRegulatorReferralAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      setNotice(t("regulatorSaved"));
      router.refresh();
    })(event);

  const daysLeft = regulator.daysLeft;
  return (
    <Card title={t("regulatorTitle")}>
      <div className="space-y-3">
        {regulator.referral && regulator.deadline ? (
          <p className="flex flex-wrap items-center gap-2 text-sm text-stone-800">
            <Badge tone="danger">{t("regulatorFlagged")}</Badge>
            {t("regulatorDeadline", {
              // A calendar date: shown as that day in UTC so that no zone moves it.
              date: format.dateTime(new Date(`${regulator.deadline}T00:00:00Z`), {
                dateStyle: "medium",
                timeZone: "UTC",
              }),
            })}
            {daysLeft !== null ? (
              <Badge tone={daysLeft < 0 ? "danger" : daysLeft <= 3 ? "warning" : "neutral"}>
                {daysLeft < 0 ? t("daysOverdue", { days: -daysLeft }) : t("daysLeft", { days: daysLeft })}
              </Badge>
            ) : null}
          </p>
        ) : (
          <p className="text-sm text-stone-500">{t("regulatorNone")}</p>
        )}
        {canHandle ? (
          <form onSubmit={onSubmit} noValidate className="space-y-3">
            {notice ? <Alert tone="success">{notice}</Alert> : null}
            {error ? <Alert tone="error">{error}</Alert> : null}
            <label className="flex items-center gap-2 text-sm text-stone-800">
              <input type="checkbox" {...form.register("referral")} />
              {t("regulatorCheckbox")}
            </label>
            {referral ? (
              <Field
                id="regulator-deadline"
                label={t("regulatorDeadlineLabel")}
                hint={t("regulatorDeadlineHint")}
                error={fieldMessage(errors.deadline?.message)}
              >
                <Input
                  id="regulator-deadline"
                  type="date"
                  min={regulator.minDeadline}
                  max={regulator.maxDeadline}
                  aria-invalid={!!errors.deadline}
                  className="max-w-48"
                  {...form.register("deadline")}
                />
              </Field>
            ) : null}
            <Button type="submit" variant="secondary" pending={isSubmitting}>
              {t("regulatorSave")}
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}

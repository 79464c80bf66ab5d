"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { handoverAction } from "@/lib/appointments/handover/actions";
import {
  handoverSchema,
  type HandoverInput,
  type HandoverResult,
  type HandoverValues,
  type HandoverVisit,
} from "@/lib/appointments/handover/schemas";
import type { BookingAdvisor } from "@/lib/appointments/booking/queries";

/**
 * Pick the advisor who leaves and the one who takes over, what to move, preview it (a dry run),
 * then hand over after a confirmation. The result lists the visits left behind, each linked to be
 * resolved by hand.
 */
export function HandoverForm({
  stores,
  advisors,
}: {
  stores: { id: string; label: string }[];
  advisors: BookingAdvisor[];
}) {
  const t = useTranslations("appointmentExtras");
  const tCommon = useTranslations("common");
  const [result, setResult] = useState<HandoverResult | null>(null);
  const [error, setError] = useState<string>();
  const form = useForm<HandoverInput, unknown, HandoverValues>({
    resolver: zodResolver(handoverSchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores[0]?.id ?? "",
      fromAdvisorId: "",
      toAdvisorId: "",
      moveClients: true,
      moveAppointments: true,
      moveTasks: true,
      dryRun: true,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const storeId = useWatch({ control: form.control, name: "storeId" });
  const storeAdvisors = advisors.filter((advisor) => advisor.storeId === storeId);
  const localized = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  const run = (dryRun: boolean) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      const outcome = await handoverAction({ ...values, dryRun });
      if (outcome.ok) setResult(outcome.data);
      else {
        setResult(null);
        setError(applyServerErrors(outcome, form.setError));
      }
    })();

  // A changed choice makes the preview stale.
  const reset = () => setResult(null);

  if (stores.length === 0) return <Alert tone="warning">{t("handoverNoStores")}</Alert>;

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("handoverWho")}>
        <div className="grid gap-4 md:grid-cols-3">
          <Field id="storeId" label={t("store")} error={localized(errors.storeId?.message)}>
            <Select id="storeId" {...form.register("storeId", { onChange: reset })}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          {(
            [
              ["fromAdvisorId", t("handoverFrom")],
              ["toAdvisorId", t("handoverTo")],
            ] as const
          ).map(([name, label]) => (
            <Field key={name} id={name} label={label} error={localized(errors[name]?.message)}>
              <Select id={name} {...form.register(name, { onChange: reset })}>
                <option value="">{t("handoverChooseAdvisor")}</option>
                {storeAdvisors.map((advisor) => (
                  <option key={advisor.id} value={advisor.id}>
                    {advisor.displayName}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
        <fieldset className="mt-4 space-y-2">
          <legend className="text-sm font-medium text-stone-800">{t("handoverWhat")}</legend>
          {(["moveClients", "moveAppointments", "moveTasks"] as const).map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm text-stone-800">
              <input type="checkbox" {...form.register(name, { onChange: reset })} />
              {t(`handover.${name}`)}
            </label>
          ))}
          {errors.moveClients?.message ? (
            <p className="text-xs text-red-700" role="alert">
              {localized(errors.moveClients.message)}
            </p>
          ) : null}
        </fieldset>
      </Card>

      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" pending={isSubmitting} onClick={() => run(true)}>
          {t("handoverPreview")}
        </Button>
        {result?.dryRun ? (
          <ConfirmDialog
            trigger={t("handoverSubmit")}
            triggerVariant="primary"
            title={t("handoverConfirmTitle")}
            body={t("handoverConfirmBody", {
              clients: result.clients,
              moved: result.moved.length,
              conflicts: result.conflicts.length,
              tasks: result.tasks,
            })}
            confirmLabel={t("handoverSubmit")}
            cancelLabel={tCommon("cancel")}
            confirmVariant="primary"
            pending={isSubmitting}
            onConfirm={() => run(false)}
          />
        ) : null}
      </div>

      {result ? <HandoverOutcome result={result} /> : null}
    </form>
  );
}

function HandoverOutcome({ result }: { result: HandoverResult }) {
  const t = useTranslations("appointmentExtras");
  const locale = useLocale();
  const format = useFormatter();
  const when = (visit: HandoverVisit) =>
    format.dateTime(new Date(visit.startsAt), { dateStyle: "medium", timeStyle: "short", timeZone: result.timeZone });
  const typeName = (visit: HandoverVisit) => (locale === "en" ? visit.typeNameEn : visit.typeNameZh);
  return (
    <Card title={result.dryRun ? t("handoverPreviewTitle") : t("handoverDoneTitle")}>
      <div className="space-y-4 text-sm" data-testid="handover-result">
        <p>
          {t(result.dryRun ? "handoverSummaryPreview" : "handoverSummaryDone", {
            clients: result.clients,
            moved: result.moved.length,
            tasks: result.tasks,
          })}
        </p>
        {result.moved.length > 0 ? (
          <div>
            <h3 className="font-medium text-stone-800">{t("handoverMoved")}</h3>
            <ul className="mt-1 list-disc pl-5">
              {result.moved.map((visit) => (
                <li key={visit.appointmentId}>
                  {when(visit)} · {typeName(visit)} · {visit.memberName}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {result.conflicts.length > 0 ? (
          <div>
            <h3 className="font-medium text-amber-900">{t("handoverConflicts")}</h3>
            <ul className="mt-1 list-disc pl-5">
              {result.conflicts.map((visit) => (
                <li key={visit.appointmentId} data-testid="handover-conflict">
                  <Link href={`/appointments/${visit.appointmentId}`} className="underline">
                    {when(visit)} · {typeName(visit)} · {visit.memberName}
                  </Link>{" "}
                  <span className="text-stone-600">({t(`handoverReason.${visit.reason}`)})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-stone-600">{t("handoverNoConflicts")}</p>
        )}
      </div>
    </Card>
  );
}

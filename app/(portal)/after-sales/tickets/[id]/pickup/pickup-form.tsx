"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input } from "@/components/ui/input";
import { pickUpTicketAction } from "@/lib/after-sales/pickup/actions";
import {
  parseGramsToCg,
  pickupSchema,
  WEIGHT_NOTE_MAX,
  weightCheck,
  type PickupInput,
  type PickupValues,
} from "@/lib/after-sales/pickup/schemas";
import { formatGrams } from "@/lib/after-sales/tickets/schemas";

/**
 * The pickup form, for the counter's tablet: large fields, a numeric keypad for the code and the
 * weight, the difference to the intake weight as the scale's figure is typed, and the note and
 * the customer's acknowledgement asked for only when there is a difference. The server decides
 * with the same schema and rule; a wrong code is counted there.
 */
export function PickupForm({
  ticketId,
  weightInCg,
  stoneCountIn,
}: {
  ticketId: string;
  weightInCg: number;
  stoneCountIn: number;
}) {
  const t = useTranslations("afterSalesTickets");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<PickupInput, unknown, PickupValues>({
    resolver: zodResolver(pickupSchema, { error: useZodErrorMap() }),
    defaultValues: {
      ticketId,
      claimCode: "",
      weightOut: "",
      stoneCountOut: stoneCountIn,
      weightNote: "",
      weightAcknowledged: false,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const [weightOut, stoneCountOut] = useWatch({ control: form.control, name: ["weightOut", "stoneCountOut"] });
  const weightOutCg = parseGramsToCg(String(weightOut ?? ""));
  const stones = Number(stoneCountOut);
  const check =
    weightOutCg !== null && Number.isInteger(stones)
      ? weightCheck(weightInCg, weightOutCg, stoneCountIn, stones)
      : null;

  const submit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await pickUpTicketAction(values);
    if (!result.ok) {
      const message = applyServerErrors(result, form.setError);
      const left = result.details?.attemptsLeft;
      if (typeof left === "number") {
        form.setError("claimCode", { type: "server", message: t("pickup.attemptsLeft", { count: left }) });
      }
      if (result.code === "locked") router.refresh();
      setError(message);
      return;
    }
    // The page now shows the piece as handed back, with the pickup receipt.
    router.refresh();
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("pickup.claimSection")}>
        <Field
          id="claimCode"
          label={t("pickup.claimCode")}
          hint={t("pickup.claimCodeHint")}
          error={errors.claimCode?.message}
        >
          <Input
            id="claimCode"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            className="max-w-48 text-center font-mono text-2xl tracking-[0.4em]"
            aria-invalid={errors.claimCode ? true : undefined}
            {...form.register("claimCode")}
          />
        </Field>
      </Card>
      <Card title={t("pickup.weightSection")}>
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="weightOut"
              label={t("pickup.weightOut")}
              hint={t("pickup.weightOutHint")}
              error={errors.weightOut?.message}
            >
              <Input
                id="weightOut"
                inputMode="decimal"
                autoComplete="off"
                placeholder={formatGrams(weightInCg)}
                className="text-lg tabular-nums"
                aria-invalid={errors.weightOut ? true : undefined}
                {...form.register("weightOut")}
              />
            </Field>
            <Field id="stoneCountOut" label={t("pickup.stonesOut")} error={errors.stoneCountOut?.message}>
              <Input
                id="stoneCountOut"
                type="number"
                inputMode="numeric"
                min={0}
                className="text-lg tabular-nums"
                aria-invalid={errors.stoneCountOut ? true : undefined}
                {...form.register("stoneCountOut")}
              />
            </Field>
          </div>
          {check ? (
            <Alert tone={check.needsAcknowledgement ? "warning" : "success"}>
              {check.needsAcknowledgement
                ? t("pickup.differenceNeedsNote", {
                    difference: formatGrams(check.differenceCg, { signed: true }),
                  })
                : t("pickup.differenceOk", { difference: formatGrams(check.differenceCg, { signed: true }) })}
              {check.stonesDiffer ? ` ${t("pickup.stonesDiffer")}` : ""}
            </Alert>
          ) : null}
          <Field
            id="weightNote"
            label={check?.needsAcknowledgement ? t("pickup.weightNoteRequired") : t("pickup.weightNote")}
            error={errors.weightNote?.message}
          >
            <textarea
              id="weightNote"
              rows={3}
              maxLength={WEIGHT_NOTE_MAX}
              className={controlClasses}
              aria-invalid={errors.weightNote ? true : undefined}
              {...form.register("weightNote")}
            />
          </Field>
          <div className="space-y-1">
            <label className="flex min-h-10 items-start gap-3 text-sm text-stone-800">
              <input
                type="checkbox"
                className="mt-0.5 size-5 rounded border-stone-300 text-amber-700"
                aria-invalid={errors.weightAcknowledged ? true : undefined}
                {...form.register("weightAcknowledged")}
              />
              <span>{t("pickup.acknowledge")}</span>
            </label>
            {errors.weightAcknowledged?.message ? <FieldMessage message={errors.weightAcknowledged.message} /> : null}
          </div>
        </div>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" pending={isSubmitting} className="min-w-40">
          {t("pickup.submit")}
        </Button>
      </div>
    </form>
  );
}

/** A field message that is a key of the `validation` catalogue (as Field shows it). */
function FieldMessage({ message }: { message: string }) {
  const tValidation = useTranslations("validation");
  return <p className="text-xs text-red-700">{tValidation.has(message) ? tValidation(message) : message}</p>;
}

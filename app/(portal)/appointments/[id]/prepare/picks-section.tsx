"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import type { ActionFailure } from "@/lib/actions/result";
import { addPickAction, removePickAction } from "@/lib/appointments/preparation/actions";
import {
  addPickSchema,
  PICK_NAME_MAX,
  PICK_NOTE_MAX,
  PICK_SKU_MAX,
  type AddPickInput,
} from "@/lib/appointments/preparation/schemas";
import { formatFen } from "@/lib/money";

export type PickView = {
  id: string;
  sku: string;
  name: string;
  priceFen: number | null;
  note: string;
  addedByName: string | null;
};

/** A failed action's message: this page's own words for its refusals, else the action's message. */
export function useFailureMessage() {
  const t = useTranslations("visitPreparation");
  return (failure: ActionFailure) => {
    const reason = failure.details?.reason;
    return typeof reason === "string" && t.has(`failures.${reason}`) ? t(`failures.${reason}`) : failure.message;
  };
}

/**
 * The advisor's picks for the visit (the viewing tray): the list, an add form (SKU, name, price in
 * yuan, note) and removal after a confirmation. Editing needs appointments.book and a visit that
 * may still take place.
 */
export function PicksSection({
  appointmentId,
  picks,
  canEdit,
  closed,
}: {
  appointmentId: string;
  picks: PickView[];
  /** appointments.book and a tray still open. */
  canEdit: boolean;
  /** The visit did not take place (cancelled, no-show). */
  closed: boolean;
}) {
  const t = useTranslations("visitPreparation");
  const locale = useLocale();
  const router = useRouter();
  const failureMessage = useFailureMessage();
  const [error, setError] = useState<string>();
  const [priceKey, setPriceKey] = useState(0);
  const [removing, startRemoving] = useTransition();
  const empty: AddPickInput = { appointmentId, sku: "", name: "", priceFen: null, note: "" };
  const form = useForm<AddPickInput>({
    resolver: zodResolver(addPickSchema, { error: useZodErrorMap() }),
    defaultValues: empty,
  });
  const { errors, isSubmitting } = form.formState;
  const message = (key: string | undefined) => (key && t.has(`validation.${key}`) ? t(`validation.${key}`) : key);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addPickAction(values);
    if (!result.ok) {
      applyServerErrors(result, form.setError);
      return setError(failureMessage(result));
    }
    form.reset(empty);
    setPriceKey((key) => key + 1);
    router.refresh();
  });

  const remove = (pickId: string) =>
    startRemoving(async () => {
      setError(undefined);
      const result = await removePickAction({ appointmentId, pickId });
      if (!result.ok) return setError(failureMessage(result));
      router.refresh();
    });

  const priced = picks.filter((pick) => pick.priceFen !== null);
  return (
    <div className="space-y-3" data-testid="visit-picks">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {closed ? <p className="text-sm text-stone-500">{t("picksClosed")}</p> : null}
      {picks.length === 0 ? (
        <p className="py-2 text-sm text-stone-500">{t("picksEmpty")}</p>
      ) : (
        <>
          <ul className="divide-y divide-stone-100 text-sm">
            {picks.map((pick) => (
              <li key={pick.id} className="flex items-start justify-between gap-3 py-2 print:break-inside-avoid">
                <div className="min-w-0">
                  <p>
                    <span className="font-medium text-stone-900">{pick.name}</span>
                    <span className="ml-2 font-mono text-xs text-stone-500">{pick.sku}</span>
                    {pick.priceFen !== null ? (
                      <span className="ml-2 tabular-nums text-stone-700">{formatFen(pick.priceFen, locale)}</span>
                    ) : null}
                  </p>
                  {pick.note ? <p className="mt-0.5 break-words text-stone-600">{pick.note}</p> : null}
                  {pick.addedByName ? (
                    <p className="mt-0.5 text-xs text-stone-400 print:hidden">
                      {t("pickAddedBy", { name: pick.addedByName })}
                    </p>
                  ) : null}
                </div>
                {canEdit ? (
                  <div className="shrink-0 print:hidden">
                    <ConfirmDialog
                      trigger={t("removePick")}
                      triggerVariant="ghost"
                      title={t("removePickTitle")}
                      body={t("removePickBody", { name: pick.name, sku: pick.sku })}
                      confirmLabel={t("removePick")}
                      cancelLabel={t("cancel")}
                      pending={removing}
                      onConfirm={() => remove(pick.id)}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="text-xs text-stone-500">
            {t("picksTotal", {
              count: picks.length,
              amount: formatFen(
                priced.reduce((sum, pick) => sum + (pick.priceFen ?? 0), 0),
                locale,
              ),
            })}
          </p>
        </>
      )}
      {canEdit ? (
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-2 border-t border-stone-100 pt-3 sm:grid-cols-2 print:hidden"
          data-testid="add-pick-form"
        >
          <Field id="pick-sku" label={t("pickSku")} error={message(errors.sku?.message)}>
            <Input
              id="pick-sku"
              maxLength={PICK_SKU_MAX}
              autoComplete="off"
              aria-invalid={errors.sku ? true : undefined}
              {...form.register("sku")}
            />
          </Field>
          <Field id="pick-name" label={t("pickName")} error={message(errors.name?.message)}>
            <Input
              id="pick-name"
              maxLength={PICK_NAME_MAX}
              aria-invalid={errors.name ? true : undefined}
              {...form.register("name")}
            />
          </Field>
          <Field id="pick-price" label={t("pickPrice")} error={message(errors.priceFen?.message)}>
            <Controller
              control={form.control}
              name="priceFen"
              render={({ field }) => (
                <YuanInput
                  key={priceKey}
                  id="pick-price"
                  value={field.value}
                  aria-invalid={errors.priceFen ? true : undefined}
                  onChange={(fen) => field.onChange(fen ?? null)}
                />
              )}
            />
          </Field>
          <Field id="pick-note" label={t("pickNote")} error={message(errors.note?.message)}>
            <Input id="pick-note" maxLength={PICK_NOTE_MAX} {...form.register("note")} />
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit" pending={isSubmitting}>
              {t("addPick")}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

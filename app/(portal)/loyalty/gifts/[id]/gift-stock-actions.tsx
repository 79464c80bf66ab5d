"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { activateGiftAction, deactivateGiftAction, restockGiftAction } from "@/lib/loyalty/gifts/actions";
import { restockGiftSchema, type RestockGiftInput } from "@/lib/loyalty/gifts/schemas";

/** Adds units to the stock; the server adds them in one statement, so a redemption at the same moment is never lost. */
export function RestockForm({ giftId }: { giftId: string }) {
  const t = useTranslations("loyaltyGifts");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<number>();
  const form = useForm<RestockGiftInput>({
    resolver: zodResolver(restockGiftSchema, { error: useZodErrorMap() }),
    // No quantity by default: the field starts empty rather than suggesting a number.
    defaultValues: { id: giftId, note: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    setDone(undefined);
    const result = await restockGiftAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset();
    setDone(result.data.stock);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 border-t border-stone-200 pt-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done !== undefined ? <Alert tone="success">{t("restocked", { stock: done })}</Alert> : null}
      <Field id="restock-quantity" label={t("restockQuantity")} error={errors.quantity?.message}>
        <Input
          id="restock-quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          aria-invalid={!!errors.quantity}
          {...form.register("quantity", { valueAsNumber: true })}
        />
      </Field>
      <Field id="restock-note" label={t("restockNote")} hint={t("optional")} error={errors.note?.message}>
        <Input id="restock-note" aria-invalid={!!errors.note} {...form.register("note")} />
      </Field>
      <Button type="submit" variant="secondary" pending={isSubmitting}>
        {t("restock")}
      </Button>
    </form>
  );
}

export function GiftStatusActions({
  giftId,
  code,
  name,
  active,
}: {
  giftId: string;
  code: string;
  name: string;
  active: boolean;
}) {
  const t = useTranslations("loyaltyGifts");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  const run = (action: (input: { id: string }) => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action({ id: giftId });
      if (!result.ok) return setError(result.message);
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-stone-600">{active ? t("deactivateHint") : t("activateHint")}</p>
      {active ? (
        <ConfirmDialog
          trigger={t("deactivate")}
          triggerVariant="danger"
          title={t("deactivateConfirmTitle", { name, code })}
          body={t("deactivateConfirmBody")}
          confirmLabel={t("deactivate")}
          cancelLabel={tCommon("cancel")}
          pending={pending}
          onConfirm={() => run(deactivateGiftAction)}
        />
      ) : (
        <ConfirmDialog
          trigger={t("activate")}
          title={t("activateConfirmTitle", { name, code })}
          body={t("activateConfirmBody")}
          confirmLabel={t("activate")}
          cancelLabel={tCommon("cancel")}
          confirmVariant="primary"
          pending={pending}
          onConfirm={() => run(activateGiftAction)}
        />
      )}
    </div>
  );
}

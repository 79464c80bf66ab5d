"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { registerItemAction } from "@/lib/after-sales/passports/actions";
import type { MemberPurchase } from "@/lib/after-sales/passports/queries";
import {
  emptyItemFields,
  prefillFromPurchaseLine,
  registerItemSchema,
  type RegisterItemInput,
  type RegisterItemValues,
} from "@/lib/after-sales/passports/schemas";
import type { BookingMember } from "@/lib/appointments/booking/queries";
import { ItemFieldsInputs } from "../../_passport/item-fields";
import { PurchaseLineSelect } from "../../_passport/purchase-line-select";

export function RegisterItemForm({
  member,
  stores,
  purchases,
}: {
  member: BookingMember;
  stores: { id: string; label: string }[];
  purchases: MemberPurchase[];
}) {
  const t = useTranslations("afterSalesIntake");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<RegisterItemInput, unknown, RegisterItemValues>({
    resolver: zodResolver(registerItemSchema, { error: useZodErrorMap() }),
    defaultValues: { ...emptyItemFields(), memberId: member.id, storeId: stores[0]?.id ?? "" },
  });
  const [done, setDone] = useState(false);
  const { errors, isSubmitting } = form.formState;
  const lineId = useWatch({ control: form.control, name: "purchaseLineId" }) ?? "";

  const submit = form.handleSubmit(async () => {
    setError(undefined);
    // The form's own text (grams as typed): the action parses it again with the same schema.
    const result = await registerItemAction(form.getValues());
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setDone(true);
    router.push(`/after-sales/items/${result.data.itemId}`);
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="max-w-3xl space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Card title={t("register.memberAndStore")}>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <p className="text-sm font-medium text-stone-800">{t("register.member")}</p>
              <p className="mt-2 text-sm">
                {member.name} <span className="text-stone-500">· {member.phone}</span>
              </p>
            </div>
            <Field
              id="storeId"
              label={t("register.store")}
              hint={t("register.storeHint")}
              error={errors.storeId?.message}
            >
              <Select id="storeId" {...form.register("storeId")}>
                {stores.map((store) => (
                  <option key={store.id} value={store.id}>
                    {store.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </Card>
        <Card title={t("register.fromPurchase")}>
          {purchases.length === 0 ? (
            <p className="text-sm text-stone-500">{t("register.noPurchases")}</p>
          ) : (
            <Field
              id="purchaseLineId"
              label={t("item.purchaseLine")}
              hint={t("register.purchaseHint")}
              error={errors.purchaseLineId?.message}
            >
              <PurchaseLineSelect
                id="purchaseLineId"
                purchases={purchases}
                value={lineId}
                invalid={!!errors.purchaseLineId}
                onChange={(chosen) => {
                  form.setValue("purchaseLineId", chosen?.line.id ?? "");
                  if (!chosen) return;
                  const prefill = prefillFromPurchaseLine(chosen.line);
                  form.setValue("name", prefill.name);
                  form.setValue("material", prefill.material);
                  if (prefill.category) form.setValue("category", prefill.category);
                }}
              />
            </Field>
          )}
        </Card>
        <Card title={t("register.piece")}>
          <ItemFieldsInputs />
        </Card>
        <div className="flex justify-end">
          <Button type="submit" pending={isSubmitting} disabled={done}>
            {t("register.submit")}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

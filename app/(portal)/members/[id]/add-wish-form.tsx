"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { addMemberWishlistItemAction } from "@/lib/members/clienteling/actions";
import { addWishlistItemSchema, type AddWishlistItemInput } from "@/lib/members/clienteling/schemas";

/** A wishlist item, from the wishlist card's dialog; `onDone` closes it once saved. */
export function AddWishForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const t = useTranslations("members");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<AddWishlistItemInput>({
    resolver: zodResolver(addWishlistItemSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, description: "", sku: "", priceFen: null },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberWishlistItemAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    onDone();
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="wish-description" label={t("wishDescription")} error={errors.description?.message}>
        <Input id="wish-description" aria-invalid={!!errors.description} {...form.register("description")} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="wish-sku" label={t("sku")} error={errors.sku?.message}>
          <Input id="wish-sku" {...form.register("sku")} />
        </Field>
        <Field id="wish-price" label={t("price")} error={errors.priceFen?.message}>
          <Controller
            control={form.control}
            name="priceFen"
            render={({ field }) => (
              <YuanInput id="wish-price" value={field.value} onChange={(fen) => field.onChange(fen ?? null)} />
            )}
          />
        </Field>
      </div>
      <Button type="submit" pending={isSubmitting}>
        {t("addWish")}
      </Button>
    </form>
  );
}

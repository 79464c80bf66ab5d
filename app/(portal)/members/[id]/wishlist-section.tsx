"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
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
import { addMemberWishlistItemAction, removeMemberWishlistItemAction } from "@/lib/members/clienteling/actions";
import { addWishlistItemSchema, type AddWishlistItemInput } from "@/lib/members/clienteling/schemas";
import { formatFen } from "@/lib/money";
import { Empty, useRemove } from "./section-helpers";

export type WishlistItemView = { id: string; description: string; sku: string | null; priceFen: number | null };

export function WishlistSection({
  memberId,
  items,
  canWrite,
}: {
  memberId: string;
  items: WishlistItemView[];
  canWrite: boolean;
}) {
  const t = useTranslations("members");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [priceKey, setPriceKey] = useState(0);
  const { pending, error: removeError, remove } = useRemove();
  const form = useForm<AddWishlistItemInput>({
    resolver: zodResolver(addWishlistItemSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, description: "", sku: "", priceFen: null },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberWishlistItemAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ memberId, description: "", sku: "", priceFen: null });
    setPriceKey((k) => k + 1);
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {error || removeError ? <Alert tone="error">{error ?? removeError}</Alert> : null}
      {items.length === 0 ? (
        <Empty>{t("wishlistEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{item.description}</span>
                {item.sku ? <span className="ml-2 font-mono text-xs text-stone-500">{item.sku}</span> : null}
                {item.priceFen !== null ? (
                  <span className="ml-2 text-stone-700">{formatFen(item.priceFen, locale)}</span>
                ) : null}
              </span>
              {canWrite ? (
                <Button
                  variant="ghost"
                  size="sm"
                  pending={pending}
                  onClick={() => remove(() => removeMemberWishlistItemAction({ memberId, id: item.id }))}
                  aria-label={t("removeItem", { item: item.description })}
                >
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="grid gap-2 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
          <Field id="wish-description" label={t("wishDescription")} error={errors.description?.message}>
            <Input id="wish-description" aria-invalid={!!errors.description} {...form.register("description")} />
          </Field>
          <Field id="wish-sku" label={t("sku")} error={errors.sku?.message}>
            <Input id="wish-sku" className="w-28" {...form.register("sku")} />
          </Field>
          <Field id="wish-price" label={t("price")} error={errors.priceFen?.message}>
            <Controller
              control={form.control}
              name="priceFen"
              render={({ field }) => (
                <YuanInput
                  key={priceKey}
                  id="wish-price"
                  value={field.value}
                  onChange={(fen) => field.onChange(fen ?? null)}
                />
              )}
            />
          </Field>
          <Button type="submit" size="sm" pending={isSubmitting}>
            {t("addWish")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

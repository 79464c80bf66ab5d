"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { setComplaintBudgetAction } from "@/lib/complaints/resolution/actions";
import { setComplaintBudgetSchema, type SetComplaintBudgetInput } from "@/lib/complaints/resolution/schemas";
import { formatFen } from "@/lib/money";

/** Sets one store's goodwill budget for one month, typed in yuan and kept in fen. */
export function BudgetEditButton({
  storeId,
  storeName,
  month,
  monthLabel,
  budgetFen,
  approvedFen,
}: {
  storeId: string;
  storeName: string;
  month: string;
  monthLabel: string;
  budgetFen: number | null;
  approvedFen: number;
}) {
  const t = useTranslations("complaintResolution");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const form = useForm<SetComplaintBudgetInput>({
    resolver: zodResolver(setComplaintBudgetSchema, { error: useZodErrorMap() }),
    defaultValues: { storeId, month, budgetFen: budgetFen ?? undefined },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `budget-${storeId}-${month}`;
  const budgetError = errors.budgetFen?.message;

  const close = () => {
    ref.current?.close();
    setError(undefined);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(async (input) => {
      setError(undefined);
      const result = await setComplaintBudgetAction(input);
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      close();
      router.refresh();
    })(event);

  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => ref.current?.showModal()}>
        {budgetFen === null ? t("setBudget") : t("editBudget")}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-sm rounded-lg p-0 text-left shadow-xl backdrop:bg-stone-900/40"
        onClose={() => setError(undefined)}
      >
        <form onSubmit={onSubmit} noValidate>
          <div className="space-y-3 p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {t("budgetDialogTitle", { store: storeName, month: monthLabel })}
            </h2>
            {error ? <Alert tone="error">{error}</Alert> : null}
            <Field
              id={`${id}-amount`}
              label={t("budgetYuan")}
              hint={t("budgetApprovedHint", { approved: formatFen(approvedFen, locale) })}
              error={budgetError && t.has(`validation.${budgetError}`) ? t(`validation.${budgetError}`) : budgetError}
            >
              <Controller
                control={form.control}
                name="budgetFen"
                render={({ field }) => (
                  <YuanInput
                    id={`${id}-amount`}
                    aria-invalid={!!errors.budgetFen}
                    value={field.value}
                    onChange={(fen) => field.onChange(fen)}
                  />
                )}
              />
            </Field>
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={isSubmitting}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" pending={isSubmitting}>
              {tCommon("save")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

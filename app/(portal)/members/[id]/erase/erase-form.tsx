"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { eraseMemberOnRequestAction } from "@/lib/members/erasure/actions";
import { eraseMemberSchema, type EraseMemberInput } from "@/lib/members/erasure/schemas";

/** Messages for the failures erasure reports, by the business function's detail or the error code. */
const FAILURE_KEYS: Record<string, string> = {
  conflict: "failures.alreadyErased",
  not_found: "failures.notFound",
  forbidden: "failures.forbidden",
};

export function EraseForm({ memberId, confirmationWord }: { memberId: string; confirmationWord: string }) {
  const t = useTranslations("memberPrivacy.erase");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm<EraseMemberInput>({
    resolver: zodResolver(eraseMemberSchema, { error: useZodErrorMap() }),
    defaultValues: { memberId, confirmation: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await eraseMemberOnRequestAction(values);
    if (!result.ok) {
      if (result.fieldErrors?.confirmation)
        form.setError("confirmation", { type: "server", message: "erasureConfirmationMismatch" });
      const key = FAILURE_KEYS[result.code];
      setError(key ? t(key) : result.message);
      return;
    }
    setDone(true);
    router.refresh();
  });

  if (done) {
    return (
      <Card title={t("doneTitle")}>
        <p className="text-sm text-stone-700">{t("doneBody")}</p>
        <div className="mt-4 flex gap-2">
          <Link href="/members" className={buttonClasses("primary")}>
            {t("backToList")}
          </Link>
        </div>
      </Card>
    );
  }

  const confirmationError = errors.confirmation ? t("confirmationMismatch", { word: confirmationWord }) : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("confirmTitle")}>
        <div className="space-y-1">
          <label htmlFor="confirmation" className="block text-sm font-medium text-stone-800">
            {t.rich("confirmLabel", {
              word: confirmationWord,
              code: (chunks) => (
                <code className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-red-800">{chunks}</code>
              ),
            })}
          </label>
          <Input
            id="confirmation"
            autoComplete="off"
            spellCheck={false}
            className="max-w-xs"
            aria-invalid={!!errors.confirmation}
            aria-describedby={confirmationError ? "confirmation-error" : undefined}
            {...form.register("confirmation")}
          />
          {confirmationError ? (
            <p id="confirmation-error" className="text-xs text-red-700">
              {confirmationError}
            </p>
          ) : null}
        </div>
        <div className="mt-4">
          <Button type="submit" variant="danger" pending={isSubmitting}>
            {t("submit")}
          </Button>
        </div>
      </Card>
    </form>
  );
}

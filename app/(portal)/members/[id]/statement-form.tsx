"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { defaultStatementPeriod, statementPeriodSchema, type StatementPeriod } from "@/lib/loyalty/statement/schemas";
import { DEFAULT_TIME_ZONE } from "@/lib/time";

type StatementFormProps = {
  memberId: string;
  /** The member's home-store time zone: the period's dates are its local dates. */
  timeZone?: string;
};

function filenameOf(response: Response): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? "member-statement.pdf";
}

/**
 * Chooses a period (default: this calendar year to date) and downloads the member's statement PDF.
 * The PDF is fetched first, so that a refusal (period, permission, member) shows here instead of
 * replacing the page.
 */
export function StatementForm({ memberId, timeZone = DEFAULT_TIME_ZONE }: StatementFormProps) {
  const t = useTranslations("memberStatement");
  const tErrors = useTranslations("errors");
  const [status, setStatus] = useState<{ tone: "success" | "error"; message: string } | null>(null);
  const form = useForm<StatementPeriod>({
    resolver: zodResolver(statementPeriodSchema, { error: useZodErrorMap() }),
    defaultValues: defaultStatementPeriod(timeZone),
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (period) => {
    setStatus(null);
    const query = new URLSearchParams(period).toString();
    let response: Response;
    try {
      response = await fetch(`/members/${encodeURIComponent(memberId)}/statement?${query}`, {
        headers: { Accept: "application/pdf" },
      });
    } catch {
      setStatus({ tone: "error", message: t("downloadError") });
      return;
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        error?: { code?: string; fields?: Record<string, string[]> };
      } | null;
      const error = body?.error;
      for (const [field, messages] of Object.entries(error?.fields ?? {})) {
        if (field === "from" || field === "to") form.setError(field, { message: messages[0] });
      }
      const code = error?.code;
      setStatus({ tone: "error", message: code && tErrors.has(code) ? tErrors(code) : t("downloadError") });
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = filenameOf(response);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus({ tone: "success", message: t("downloaded") });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="statement-form">
      <p className="text-sm text-stone-600">{t("formDescription")}</p>
      <div className="grid grid-cols-2 gap-3">
        <Field id="statement-from" label={t("from")} error={errors.from?.message}>
          <Input
            id="statement-from"
            type="date"
            aria-invalid={errors.from ? true : undefined}
            {...form.register("from")}
          />
        </Field>
        <Field id="statement-to" label={t("to")} error={errors.to?.message}>
          <Input id="statement-to" type="date" aria-invalid={errors.to ? true : undefined} {...form.register("to")} />
        </Field>
      </div>
      {status ? <Alert tone={status.tone}>{status.message}</Alert> : null}
      <Button type="submit" pending={isSubmitting}>
        {t("download")}
      </Button>
    </form>
  );
}

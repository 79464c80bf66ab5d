"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@/lib/i18n/config";

function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? fallback;
}

/**
 * The visit's confirmation as a PDF or a calendar file, in a chosen language (default: the staff
 * member's). The file is fetched first, so that a refusal shows here instead of replacing the page.
 */
export function ConfirmationDownloads({ appointmentId }: { appointmentId: string }) {
  const t = useTranslations("visitPreparation");
  const tErrors = useTranslations("errors");
  const current = useLocale();
  const [lang, setLang] = useState<Locale>(isLocale(current) ? current : DEFAULT_LOCALE);
  const [pending, setPending] = useState<"pdf" | "ics" | null>(null);
  const [status, setStatus] = useState<{ tone: "success" | "error"; message: string } | null>(null);

  async function fetchFile(kind: "pdf" | "ics") {
    setStatus(null);
    setPending(kind);
    try {
      const response = await fetch(
        `/appointments/${encodeURIComponent(appointmentId)}/confirmation.${kind}?lang=${encodeURIComponent(lang)}`,
        { headers: { Accept: kind === "pdf" ? "application/pdf" : "text/calendar" } },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        const code = body?.error?.code;
        setStatus({ tone: "error", message: code && tErrors.has(code) ? tErrors(code) : t("downloadError") });
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = filenameOf(response, `appointment.${kind}`);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({ tone: "success", message: t("downloaded") });
    } catch {
      setStatus({ tone: "error", message: t("downloadError") });
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="space-y-2 print:hidden" data-testid="confirmation-downloads">
      <div className="flex flex-wrap items-end gap-2">
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-stone-800">{t("downloadLanguage")}</span>
          <Select value={lang} onChange={(event) => setLang(event.target.value as Locale)} className="w-32">
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {locale === "en" ? t("languageEn") : t("languageZh")}
              </option>
            ))}
          </Select>
        </label>
        <Button
          variant="secondary"
          pending={pending === "pdf"}
          disabled={pending !== null}
          onClick={() => fetchFile("pdf")}
        >
          {t("downloadPdf")}
        </Button>
        <Button
          variant="secondary"
          pending={pending === "ics"}
          disabled={pending !== null}
          onClick={() => fetchFile("ics")}
        >
          {t("downloadIcs")}
        </Button>
      </div>
      {status ? <Alert tone={status.tone}>{status.message}</Alert> : null}
    </div>
  );
}

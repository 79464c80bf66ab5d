"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import type { ActionResult } from "@/lib/actions/result";

/** Switches the UI language; `save` persists it (per staff member when signed in, else a cookie). */
export function LanguageSwitch({ save }: { save: (input: { locale: Locale }) => Promise<ActionResult<null>> }) {
  const t = useTranslations("language");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1.5 text-sm text-stone-600">
      <span className="sr-only">{t("label")}</span>
      <select
        aria-label={t("label")}
        className="rounded-md border-0 bg-transparent py-1 pr-7 pl-2 text-sm ring-1 ring-stone-300 focus:ring-2 focus:ring-amber-600"
        value={locale}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as Locale;
          startTransition(async () => {
            const result = await save({ locale: next });
            if (result.ok) router.refresh();
          });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(l)}
          </option>
        ))}
      </select>
    </label>
  );
}

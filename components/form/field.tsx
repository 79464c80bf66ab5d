"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** A labelled form control with its hint and error; error messages that are message keys are translated. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const t = useTranslations("validation");
  const message = error ? (t.has(error) ? t(error) : error) : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {children}
      {hint && !message ? <p className="text-xs text-stone-500">{hint}</p> : null}
      {message ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Select } from "@/components/ui/input";
import { Input } from "@/components/ui/input";
import { CONSENT_CHANNELS, MAX_TAGS, type ConsentState } from "@/lib/members/schemas";

export type AdvisorOption = { id: string; displayName: string; allStores: boolean; storeIds: string[] };

/** Tags typed as one line, separated by commas or spaces; the form holds them as an array. */
export function TagsInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: string[];
  onChange: (tags: string[]) => void;
  invalid?: boolean;
}) {
  const [text, setText] = useState(value.join("，"));
  return (
    <Input
      id={id}
      value={text}
      aria-invalid={invalid}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(/[,，、;；\s]+/)
            .map((tag) => tag.trim())
            .filter(Boolean)
            .slice(0, MAX_TAGS + 1),
        );
      }}
    />
  );
}

/** One checkbox per marketing channel (PIPL: consent is per channel). */
export function ConsentsFieldset({ value, onChange }: { value: ConsentState; onChange: (next: ConsentState) => void }) {
  const t = useTranslations("members");
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-stone-800">{t("marketingConsent")}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {CONSENT_CHANNELS.map((channel) => (
          <label
            key={channel}
            className="flex items-center gap-2 rounded-md px-2 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
          >
            <input
              type="checkbox"
              name={`consent-${channel}`}
              className="size-4 accent-amber-700"
              checked={value[channel]}
              onChange={(e) => onChange({ ...value, [channel]: e.target.checked })}
            />
            {t(`consentChannels.${channel}`)}
          </label>
        ))}
      </div>
      <p className="mt-1 text-xs text-stone-500">{t("consentHint")}</p>
    </fieldset>
  );
}

/** Advisors who serve the chosen home store. */
export function AdvisorSelect({
  id,
  advisors,
  storeId,
  invalid,
  ...rest
}: {
  id: string;
  advisors: AdvisorOption[];
  storeId: string;
  invalid?: boolean;
} & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const t = useTranslations("members");
  const serving = advisors.filter((a) => a.allStores || a.storeIds.includes(storeId));
  return (
    <Select id={id} aria-invalid={invalid} {...rest}>
      <option value="">{t("noAdvisor")}</option>
      {serving.map((a) => (
        <option key={a.id} value={a.id}>
          {a.displayName}
        </option>
      ))}
    </Select>
  );
}

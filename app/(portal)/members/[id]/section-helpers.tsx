"use client";

import { useFormatter } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

// Small pieces the member sections of the 360° view share.

/** A calendar date (YYYY-MM-DD) in the reader's locale, without any time-zone shift. */
export function useFormatDay() {
  const format = useFormatter();
  return (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

/** Runs a removal action, then refreshes the page; shows the failure message if any. */
export function useRemove() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const remove = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action();
      if (!result.ok) return setError(result.message);
      router.refresh();
    });
  return { pending, error, remove };
}

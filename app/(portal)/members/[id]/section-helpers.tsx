"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

// Small pieces the member sections of the 360° view share.

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

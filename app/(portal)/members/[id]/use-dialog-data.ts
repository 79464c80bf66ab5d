"use client";

import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";

/**
 * What a dialog of the 360° view reads when it opens, through a read action: again whenever
 * `loadKey` changes (the last data stays on screen meanwhile). `data` is undefined until the first
 * answer; `error` is the failure's message.
 */
export function useDialogData<T>(load: () => Promise<ActionResult<T>>, loadKey: unknown) {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (live) setState(result.ok ? { data: result.data } : { error: result.message });
    });
    return () => {
      live = false;
    };
    // `load` is a new function on every render; `loadKey` says when to read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadKey]);
  return state;
}

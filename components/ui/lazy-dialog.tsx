"use client";

import { useCallback, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

type LazyDialogProps = {
  id: string;
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  title: ReactNode;
  closeLabel: ReactNode;
  width?: "md" | "lg";
  /** The content, rendered while the dialog is open; `close` closes it (e.g. after a successful save). */
  children: (close: () => void) => ReactNode;
};

/**
 * A button that opens a native <dialog> (Esc closes it) which exists only while it is open: the
 * page renders the button alone, and content loaded lazily (lazyWithMessages, next/dynamic) is not
 * even fetched until the dialog opens. Closing drops the content, so it opens afresh.
 */
export function LazyDialog({
  id,
  trigger,
  triggerVariant = "secondary",
  title,
  closeLabel,
  width = "md",
  children,
}: LazyDialogProps) {
  const [open, setOpen] = useState(false);
  // The element in state (a callback ref): `close` is handed to the content while rendering.
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const attach = useCallback((element: HTMLDialogElement | null) => {
    setDialog(element);
    if (element && !element.open) element.showModal();
  }, []);
  const close = () => dialog?.close();
  return (
    <>
      <Button variant={triggerVariant} size="sm" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {trigger}
      </Button>
      {open ? (
        <dialog
          ref={attach}
          aria-labelledby={`${id}-title`}
          className={`m-auto w-full ${width === "lg" ? "max-w-lg" : "max-w-md"} rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40`}
          onClose={() => setOpen(false)}
        >
          <div className="flex items-center justify-between gap-3 border-b border-stone-200 px-5 py-3">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {title}
            </h2>
            <Button variant="ghost" size="sm" onClick={close}>
              {closeLabel}
            </Button>
          </div>
          <div className="p-5">{children(close)}</div>
        </dialog>
      ) : null}
    </>
  );
}

/** What a dialog shows while its form's code or data loads. */
export function DialogLoading({ label }: { label: ReactNode }) {
  return (
    <p className="flex h-24 items-center justify-center gap-2 text-sm text-stone-500" role="status">
      <span className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
      {label}
    </p>
  );
}

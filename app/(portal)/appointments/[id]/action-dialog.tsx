"use client";

import { useRef, type FormEvent, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

/**
 * A native <dialog> around a small form, opened by a full-size button (touch targets of at least
 * 40 px on the counter's tablet). Esc and the cancel button close it; `onSubmit` decides whether it
 * closes (it calls `close`).
 */
export function ActionDialog({
  id,
  trigger,
  triggerVariant = "secondary",
  title,
  children,
  submitLabel,
  submitVariant = "primary",
  cancelLabel,
  pending,
  wide,
  onOpen,
  onSubmit,
}: {
  id: string;
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  title: ReactNode;
  children: ReactNode;
  submitLabel: ReactNode;
  submitVariant?: ButtonVariant;
  cancelLabel: ReactNode;
  pending?: boolean;
  wide?: boolean;
  onOpen?: () => void;
  onSubmit: (close: () => void) => void | Promise<void>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = () => ref.current?.close();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await onSubmit(close);
  };
  return (
    <>
      <Button
        variant={triggerVariant}
        onClick={() => {
          onOpen?.();
          ref.current?.showModal();
        }}
      >
        {trigger}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        className={`m-auto w-full ${wide ? "max-w-3xl" : "max-w-md"} rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40`}
      >
        <form onSubmit={submit} noValidate>
          <div className="max-h-[70vh] space-y-4 overflow-y-auto p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {title}
            </h2>
            {children}
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={pending}>
              {cancelLabel}
            </Button>
            <Button type="submit" variant={submitVariant} pending={pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

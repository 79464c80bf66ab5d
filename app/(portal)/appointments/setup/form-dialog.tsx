"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { Button, type ButtonVariant } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

/** A native <dialog> around a small form: Esc closes it, focus returns to the button that opened it. */
export function FormDialog({
  id,
  trigger,
  triggerVariant = "secondary",
  width = "md",
  title,
  onSubmit,
  pending,
  submitLabel,
  onClosed,
  children,
}: {
  id: string;
  trigger: string;
  triggerVariant?: ButtonVariant;
  width?: "md" | "lg";
  title: string;
  onSubmit: (event: FormEvent<HTMLFormElement>, close: () => void) => void;
  pending: boolean;
  submitLabel: string;
  onClosed: () => void;
  children: ReactNode;
}) {
  const tCommon = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const close = () => ref.current?.close();
  return (
    <>
      <Button
        variant={triggerVariant}
        size={triggerVariant === "primary" ? "md" : "sm"}
        onClick={() => ref.current?.showModal()}
      >
        {trigger}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        className={
          width === "lg"
            ? "m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
            : "m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
        }
        onClose={onClosed}
      >
        <form onSubmit={(event) => onSubmit(event, close)} noValidate>
          <div className="space-y-4 p-5">
            <h2 id={`${id}-title`} className="text-base font-semibold text-stone-900">
              {title}
            </h2>
            {children}
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={close} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" pending={pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/**
 * The submit and close handlers of a FormDialog whose form saves through one action: on success the
 * dialog closes and the page refreshes; on failure the field errors go next to their fields and the
 * form-level message is returned as `error`. Closing clears the error and puts `defaults` back.
 */
export function useFormDialogAction<T extends FieldValues>(
  form: UseFormReturn<T>,
  defaults: T,
  action: (values: T) => Promise<ActionResult<unknown>>,
) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  return {
    error,
    onClosed: () => {
      setError(undefined);
      form.reset(defaults);
    },
    onSubmit: (event: FormEvent<HTMLFormElement>, close: () => void) =>
      form.handleSubmit(async (values) => {
        setError(undefined);
        const result = await action(values);
        if (!result.ok) return setError(applyServerErrors(result, form.setError));
        close();
        router.refresh();
      })(event),
  };
}

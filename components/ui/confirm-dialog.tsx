"use client";

import { useRef, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

type ConfirmDialogProps = {
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: ReactNode;
  cancelLabel: ReactNode;
  confirmVariant?: ButtonVariant;
  pending?: boolean;
  onConfirm: () => void | Promise<void>;
};

/** A native <dialog> asking before a destructive or irreversible action (Esc and Cancel close it). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button
        variant={props.triggerVariant ?? "secondary"}
        size="sm"
        onClick={() => ref.current?.showModal()}
        pending={props.pending}
      >
        {props.trigger}
      </Button>
      <dialog ref={ref} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40">
        <div className="space-y-3 p-5">
          <h2 className="text-base font-semibold text-stone-900">{props.title}</h2>
          <div className="text-sm text-stone-600">{props.body}</div>
        </div>
        <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
          <Button variant="secondary" onClick={() => ref.current?.close()}>
            {props.cancelLabel}
          </Button>
          <Button
            variant={props.confirmVariant ?? "danger"}
            onClick={async () => {
              ref.current?.close();
              await props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** A row's delete button behind a confirmation; a refusal shows under the button, success refreshes the list. */
export function DeleteButton({
  label,
  title,
  body,
  onDelete,
}: {
  label: string;
  title: string;
  body: string;
  onDelete: () => Promise<{ ok: boolean; message?: string }>;
}) {
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={label}
        triggerVariant="danger"
        title={title}
        body={body}
        confirmLabel={label}
        cancelLabel={tCommon("cancel")}
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await onDelete();
            if (!result.ok) return setError(result.message);
            router.refresh();
          })
        }
      />
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

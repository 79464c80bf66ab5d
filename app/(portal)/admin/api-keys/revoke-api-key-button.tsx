"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";

/** Revokes a key after confirmation; the POS using it is refused from its next request. */
export function RevokeApiKeyButton({ id, name, prefix }: { id: string; name: string; prefix: string }) {
  const t = useTranslations("apiKeys");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={t("revoke")}
        triggerVariant="danger"
        title={t("revokeConfirmTitle", { name })}
        body={t("revokeConfirmBody", { prefix })}
        confirmLabel={t("revoke")}
        cancelLabel={tCommon("cancel")}
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await revokeApiKeyAction({ id });
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

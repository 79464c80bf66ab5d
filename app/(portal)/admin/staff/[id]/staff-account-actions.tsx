"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deactivateStaffAction, reactivateStaffAction, resetStaffPasswordAction } from "@/lib/staff/actions";
import { OneTimePassword } from "../one-time-password";

export function StaffAccountActions({
  staffId,
  username,
  active,
  isSelf,
}: {
  staffId: string;
  username: string;
  active: boolean;
  isSelf: boolean;
}) {
  const t = useTranslations("staff");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [password, setPassword] = useState<string>();

  const run = (
    action: () => Promise<{ ok: boolean; message?: string; data?: unknown }>,
    onOk?: (data: unknown) => void,
  ) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action();
      if (!result.ok) return setError(result.message);
      onOk?.(result.data);
      router.refresh();
    });

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {password ? <OneTimePassword password={password} /> : null}
      <div className="space-y-2">
        <p className="text-sm text-stone-600">{t("resetHint")}</p>
        <ConfirmDialog
          trigger={t("resetPassword")}
          title={t("resetConfirmTitle", { username })}
          body={t("resetConfirmBody")}
          confirmLabel={t("resetPassword")}
          cancelLabel={tCommon("cancel")}
          confirmVariant="primary"
          pending={pending}
          onConfirm={() =>
            run(
              () => resetStaffPasswordAction({ id: staffId }),
              (data) => setPassword((data as { oneTimePassword: string }).oneTimePassword),
            )
          }
        />
      </div>
      {!isSelf ? (
        <div className="space-y-2 border-t border-stone-200 pt-4">
          <p className="text-sm text-stone-600">{active ? t("deactivateHint") : t("reactivateHint")}</p>
          {active ? (
            <ConfirmDialog
              trigger={t("deactivate")}
              triggerVariant="danger"
              title={t("deactivateConfirmTitle", { username })}
              body={t("deactivateConfirmBody")}
              confirmLabel={t("deactivate")}
              cancelLabel={tCommon("cancel")}
              pending={pending}
              onConfirm={() => run(() => deactivateStaffAction({ id: staffId }))}
            />
          ) : (
            <ConfirmDialog
              trigger={t("reactivate")}
              title={t("reactivateConfirmTitle", { username })}
              body={t("reactivateConfirmBody")}
              confirmLabel={t("reactivate")}
              cancelLabel={tCommon("cancel")}
              confirmVariant="primary"
              pending={pending}
              onConfirm={() => run(() => reactivateStaffAction({ id: staffId }))}
            />
          )}
        </div>
      ) : null}
    </div>
  );
}

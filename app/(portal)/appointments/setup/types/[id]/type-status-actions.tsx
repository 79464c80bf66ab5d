"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { activateAppointmentTypeAction, deactivateAppointmentTypeAction } from "@/lib/appointments/setup/actions";

/** Deactivate (no new bookings; existing ones stay) or activate again, each behind a confirmation. */
export function TypeStatusActions({
  typeId,
  code,
  name,
  active,
}: {
  typeId: string;
  code: string;
  name: string;
  active: boolean;
}) {
  const t = useTranslations("appointmentSetup.types");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  const run = (action: (input: { id: string }) => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action({ id: typeId });
      if (!result.ok) return setError(result.message);
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-stone-600">{active ? t("deactivateHint") : t("activateHint")}</p>
      {active ? (
        <ConfirmDialog
          trigger={t("deactivate")}
          triggerVariant="danger"
          title={t("deactivateConfirmTitle", { name, code })}
          body={t("deactivateConfirmBody")}
          confirmLabel={t("deactivate")}
          cancelLabel={tCommon("cancel")}
          pending={pending}
          onConfirm={() => run(deactivateAppointmentTypeAction)}
        />
      ) : (
        <ConfirmDialog
          trigger={t("activate")}
          title={t("activateConfirmTitle", { name, code })}
          body={t("activateConfirmBody")}
          confirmLabel={t("activate")}
          cancelLabel={tCommon("cancel")}
          confirmVariant="primary"
          pending={pending}
          onConfirm={() => run(activateAppointmentTypeAction)}
        />
      )}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { leaveWaitlistAction } from "@/lib/appointments/waitlist/actions";

/** Takes an entry off the waitlist, after asking. */
export function LeaveWaitlistButton({ entryId }: { entryId: string }) {
  const t = useTranslations("appointmentExtras");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <>
      <ConfirmDialog
        trigger={t("waitlistCancel")}
        title={t("waitlistCancelTitle")}
        body={t("waitlistCancelBody")}
        confirmLabel={t("waitlistCancel")}
        cancelLabel={tCommon("cancel")}
        confirmVariant="danger"
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            const result = await leaveWaitlistAction({ entryId });
            if (result.ok) router.refresh();
            else setError(result.message);
          })
        }
      />
      {error ? (
        <span className="text-xs text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/actions/result";
import { cancelEventAction, closeEventAction, inviteNowAction, openEventAction } from "@/lib/events/actions";
import type { EventStatus } from "@/lib/events/schemas";
import { useEventFailureMessage } from "../event-messages";

/** A manager's buttons for one event: open, send invitations now, close, cancel. */
export function EventActions({
  eventId,
  status,
  accepted,
  started,
  over,
}: {
  eventId: string;
  status: EventStatus;
  accepted: number;
  started: boolean;
  over: boolean;
}) {
  const t = useTranslations("events.actions");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const failureMessage = useEventFailureMessage();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  function run<T>(action: (input: { id: string }) => Promise<ActionResult<T>>, success: (data: T) => string) {
    startTransition(async () => {
      setError(undefined);
      setDone(undefined);
      const result = await action({ id: eventId });
      if (!result.ok) return setError(failureMessage(result));
      setDone(success(result.data));
      router.refresh();
    });
  }

  const cancel =
    status !== "cancelled" && !over ? (
      <ConfirmDialog
        trigger={t("cancel")}
        triggerVariant="danger"
        title={t("cancelConfirmTitle")}
        body={
          <div className="space-y-2">
            <p>{t("cancelConfirmBody")}</p>
            <p className="font-medium text-stone-800">{t("cancelNobodyTold", { accepted })}</p>
          </div>
        }
        confirmLabel={t("cancel")}
        cancelLabel={tCommon("cancel")}
        pending={pending}
        onConfirm={() => run(cancelEventAction, () => t("cancelled"))}
      />
    ) : null;

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      {status === "draft" && !started ? (
        <>
          <p className="text-sm text-stone-600">{t("openHint")}</p>
          <ConfirmDialog
            trigger={t("open")}
            triggerVariant="primary"
            confirmVariant="primary"
            title={t("openConfirmTitle")}
            body={t("openConfirmBody")}
            confirmLabel={t("open")}
            cancelLabel={tCommon("cancel")}
            pending={pending}
            onConfirm={() => run(openEventAction, (data) => t("opened", { count: data.invited }))}
          />
        </>
      ) : null}
      {status === "open" && !started ? (
        <>
          <p className="text-sm text-stone-600">{t("inviteNowHint")}</p>
          <Button
            size="sm"
            pending={pending}
            onClick={() => run(inviteNowAction, (data) => t("invitedNow", { count: data.invited }))}
          >
            {t("inviteNow")}
          </Button>
          <p className="text-sm text-stone-600">{t("closeHint")}</p>
          <ConfirmDialog
            trigger={t("close")}
            title={t("closeConfirmTitle")}
            body={t("closeConfirmBody")}
            confirmLabel={t("close")}
            cancelLabel={tCommon("cancel")}
            confirmVariant="primary"
            pending={pending}
            onConfirm={() => run(closeEventAction, () => t("closed"))}
          />
        </>
      ) : null}
      {status === "cancelled" || over ? <p className="text-sm text-stone-600">{t("nothingToDo")}</p> : null}
      {cancel ? (
        <div className="border-t border-stone-200 pt-3">
          <p className="mb-2 text-sm text-stone-600">{t("cancelHint")}</p>
          {cancel}
        </div>
      ) : null}
    </div>
  );
}

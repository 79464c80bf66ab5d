"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import {
  checkInAppointmentAction,
  completeAppointmentAction,
  confirmAppointmentAction,
  markNoShowAction,
} from "@/lib/appointments/booking/actions";
import type { BookingAdvisor } from "@/lib/appointments/booking/queries";
import { changeAllowedFrom, type AppointmentStatus } from "@/lib/appointments/booking/schemas";
import { ActionDialog } from "./action-dialog";
import { CancelDialog } from "./cancel-dialog";
import { RescheduleDialog } from "./reschedule-dialog";

type Props = {
  appointmentId: string;
  status: AppointmentStatus;
  storeId: string;
  typeId: string;
  timeZone: string;
  today: string;
  currentDate: string;
  advisorId: string;
  advisors: BookingAdvisor[];
  /** At render time: whether the check-in window is open, and when it opens (formatted, store time). */
  checkInOpen: boolean;
  checkInOpensAt: string;
  /** At render time: the start has passed. */
  noShowAllowed: boolean;
};

/** What can be done with the visit in its status; the server checks every rule again. */
export function AppointmentActions(props: Props) {
  const t = useTranslations("appointments");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { appointmentId, status } = props;

  const run = (action: () => Promise<ActionResult<unknown>>, done: string) =>
    startTransition(async () => {
      setError(undefined);
      setNotice(undefined);
      const result = await action();
      if (!result.ok) return setError(result.message);
      setNotice(done);
      router.refresh();
    });

  const finished = (message: string) => {
    setError(undefined);
    setNotice(message);
    router.refresh();
  };

  const can = (change: Parameters<typeof changeAllowedFrom>[0]) => changeAllowedFrom(change, status);
  const nothingLeft = !["confirm", "checkIn", "complete", "noShow", "cancel", "reschedule"].some((change) =>
    can(change as Parameters<typeof changeAllowedFrom>[0]),
  );

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {nothingLeft ? (
        <p className="text-sm text-stone-600">{t("noActions")}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {can("confirm") ? (
            <Button
              pending={pending}
              onClick={() => run(() => confirmAppointmentAction({ appointmentId }), t("done.confirmed"))}
            >
              {t("actions.confirm")}
            </Button>
          ) : null}
          {can("checkIn") ? (
            <Button
              pending={pending}
              aria-describedby={props.checkInOpen ? undefined : "check-in-hint"}
              onClick={() => run(() => checkInAppointmentAction({ appointmentId }), t("done.checkedIn"))}
            >
              {t("actions.checkIn")}
            </Button>
          ) : null}
          {can("complete") ? (
            <Button
              pending={pending}
              onClick={() => run(() => completeAppointmentAction({ appointmentId }), t("done.completed"))}
            >
              {t("actions.complete")}
            </Button>
          ) : null}
          {can("reschedule") ? (
            <RescheduleDialog
              appointmentId={appointmentId}
              storeId={props.storeId}
              typeId={props.typeId}
              timeZone={props.timeZone}
              today={props.today}
              currentDate={props.currentDate}
              currentAdvisorId={props.advisorId}
              advisors={props.advisors}
              onDone={finished}
            />
          ) : null}
          {can("noShow") && props.noShowAllowed ? (
            <ActionDialog
              id="no-show"
              trigger={t("actions.noShow")}
              title={t("noShowTitle")}
              submitLabel={t("noShowConfirm")}
              submitVariant="danger"
              cancelLabel={t("close")}
              pending={pending}
              onSubmit={(close) => {
                close();
                run(() => markNoShowAction({ appointmentId }), t("done.noShow"));
              }}
            >
              <p className="text-sm text-stone-600">{t("noShowBody")}</p>
            </ActionDialog>
          ) : null}
          {can("cancel") ? <CancelDialog appointmentId={appointmentId} onDone={finished} /> : null}
        </div>
      )}
      {can("checkIn") && !props.checkInOpen ? (
        <p id="check-in-hint" className="text-sm text-stone-600">
          {t("checkInOpensAt", { time: props.checkInOpensAt })}
        </p>
      ) : null}
    </div>
  );
}

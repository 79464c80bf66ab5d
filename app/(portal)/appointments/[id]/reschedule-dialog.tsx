"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/form/field";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/input";
import { rescheduleAppointmentAction } from "@/lib/appointments/booking/actions";
import type { BookingAdvisor } from "@/lib/appointments/booking/queries";
import type { SlotOption } from "@/lib/appointments/booking/schemas";
import { alternativesOf, SlotPicker, TakenAlternatives, useFreeSlots } from "../new/slot-picker";
import { ActionDialog } from "./action-dialog";

type Props = {
  appointmentId: string;
  storeId: string;
  typeId: string;
  timeZone: string;
  /** The store's today (yyyy-MM-dd), the earliest day offered. */
  today: string;
  /** The visit's current store-local day, the day first shown. */
  currentDate: string;
  currentAdvisorId: string;
  advisors: BookingAdvisor[];
  onDone: (message: string) => void;
};

/**
 * Move the visit: a day, an advisor (or any advisor) and one of the free starts, the visit's own
 * time counting as free. For "any advisor" the current advisor keeps it when free then.
 */
export function RescheduleDialog(props: Props) {
  const t = useTranslations("appointments");
  const format = useFormatter();
  const [date, setDate] = useState(props.currentDate);
  const [advisorChoice, setAdvisorChoice] = useState(props.currentAdvisorId);
  const [chosen, setChosen] = useState<SlotOption | null>(null);
  const [alternatives, setAlternatives] = useState<SlotOption[] | null>(null);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const free = useFreeSlots();

  const ask = (next: { date: string; advisorId: string }) =>
    free.load({
      storeId: props.storeId,
      typeId: props.typeId,
      date: next.date,
      advisorId: next.advisorId || null,
      excludeAppointmentId: props.appointmentId,
    });

  const change = (next: Partial<{ date: string; advisorId: string }>) => {
    setChosen(null);
    setAlternatives(null);
    ask({ date, advisorId: advisorChoice, ...next });
  };

  const advisorFor = (slot: SlotOption) =>
    advisorChoice ||
    (slot.advisorIds.includes(props.currentAdvisorId) ? props.currentAdvisorId : (slot.advisorIds[0] ?? ""));

  return (
    <ActionDialog
      id="reschedule-appointment"
      wide
      trigger={t("actions.reschedule")}
      title={t("rescheduleTitle")}
      submitLabel={t("rescheduleConfirm")}
      cancelLabel={t("close")}
      pending={pending}
      onOpen={() => {
        setDate(props.currentDate);
        setAdvisorChoice(props.currentAdvisorId);
        setChosen(null);
        setAlternatives(null);
        setError(undefined);
        ask({ date: props.currentDate, advisorId: props.currentAdvisorId });
      }}
      onSubmit={async (close) => {
        setError(undefined);
        if (!chosen) return setError(t("validation.appointmentTimeRequired"));
        setPending(true);
        const result = await rescheduleAppointmentAction({
          appointmentId: props.appointmentId,
          startsAt: chosen.startsAt,
          advisorId: advisorFor(chosen) || undefined,
        });
        setPending(false);
        if (result.ok) {
          close();
          props.onDone(t("done.rescheduled"));
          return;
        }
        const taken = alternativesOf(result);
        if (taken) {
          setAlternatives(taken);
          setChosen(null);
          ask({ date, advisorId: advisorChoice });
          return;
        }
        const field = Object.values(result.fieldErrors ?? {})[0]?.[0];
        setError(field && t.has(`validation.${field}`) ? t(`validation.${field}`) : result.message);
      }}
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="reschedule-date" label={t("date")}>
          <Input
            id="reschedule-date"
            type="date"
            value={date}
            min={props.today}
            onChange={(e) => {
              setDate(e.target.value);
              change({ date: e.target.value });
            }}
          />
        </Field>
        <Field id="reschedule-advisor" label={t("advisor")}>
          <Select
            id="reschedule-advisor"
            value={advisorChoice}
            onChange={(e) => {
              setAdvisorChoice(e.target.value);
              change({ advisorId: e.target.value });
            }}
          >
            <option value="">{t("anyAdvisor")}</option>
            {props.advisors.map((advisor) => (
              <option key={advisor.id} value={advisor.id}>
                {advisor.displayName}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {alternatives ? (
        <TakenAlternatives
          alternatives={alternatives}
          timeZone={props.timeZone}
          onSelect={(slot) => {
            setDate(slot.date);
            setAlternatives(null);
            setChosen(slot);
            ask({ date: slot.date, advisorId: advisorChoice });
          }}
        />
      ) : null}
      <SlotPicker
        id="reschedule-slots"
        slots={free.slots}
        loading={free.loading}
        error={free.error}
        selected={chosen?.startsAt ?? null}
        onSelect={(slot) => {
          setAlternatives(null);
          setChosen(slot);
        }}
      />
      {chosen ? (
        <p className="text-sm text-stone-800" data-testid="reschedule-chosen">
          {t("chosenSlot", {
            time: format.dateTime(new Date(chosen.startsAt), {
              dateStyle: "full",
              timeStyle: "short",
              timeZone: props.timeZone,
            }),
          })}
        </p>
      ) : null}
    </ActionDialog>
  );
}

"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useRef, useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { bookingSlotsAction } from "@/lib/appointments/booking/actions";
import type { BookingSlotsInput, SlotOption } from "@/lib/appointments/booking/schemas";

/**
 * The free starts of a day as buttons (server-computed: lib/appointments/availability), and the
 * alternatives a taken slot comes back with. Shared by the booking page and the reschedule dialog.
 */

/** Loads the free starts for a question; the last question asked wins (an older answer arriving late is dropped). */
export function useFreeSlots() {
  const [slots, setSlots] = useState<SlotOption[] | null>(null);
  const [error, setError] = useState<string>();
  const [loading, startLoading] = useTransition();
  const asked = useRef(0);
  const load = useCallback((query: BookingSlotsInput | null) => {
    const ticket = ++asked.current;
    // The previous question's buttons go at once: a start of another day must not be picked meanwhile.
    setSlots(null);
    setError(undefined);
    if (!query) return;
    startLoading(async () => {
      const result = await bookingSlotsAction(query);
      if (ticket !== asked.current) return;
      if (result.ok) {
        setSlots(result.data);
        setError(undefined);
      } else {
        setSlots(null);
        setError(result.message);
      }
    });
  }, []);
  return { slots, error, loading, load };
}

export function SlotPicker({
  id,
  slots,
  loading,
  error,
  selected,
  onSelect,
  emptyHint,
  whenNone,
}: {
  id: string;
  slots: SlotOption[] | null;
  loading: boolean;
  error?: string;
  /** The chosen start (ISO). */
  selected: string | null;
  onSelect: (slot: SlotOption) => void;
  /** Shown instead of the buttons while the question is incomplete (no type chosen yet). */
  emptyHint?: string;
  /** Shown under "no free time" (the booking page's "join the waitlist"). */
  whenNone?: ReactNode;
}) {
  const t = useTranslations("appointments");
  if (error) return <Alert tone="error">{error}</Alert>;
  if (slots === null) {
    return <p className="text-sm text-stone-500">{loading ? t("slotsLoading") : (emptyHint ?? t("slotsAsk"))}</p>;
  }
  if (slots.length === 0) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-stone-600">{loading ? t("slotsLoading") : t("slotsNone")}</p>
        {loading ? null : whenNone}
      </div>
    );
  }
  const selectedTime = selected ? Date.parse(selected) : null;
  return (
    <div
      id={id}
      role="group"
      aria-label={t("slots")}
      aria-busy={loading || undefined}
      className={cn("grid grid-cols-4 gap-2 sm:grid-cols-6 lg:grid-cols-8", loading && "opacity-60")}
      data-testid="free-slots"
    >
      {slots.map((slot) => {
        const chosen = selectedTime === Date.parse(slot.startsAt);
        return (
          <Button
            key={slot.startsAt}
            variant={chosen ? "primary" : "secondary"}
            aria-pressed={chosen}
            className="tabular-nums"
            onClick={() => onSelect(slot)}
          >
            {slot.time}
          </Button>
        );
      })}
    </div>
  );
}

/** "Just taken", and the next free starts to pick instead (same day first, then up to a week ahead). */
export function TakenAlternatives({
  alternatives,
  timeZone,
  onSelect,
}: {
  alternatives: SlotOption[];
  timeZone: string;
  onSelect: (slot: SlotOption) => void;
}) {
  const t = useTranslations("appointments");
  const format = useFormatter();
  return (
    <div className="space-y-2 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" role="alert" data-testid="slot-taken">
      <p className="text-sm font-medium text-amber-900">{t("slotTaken")}</p>
      {alternatives.length === 0 ? (
        <p className="text-sm text-amber-900">{t("slotTakenNoAlternatives")}</p>
      ) : (
        <>
          <p className="text-sm text-amber-900">{t("slotTakenAlternatives")}</p>
          <div className="flex flex-wrap gap-2" role="group" aria-label={t("alternatives")}>
            {alternatives.map((slot) => (
              <Button key={slot.startsAt} variant="secondary" className="tabular-nums" onClick={() => onSelect(slot)}>
                {format.dateTime(new Date(slot.startsAt), {
                  month: "short",
                  day: "numeric",
                  weekday: "short",
                  hour: "2-digit",
                  minute: "2-digit",
                  hourCycle: "h23",
                  timeZone,
                })}
              </Button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/** The alternatives an action failure carries (AppError details of `slot_taken`), or null for another failure. */
export function alternativesOf(failure: { code: string; details?: Record<string, unknown> }): SlotOption[] | null {
  if (failure.code !== "slot_taken") return null;
  const alternatives = failure.details?.alternatives;
  return Array.isArray(alternatives) ? (alternatives as SlotOption[]) : [];
}

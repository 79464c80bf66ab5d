"use client";

import { useTranslations } from "next-intl";
import type { ActionFailure } from "@/lib/actions/result";
import { EVENT_REFUSALS, type EventRefusal } from "@/lib/events/schemas";

const REFUSALS: readonly string[] = EVENT_REFUSALS;

/**
 * A failed event action's message for the screen: the service's refusal reason
 * (`fieldErrors.event`, lib/events/service.ts) in the `events.refusals` catalogue, else the
 * action's own message.
 */
export function useEventFailureMessage() {
  const t = useTranslations("events");
  return (failure: ActionFailure): string => {
    const reason = failure.fieldErrors?.event?.[0];
    return reason && REFUSALS.includes(reason) ? t(`refusals.${reason as EventRefusal}`) : failure.message;
  };
}

/** A field error key of the event form: the `events.validation` catalogue first; Field translates the shared ones. */
export function useEventFieldError() {
  const t = useTranslations("events.validation");
  return (key: string | undefined): string | undefined => (key && t.has(key) ? t(key) : key);
}

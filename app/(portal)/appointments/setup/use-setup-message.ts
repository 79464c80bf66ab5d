"use client";

import { useTranslations } from "next-intl";

/**
 * A field error in the staff member's language: the setup schemas and services name keys of
 * `appointmentSetup.errors`; zod's own messages arrive already translated and pass through.
 */
export function useSetupMessage() {
  const t = useTranslations("appointmentSetup.errors");
  return (message: string | undefined) => (message && t.has(message) ? t(message) : message);
}

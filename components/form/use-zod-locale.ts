"use client";

import { useLocale } from "next-intl";
import { DEFAULT_LOCALE, isLocale, zodErrorMap } from "@/lib/i18n/config";

/** zod's messages in the page language, for zodResolver(schema, { error }). */
export function useZodErrorMap() {
  const locale = useLocale();
  return zodErrorMap(isLocale(locale) ? locale : DEFAULT_LOCALE);
}

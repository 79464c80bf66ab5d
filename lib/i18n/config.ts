import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { z } from "zod";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
/** The cookie that remembers the language; set at sign-in from the staff member's saved choice. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale for an Accept-Language header (standard negotiation, not string matching). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const languages = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } }).languages();
  try {
    const picked = match(languages.filter((l) => l !== "*"), [...LOCALES], DEFAULT_LOCALE);
    return isLocale(picked) ? picked : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const zodErrorMaps = {
  "zh-CN": z.locales.zhCN().localeError,
  en: z.locales.en().localeError,
} satisfies Record<Locale, unknown>;

/** zod's own translations of its validation messages, per parse (the global config stays untouched). */
export function zodErrorMap(locale: Locale) {
  return zodErrorMaps[locale];
}

import { z } from "zod";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
/** The cookie that remembers the language; set at sign-in from the staff member's saved choice. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const zodErrorMaps = {
  "zh-CN": z.locales.zhCN().localeError,
  en: z.locales.en().localeError,
} satisfies Record<Locale, unknown>;

/** zod's own translations of its validation messages, per parse (the global config stays untouched). */
export function zodErrorMap(locale: Locale) {
  return zodErrorMaps[locale];
}

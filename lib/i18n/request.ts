import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "./config";
import { negotiateLocale } from "./negotiate";

/** Locale for this request: the remembered choice (cookie), else the browser's languages. */
export async function resolveLocale(): Promise<Locale> {
  const saved = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(saved)) return saved;
  return negotiateLocale((await headers()).get("accept-language"));
}

/**
 * A locale passed explicitly (`getTranslations({ locale })`) wins; else the request's; outside a
 * request (no cookies or headers to read) the default.
 */
export async function requestConfigFor(explicit: string | undefined) {
  const locale = isLocale(explicit) ? explicit : await resolveLocale().catch(() => DEFAULT_LOCALE);
  const messages = (await import(`../../messages/${locale}.json`)).default;
  return { locale, messages, timeZone: DEFAULT_TIME_ZONE };
}

export default getRequestConfig(({ locale }) => requestConfigFor(locale));

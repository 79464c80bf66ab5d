import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./config";

/** Picks the best supported locale for an Accept-Language header (standard negotiation, not string matching). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const languages = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } }).languages();
  try {
    const picked = match(
      languages.filter((l) => l !== "*"),
      [...LOCALES],
      DEFAULT_LOCALE,
    );
    return isLocale(picked) ? picked : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

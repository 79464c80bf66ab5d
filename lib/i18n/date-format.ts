/**
 * An Intl.DateTimeFormat for a locale and options, built once per process: building one costs far
 * more than using it (some 0.1 ms each), and next-intl's formatter builds a new one for every call of
 * every request. Pages that format the same few shapes of date on every view (the calendars) use
 * these instead. The options are a handful of literals per page and the locales two, which bounds
 * the cache.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

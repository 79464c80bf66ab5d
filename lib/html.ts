/**
 * Markup written as text on the server, for the rare part of a page too large to render element by
 * element (the store day calendar: some 600 elements that React would serialise into the RSC
 * payload, parse back and render again on every request). Safe by construction: every value
 * interpolated into a `safeHtml` template is escaped unless it is itself `SafeHtml` from another
 * template. Write attributes in double quotes (`href="${href}"`); never interpolate into a tag or attribute
 * name, an unquoted attribute, a `<script>` or a `<style>`.
 */

const brand = Symbol("html");

/** Escaped markup: only `safeHtml` templates make it. */
export type SafeHtml = { readonly [brand]: string };

/** What a `safeHtml` template takes: text and numbers are escaped, nothing renders as nothing, lists are joined. */
export type SafeHtmlValue = SafeHtml | string | number | null | undefined | false | readonly SafeHtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text as it must appear in HTML content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && brand in value;
}

function append(out: string[], value: SafeHtmlValue): void {
  if (value === null || value === undefined || value === false) return;
  if (isSafeHtml(value)) out.push(value[brand]);
  else if (Array.isArray(value)) for (const item of value as readonly SafeHtmlValue[]) append(out, item);
  else out.push(escapeHtml(String(value)));
}

/**
 * safeHtml`<a href="${href}">${label}</a>`: the template's own text as written, every value escaped.
 * (Not named `html`: Prettier would reformat such templates, adding whitespace to the markup.)
 */
export function safeHtml(strings: TemplateStringsArray, ...values: SafeHtmlValue[]): SafeHtml {
  const out: string[] = [strings[0]!];
  values.forEach((value, i) => {
    append(out, value);
    out.push(strings[i + 1]!);
  });
  return { [brand]: out.join("") };
}

/** The markup as a string, for dangerouslySetInnerHTML. */
export function htmlString(markup: SafeHtml): string {
  return markup[brand];
}

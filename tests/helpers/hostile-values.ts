/**
 * The hostile values the hardening tests send everywhere a client or a link can put a value: every
 * POS API v1 field (lib/api/hostile-input.int.test.ts) and every URL parameter a page parses
 * (lib/api/hostile-list-pages.int.test.ts). One copy, so that a value added here reaches both.
 */

export type Hostile = { label: string; value: unknown; kind: "text" | "nul" | "huge" | "number" | "date" | "shape" };

export const HOSTILE: readonly Hostile[] = [
  { label: "control characters", value: "\u0001\u0007\b\u001b[2J\u007f\u0085\u2028", kind: "text" },
  { label: "NUL", value: "a\u0000b", kind: "nul" },
  { label: "1 MB string", value: "界".repeat(350_000), kind: "huge" },
  { label: "<script>", value: "<script>alert(1)</script>", kind: "text" },
  { label: "1e308", value: 1e308, kind: "number" },
  { label: "-1e308", value: -1e308, kind: "number" },
  { label: "2^63", value: 2 ** 63, kind: "number" },
  { label: "-1", value: -1, kind: "number" },
  { label: "0.5", value: 0.5, kind: "number" },
  { label: "0000-01-01", value: "0000-01-01", kind: "date" },
  { label: "0001-01-01", value: "0001-01-01", kind: "date" },
  { label: "9999-12-31", value: "9999-12-31", kind: "date" },
  { label: "2024-02-30", value: "2024-02-30", kind: "date" },
  { label: "0000-01-01T00:00:00Z", value: "0000-01-01T00:00:00Z", kind: "date" },
  { label: "0001-01-01T00:00:00+08:00", value: "0001-01-01T00:00:00+08:00", kind: "date" },
  { label: "9999-12-31T23:59:59Z", value: "9999-12-31T23:59:59Z", kind: "date" },
  { label: "2024-02-30T10:00:00+08:00", value: "2024-02-30T10:00:00+08:00", kind: "date" },
  { label: "an array", value: ["<b>", 1, null], kind: "shape" },
  // Parsed, so that "__proto__" is a key of its own on the wire, not the literal's prototype.
  { label: "an object", value: JSON.parse('{"$gt":"","__proto__":{"admin":true}}'), kind: "shape" },
  { label: "true", value: true, kind: "shape" },
];

/** Number-like and oversized text as it can arrive in a URL (a number above 2^53 or 2^63 too). */
export const HOSTILE_URL_TEXT = [
  "9007199254740991",
  "9223372036854775808",
  "-9223372036854775809",
  "1e308",
  "NaN",
  "-0",
];

/** HOSTILE and HOSTILE_URL_TEXT, as one list: what a query parameter of the API can hold. */
export const HOSTILE_QUERY: readonly Hostile[] = [
  ...HOSTILE,
  ...HOSTILE_URL_TEXT.map((value): Hostile => ({ label: value, value, kind: "text" })),
];

/** What a page's `searchParams` can hold: the query values, and what Next.js hands a page for a repeated parameter. */
export const HOSTILE_SEARCH_PARAMS: readonly Hostile[] = [
  ...HOSTILE_QUERY,
  { label: "a repeated parameter", value: ["2024-01-01", "<script>"], kind: "shape" },
];

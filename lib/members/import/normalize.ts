import { format, isValid, parse } from "date-fns";
import { z } from "zod";

export { normalizeChinaMobile } from "../phone";

export type Gender = "male" | "female" | "unknown";

const MALE = new Set(["男", "男士", "先生", "m", "male", "man"]);
const FEMALE = new Set(["女", "女士", "小姐", "f", "female", "woman"]);

/** 男/女/M/F/male/female/先生/女士 (any case, full-width or not); anything else is unknown. */
export function normalizeGender(raw: string | null | undefined): Gender {
  const text = (raw ?? "").normalize("NFKC").trim().toLowerCase();
  if (MALE.has(text)) return "male";
  if (FEMALE.has(text)) return "female";
  return "unknown";
}

/** The date spellings old systems export, by separator; a trailing time of day is accepted and ignored. */
const DATE_FORMATS: { test: RegExp; patterns: string[] }[] = [
  { test: /^\d{8}$/, patterns: ["yyyyMMdd"] },
  { test: /年/, patterns: ["yyyy'年'M'月'd'日'"] },
  { test: /^\d{4}-/, patterns: ["yyyy-M-d", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm"] },
  { test: /^\d{4}\//, patterns: ["yyyy/M/d", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"] },
  { test: /^\d{4}\./, patterns: ["yyyy.M.d"] },
];

// A fixed reference keeps parsing independent of the clock (every format carries a full date).
const REFERENCE_DATE = new Date(2000, 0, 1);

/**
 * Parses a calendar date in one of the legacy formats (`1990-01-02`, `1990/1/2`, `1990年1月2日`,
 * `19900102`, `1990.01.02`) to an ISO date string; null when it is not a real date (1990-13-40, Feb 30).
 */
export function parseLegacyDate(raw: string): string | null {
  const text = raw.normalize("NFKC").trim().replace(/\s+/g, " ");
  // The shape picks the candidate formats, so that date-fns parses each value once or twice, not nine times.
  for (const { test, patterns } of DATE_FORMATS) {
    if (!test.test(text)) continue;
    for (const pattern of patterns) {
      const date = parse(text, pattern, REFERENCE_DATE);
      if (isValid(date)) return format(date, "yyyy-MM-dd");
    }
  }
  return null;
}

export const EARLIEST_BIRTHDAY = "1900-01-01";

export type BirthdayResult = { kind: "empty" } | { kind: "ok"; iso: string } | { kind: "bad" };

/** A birthday: empty, a real date between 1900 and today, or bad (unparseable, impossible or in the future). */
export function normalizeBirthday(raw: string | null | undefined, today: string): BirthdayResult {
  if (!raw || raw.trim() === "") return { kind: "empty" };
  const iso = parseLegacyDate(raw);
  // ISO date strings compare like the dates they spell.
  if (!iso || iso < EARLIEST_BIRTHDAY || iso > today) return { kind: "bad" };
  return { kind: "ok", iso };
}

const emailSchema = z.email();

export type EmailResult = { kind: "empty" } | { kind: "ok"; email: string } | { kind: "bad" };

export function normalizeEmail(raw: string | null | undefined): EmailResult {
  const text = (raw ?? "").normalize("NFKC").trim();
  if (!text) return { kind: "empty" };
  return emailSchema.safeParse(text).success ? { kind: "ok", email: text } : { kind: "bad" };
}

/** A name as stored: NFKC, trimmed, inner runs of white space collapsed. */
export function normalizeName(raw: string | null | undefined): string {
  return (raw ?? "").normalize("NFKC").trim().replace(/\s+/g, " ");
}

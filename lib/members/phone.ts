/** Why a phone number was not accepted as a Chinese mobile number. */
export type PhoneProblem =
  "phone_empty" | "phone_letters" | "phone_landline" | "phone_short" | "phone_long" | "phone_not_mobile";

const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19\uFF0B]/g;

/**
 * Normalises a mainland mobile number to E.164 (+86…): accepts spaces, dashes, dots, brackets,
 * full-width digits and a +86 / 86 / 0086 prefix. Mobile numbers are 1[3-9] followed by 9 digits.
 */
export function normalizeChinaMobile(
  raw: string | null | undefined,
): { ok: true; e164: string; last4: string } | { ok: false; problem: PhoneProblem } {
  // NFKC folds full-width digits and plus signs to ASCII.
  const text = (raw ?? "")
    .normalize("NFKC")
    .replace(FULL_WIDTH_DIGITS, (c) => c.normalize("NFKC"))
    .trim();
  if (!text) return { ok: false, problem: "phone_empty" };
  if (/[a-z]/i.test(text)) return { ok: false, problem: "phone_letters" };
  let digits = text.replace(/[\s\-–—.()（）]/g, "");
  if (!/^\+?\d+$/.test(digits)) return { ok: false, problem: "phone_letters" };
  digits = digits.replace(/^\+/, "");
  if (digits.startsWith("0086")) digits = digits.slice(4);
  else if (digits.startsWith("86") && digits.length === 13) digits = digits.slice(2);
  // Landlines carry a trunk 0 and an area code (0577-…); mobiles never start with 0.
  if (digits.startsWith("0")) return { ok: false, problem: "phone_landline" };
  if (digits.length < 11) return { ok: false, problem: "phone_short" };
  if (digits.length > 11) return { ok: false, problem: "phone_long" };
  if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, problem: "phone_not_mobile" };
  return { ok: true, e164: `+86${digits}`, last4: digits.slice(-4) };
}

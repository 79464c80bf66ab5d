/**
 * A member card number as stored and as looked up: NFKC (full-width digits and letters from a
 * Chinese keyboard fold to ASCII), trimmed, upper case. Every place that writes or matches
 * `member_cards.card_no` goes through here (import, card issue, search, the POS member reference),
 * so that a card typed or imported in lower case is the same card everywhere.
 */
export function normalizeCardNo(raw: string): string {
  return raw.normalize("NFKC").trim().toUpperCase();
}

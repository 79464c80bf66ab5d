/**
 * A store's name in the staff member's language: the English name in the English UI when the store
 * has one, else the Chinese name (every store has one; the English name is optional). Pure, so
 * server pages and client tables alike can call it.
 */
export function storeDisplayName(store: { name: string; nameEn: string | null }, locale: string): string {
  return locale === "en" && store.nameEn?.trim() ? store.nameEn : store.name;
}

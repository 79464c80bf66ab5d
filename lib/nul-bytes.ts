/**
 * PostgreSQL cannot store the NUL character (U+0000) in text: a string holding one fails the whole
 * statement (SQLSTATE 22021), which would surface as a 500. Inputs are checked for it at the edge.
 */
export function containsNul(text: string): boolean {
  return text.includes("\u0000");
}

/** The dotted paths (`lines.0.sku`) of the strings holding a NUL anywhere in a parsed input; "" for the input itself. */
export function nulBytePaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return containsNul(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulBytePaths(item, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(containsNul(key) ? [path ? `${path}.${key}` : key] : []),
      ...nulBytePaths(item, path ? `${path}.${key}` : key),
    ]);
  }
  return [];
}

/** Field errors naming each path that holds a NUL, with the `validation` catalogue's message key. */
export function nulByteFieldErrors(value: unknown, root: string): Record<string, string[]> | null {
  const paths = nulBytePaths(value);
  if (paths.length === 0) return null;
  return Object.fromEntries(paths.map((p) => [p || root, ["noNulCharacter"]]));
}

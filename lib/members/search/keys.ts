import { pinyin } from "pinyin-pro";

/** The characters of a name without spaces or the middle dot used in transliterated names. */
function nameCharacters(name: string): string[] {
  return [...name.normalize("NFKC").replace(/[\s·•・.]/g, "")];
}

/** Every character and every adjacent pair: a 1–2 character fragment is then an array-containment lookup. */
export function nameGrams(name: string): string[] {
  const chars = nameCharacters(name).map((c) => c.toLowerCase());
  const grams = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Full pinyin without tones or spaces ("zhangxiaohua") and initials ("zxh"); surnames read as surnames (单 → shan). */
export function namePinyinKeys(name: string): { pinyin: string; initials: string } {
  const text = nameCharacters(name).join("");
  if (!text) return { pinyin: "", initials: "" };
  const syllables = pinyin(text, { toneType: "none", type: "array", surname: "head", v: true }).map((s) =>
    s.toLowerCase().replace(/[^a-z0-9]/g, ""),
  );
  return { pinyin: syllables.join(""), initials: syllables.map((s) => s[0] ?? "").join("") };
}

export function nameSearchKeys(name: string) {
  const { pinyin: full, initials } = namePinyinKeys(name);
  return { namePinyin: full, nameInitials: initials, nameGrams: nameGrams(name) };
}

export type MemberQueryKind = "phone" | "phone_suffix" | "card" | "name" | "pinyin";

/** What a search box entry most likely is; the search tries these keys. */
export function classifyMemberQuery(raw: string): { kinds: MemberQueryKind[]; text: string } {
  const text = raw.normalize("NFKC").trim();
  const digits = text.replace(/[\s-]/g, "");
  if (/^\d{4}$/.test(digits)) return { kinds: ["phone_suffix", "card"], text: digits };
  if (/^(\+?86)?1[3-9]\d{9}$/.test(digits)) return { kinds: ["phone", "card"], text: digits };
  if (/[\u3400-\u9fff]/.test(text)) return { kinds: ["name"], text };
  if (/^[a-z]+$/i.test(text)) return { kinds: ["pinyin", "card"], text: text.toLowerCase() };
  return { kinds: ["card"], text };
}

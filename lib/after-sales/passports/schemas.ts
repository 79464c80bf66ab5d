import { z } from "zod";

/**
 * Item passports (docs/domain.md#jewelry-after-sales): a jewelry piece a member owns, from
 * one of their purchase lines or registered at intake. The zod schemas shared by the forms, the
 * actions and the intake; no server imports. Field messages are keys of the `validation` catalogue.
 * Weights are typed in grams with at most two decimals and kept as integer hundredths of a gram
 * (cg, the scale's resolution), never as a float.
 */

export const JEWELRY_CATEGORIES = ["ring", "necklace", "bracelet", "earrings", "pendant", "watch"] as const;
export type JewelryCategory = (typeof JEWELRY_CATEGORIES)[number];

export const ITEM_NAME_MAX = 60;
export const MATERIAL_MAX = 40;
export const STONES_MAX = 200;
export const CERTIFICATE_MAX = 40;
export const SIZE_MAX = 20;
export const STONE_COUNT_MAX = 9_999;
/** 2 kg: a heavy gold necklace is a few hundred grams; a larger number is a typo (kg for g). */
export const WEIGHT_MAX_CG = 200_000;

/** "12.3" / "１２.３４" / "0.05" → centigrams (1234); null when not grams with at most two decimals. */
export function parseGramsToCg(text: string): number | null {
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.normalize("NFKC").trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 1234 → "12.34" (for an input field), exact: integer arithmetic, no float. */
export function cgToGramsInput(cg: number | null | undefined): string {
  if (cg === null || cg === undefined) return "";
  return `${Math.trunc(cg / 100)}.${String(cg % 100).padStart(2, "0")}`;
}

/** 1234 → "12.34 g" in the locale's digits and grouping, always two decimals. */
export function formatCg(cg: number | null | undefined, locale: string): string {
  if (cg === null || cg === undefined) return "—";
  const grams = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    cgToGramsInput(cg) as unknown as number,
  );
  return `${grams} g`;
}

/** The typed grams to cg, or the field message that refuses them ("" is handled by the caller). */
function gramsToCg(text: string): number | string {
  const cg = parseGramsToCg(text);
  if (cg === null) return "itemWeightInvalid";
  if (cg <= 0) return "itemWeightPositive";
  if (cg > WEIGHT_MAX_CG) return "itemWeightTooHigh";
  return cg;
}

/** A weight in grams as typed: required, > 0 and at most WEIGHT_MAX_CG, to integer cg. */
export const gramsSchema = z
  .string({ error: "itemWeightRequired" })
  .trim()
  .min(1, { error: "itemWeightRequired" })
  .transform((text, ctx) => {
    const cg = gramsToCg(text);
    if (typeof cg === "string") {
      ctx.addIssue({ code: "custom", message: cg });
      return z.NEVER;
    }
    return cg;
  });

/** The same, optional: "" or nothing is no weight (a piece registered before it was weighed). */
export const optionalGramsSchema = z
  .string({ error: "itemWeightInvalid" })
  .trim()
  .optional()
  .transform((text, ctx): number | null => {
    if (!text) return null;
    const cg = gramsToCg(text);
    if (typeof cg === "string") {
      ctx.addIssue({ code: "custom", message: cg });
      return z.NEVER;
    }
    return cg;
  });

/** A whole number typed in a field ("3") or sent as one (3), within [min, max]. */
export function wholeNumberSchema(min: number, max: number, message: string) {
  return z.union([z.number(), z.string().trim()], { error: message }).transform((value, ctx) => {
    const number = typeof value === "number" ? value : /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return number;
  });
}

const requiredText = (max: number, required: string, tooLong: string) =>
  z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: tooLong });

/** An empty field ("") is no value. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((text) => text || null);

/**
 * A certificate number as the lab prints it (NGTC "A1234567890", GIA "2141438167", "NGTC-2024/123"):
 * full-width characters folded, spaces collapsed, upper-case; letters, digits, spaces, "-", "/" and "."
 * only, so that what is stored is what can be searched.
 */
export const certificateSchema = z
  .string()
  .optional()
  .transform((text) => (text ?? "").normalize("NFKC").trim().replace(/\s+/g, " ").toUpperCase())
  .refine((text) => text.length <= CERTIFICATE_MAX, { error: "itemCertificateTooLong" })
  .refine((text) => text === "" || /^[A-Z0-9][A-Z0-9 ./-]*$/.test(text), { error: "itemCertificateInvalid" })
  .transform((text) => text || null);

/** What describes a piece, on the passport form and on the intake form's "register a piece". */
export const itemFieldsSchema = z.object({
  name: requiredText(ITEM_NAME_MAX, "required", "itemTextTooLong"),
  category: z.enum(JEWELRY_CATEGORIES, { error: "required" }),
  material: requiredText(MATERIAL_MAX, "required", "itemTextTooLong"),
  weight: optionalGramsSchema,
  stoneCount: wholeNumberSchema(0, STONE_COUNT_MAX, "itemStoneCountInvalid"),
  stones: optionalText(STONES_MAX, "itemTextTooLong"),
  certificateNo: certificateSchema,
  size: optionalText(SIZE_MAX, "itemTextTooLong"),
  /** One of the member's purchase lines the piece came from; "" = registered without a purchase. */
  purchaseLineId: z
    .union([z.uuid({ error: "itemPurchaseLineInvalid" }), z.literal("")])
    .optional()
    .transform((id) => id || null),
});
export type ItemFieldsInput = z.input<typeof itemFieldsSchema>;
export type ItemFields = z.output<typeof itemFieldsSchema>;

/** Registering a piece for a member at one of the staff member's stores. */
export const registerItemSchema = itemFieldsSchema.extend({
  memberId: z.uuid({ error: "required" }),
  storeId: z.uuid({ error: "required" }),
});
export type RegisterItemInput = z.input<typeof registerItemSchema>;
export type RegisterItemValues = z.output<typeof registerItemSchema>;

/** Editing a piece: everything but its member, store and purchase (the sale it came from does not change). */
export const updateItemSchema = itemFieldsSchema.omit({ purchaseLineId: true }).extend({ itemId: z.uuid() });
export type UpdateItemInput = z.input<typeof updateItemSchema>;
export type UpdateItemValues = z.output<typeof updateItemSchema>;

export const memberIdSchema = z.object({ memberId: z.uuid() });

/** The empty form of a piece. */
export function emptyItemFields(): ItemFieldsInput {
  return {
    name: "",
    category: "" as unknown as JewelryCategory,
    material: "",
    weight: "",
    stoneCount: "0",
    stones: "",
    certificateNo: "",
    size: "",
    purchaseLineId: "",
  };
}

// ── Prefill from a purchase line ─────────────────────────────────────────────────────────────

const CATEGORY_WORDS: [JewelryCategory, RegExp][] = [
  ["watch", /表|watch/i],
  ["earrings", /耳钉|耳环|耳坠|耳饰|耳线|earring|stud/i],
  ["pendant", /吊坠|挂坠|坠子|pendant|charm/i],
  ["bracelet", /手镯|手链|手环|脚链|bangle|bracelet|anklet/i],
  // After bracelets (手链): a bare 链 is a necklace.
  ["necklace", /项链|锁骨链|颈链|毛衣链|链|necklace|choker|chain/i],
  ["ring", /戒指|对戒|戒|指环|ring|band/i],
];

/** The POS line's product category (a material family) as a passport's material. */
const MATERIAL_OF_LINE_CATEGORY: Record<string, string> = {
  gold: "足金",
  k_gold: "K金",
  platinum: "铂金",
  diamond: "钻石",
  jade: "翡翠",
  pearl: "珍珠",
  silver: "银",
};

/**
 * What a purchase line tells about the piece, to prefill the passport form: its name, a category
 * guessed from the name's words (a guess the staff member confirms), and the line's category as
 * the material.
 */
export function prefillFromPurchaseLine(line: { name: string; category: string }): {
  name: string;
  category: JewelryCategory | null;
  material: string;
} {
  const category = CATEGORY_WORDS.find(([, words]) => words.test(line.name))?.[0] ?? null;
  const key = line.category.trim().toLowerCase();
  return {
    name: line.name.trim().slice(0, ITEM_NAME_MAX),
    category,
    material: (MATERIAL_OF_LINE_CATEGORY[key] ?? line.category.trim()).slice(0, MATERIAL_MAX),
  };
}

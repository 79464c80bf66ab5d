import { z } from "zod";
import { gramsSchema, itemFieldsSchema, STONE_COUNT_MAX, wholeNumberSchema } from "@/lib/after-sales/passports/schemas";
import { localDateTime } from "@/lib/loyalty/earn-rules/schemas";
import { isBusinessDay } from "@/lib/time";

/**
 * Intake of a service ticket (docs/domain.md#jewelry-after-sales) and the price list: the
 * zod schemas shared by the intake form, the price list form and the use cases; no server imports.
 * The lists mirror the database enums (db/schema/after-sales.ts). Money is integer fen (the forms
 * take yuan through YuanInput); weights are typed in grams and kept in cg. Field messages are keys
 * of the `validation` catalogue.
 */

export const SERVICE_TYPES = [
  "cleaning",
  "maintenance",
  "repair",
  "resizing",
  "replating",
  "polishing",
  "stone_tightening",
  "inspection",
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const PRICE_BASES = ["tier_benefit", "warranty", "list_price", "defect_claim"] as const;
export type PriceBasis = (typeof PRICE_BASES)[number];

export const CONDITION_NOTES_MAX = 1000;
/** ¥100,000,000: a declared value above is a typo. */
export const DECLARED_VALUE_MAX_FEN = 10_000_000_000;
/** ¥1,000,000 for a service fee or a list price. */
export const FEE_MAX_FEN = 100_000_000;
/** The promised ready date is at most this many days after the intake day. */
export const PROMISE_MAX_DAYS = 180;

function fenSchema(max: number, message: string) {
  return z.number({ error: message }).int({ error: message }).min(0, { error: message }).max(max, { error: message });
}

const optionalId = (message: string) =>
  z
    .union([z.uuid({ error: message }), z.literal("")])
    .optional()
    .transform((id) => id || null);

export const intakeSchema = z
  .object({
    /** The store taking the piece in (one of the staff member's). */
    storeId: z.uuid({ error: "required" }),
    memberId: z.uuid({ error: "required" }),
    /** An existing passport of the member's… */
    itemId: optionalId("intakeItemRequired"),
    /** …or a piece registered with the ticket (null when an existing one is chosen). */
    newItem: itemFieldsSchema
      .nullable()
      .optional()
      .transform((item) => item ?? null),
    serviceType: z.enum(SERVICE_TYPES, { error: "required" }),
    /** Grams with at most two decimals, > 0: what the scale shows at the counter. */
    weightIn: gramsSchema,
    stoneCountIn: wholeNumberSchema(0, STONE_COUNT_MAX, "itemStoneCountInvalid"),
    conditionNotes: z
      .string()
      .trim()
      .max(CONDITION_NOTES_MAX, { error: "itemTextTooLong" })
      .optional()
      .transform((text) => text || null),
    declaredValueFen: fenSchema(DECLARED_VALUE_MAX_FEN, "intakeDeclaredValueInvalid"),
    /** One of the member's purchases (the warranty counts from it); "" = none. */
    linkedTransactionId: optionalId("intakePurchaseNotFound"),
    /** The promised ready date, store-local; not before the intake day (checked against the store's clock). */
    promisedOn: z.string({ error: "dateInvalid" }).refine(isBusinessDay, { error: "dateInvalid" }),
    estimatedFeeFen: fenSchema(FEE_MAX_FEN, "intakeEstimatedFeeInvalid"),
  })
  .superRefine((value, ctx) => {
    if (!value.itemId && !value.newItem) {
      ctx.addIssue({ code: "custom", path: ["itemId"], message: "intakeItemRequired" });
    }
    if (value.itemId && value.newItem) {
      ctx.addIssue({ code: "custom", path: ["itemId"], message: "intakeItemChooseOne" });
    }
  });
export type IntakeInput = z.input<typeof intakeSchema>;
export type IntakeValues = z.output<typeof intakeSchema>;

/** What the intake form asks for once a member is chosen. */
export const intakeMemberSchema = z.object({ memberId: z.uuid() });

// ── The price list (a versioned setting, lib/after-sales/intake/price-list.ts) ────────────────

export type PriceList = Record<ServiceType, number>;

/** The list prices until an administrator saves a version (fen). Inspection is free: it decides what to do. */
export const DEFAULT_PRICE_LIST: PriceList = {
  cleaning: 5_000,
  maintenance: 12_000,
  repair: 30_000,
  resizing: 15_000,
  replating: 20_000,
  polishing: 8_000,
  stone_tightening: 10_000,
  inspection: 0,
};

const listPriceFen = z.number().int().min(0).max(FEE_MAX_FEN);

/** The list price of every service type, in fen. */
export const priceListSchema = z.object(
  Object.fromEntries(SERVICE_TYPES.map((type) => [type, listPriceFen])) as Record<ServiceType, typeof listPriceFen>,
);

const priceField = fenSchema(FEE_MAX_FEN, "priceListAmountInvalid");

/** The form for a new version of the price list; the effective time works as on the earn-rules form. */
export const priceListFormSchema = z.object({
  /** Local date-time in the programme's zone (Asia/Shanghai); empty means at once. */
  effectiveFrom: localDateTime,
  prices: z.object(
    Object.fromEntries(SERVICE_TYPES.map((type) => [type, priceField])) as Record<ServiceType, typeof priceField>,
  ),
});
export type PriceListFormInput = z.input<typeof priceListFormSchema>;
export type PriceListFormValues = z.output<typeof priceListFormSchema>;

// ── Links ──────────────────────────────────────────────────────────────────────────────────────

export function ticketHref(ticketId: string): string {
  return `/after-sales/tickets/${ticketId}`;
}
export function intakeReceiptHref(ticketId: string): string {
  return `${ticketHref(ticketId)}/receipt`;
}
export function bagTagHref(ticketId: string): string {
  return `${ticketHref(ticketId)}/tag`;
}

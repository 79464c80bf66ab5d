import { z } from "zod";
import { isBusinessDay } from "@/lib/time";

/**
 * Visit preparation and outcome (docs/domain.md#appointments): the advisor's picks for the visit
 * (the viewing tray) and the purchases linked to a visit. The zod schemas shared by the
 * preparation page's forms and the use cases, and the small rules both apply. No server imports.
 * Custom messages are keys of the `visitPreparation.validation` catalogue; the forms translate them.
 */

export const PICK_SKU_MAX = 40;
export const PICK_NAME_MAX = 120;
export const PICK_NOTE_MAX = 500;
/** ¥100,000,000: a tray holds jewellery, not property; more is a typo. */
export const PICK_PRICE_MAX_FEN = 10_000_000_000;
/** What one tray holds: a viewing is a handful of pieces, and the page lists them all. */
export const MAX_PICKS_PER_VISIT = 30;

export const addPickSchema = z.object({
  appointmentId: z.uuid(),
  sku: z
    .string({ error: "pickSkuRequired" })
    .trim()
    .min(1, { error: "pickSkuRequired" })
    .max(PICK_SKU_MAX, { error: "pickSkuTooLong" }),
  name: z
    .string({ error: "pickNameRequired" })
    .trim()
    .min(1, { error: "pickNameRequired" })
    .max(PICK_NAME_MAX, { error: "pickNameTooLong" }),
  /** Integer fen; null when the advisor does not give a price (a piece on request). */
  priceFen: z
    .number({ error: "pickPriceInvalid" })
    .int({ error: "pickPriceInvalid" })
    .min(0, { error: "pickPriceInvalid" })
    .max(PICK_PRICE_MAX_FEN, { error: "pickPriceInvalid" })
    .nullish()
    .transform((fen) => fen ?? null),
  note: z.string().trim().max(PICK_NOTE_MAX, { error: "pickNoteTooLong" }).default(""),
});
export type AddPickInput = z.input<typeof addPickSchema>;
export type AddPickValues = z.output<typeof addPickSchema>;

export const removePickSchema = z.object({ appointmentId: z.uuid(), pickId: z.uuid() });
export type RemovePickInput = z.input<typeof removePickSchema>;

export const purchaseLinkSchema = z.object({ appointmentId: z.uuid(), transactionId: z.uuid() });
export type PurchaseLinkInput = z.input<typeof purchaseLinkSchema>;

/** The statuses at which a visit took place, so that purchases may be linked to it (or unlinked). */
export const OUTCOME_STATUSES = ["checked_in", "completed"] as const;

export function outcomeOpen(status: string): boolean {
  return (OUTCOME_STATUSES as readonly string[]).includes(status);
}

/** The statuses at which the tray no longer changes: the visit did not take place. */
export const TRAY_CLOSED_STATUSES = ["cancelled", "no_show"] as const;

export function trayOpen(status: string): boolean {
  return !(TRAY_CLOSED_STATUSES as readonly string[]).includes(status);
}

/**
 * A purchase may be linked when it was made on the store-local day of the visit or the day after
 * (a receipt rung up late, a piece collected the next morning).
 */
export const OUTCOME_DAYS_AFTER = 1;

/** How far ahead the preparation page looks for the member's important dates, from the visit's day. */
export const IMPORTANT_DATES_AHEAD_DAYS = 60;
export const RECENT_PURCHASES_LIMIT = 10;

/** The period of the advisor-influenced sales figures: store-local dates, both inclusive. */
export const advisorSalesPeriodSchema = z
  .object({
    storeId: z.uuid(),
    from: z.string().refine(isBusinessDay, { error: "dateInvalid" }),
    to: z.string().refine(isBusinessDay, { error: "dateInvalid" }),
  })
  .refine((period) => !isBusinessDay(period.from) || !isBusinessDay(period.to) || period.to >= period.from, {
    error: "endsBeforeStarts",
    path: ["to"],
  });
export type AdvisorSalesPeriod = z.input<typeof advisorSalesPeriodSchema>;

import { addMonths, lightFormat } from "date-fns";
import { calendarDay, localDate } from "@/lib/time";
import type { PriceBasis, PriceList, ServiceType } from "./schemas";

/**
 * What a service costs (docs/domain.md#jewelry-after-sales), as one pure function the
 * intake service and the intake form's live price both call:
 *
 * 1. Any service is free within 12 months of the linked purchase (the warranty).
 * 2. Cleaning and maintenance are free for gold and diamond members (their tier benefit).
 * 3. Otherwise the service's list price (the price list in force; inspection may list at 0).
 *
 * When both free rules apply the warranty names the basis: the sale covers the piece whatever the
 * member's tier. A defect claim (三包) is not priced here: it is decided at inspection.
 *
 * The warranty's last day is decided in the store's time zone: the purchase's local date and today's
 * local date there. Counting follows the Civil Code (民法典 第二百零一、二百零二条): the period starts the
 * day after the sale and its last day is the same date 12 months later (the month's last day when
 * that date does not exist: a sale on 2024-02-29 is covered through 2025-02-28).
 */

/** The tiers whose members have cleaning and maintenance free. */
export const BENEFIT_TIERS: readonly string[] = ["gold", "diamond"];
/** The services the tier benefit covers. */
export const BENEFIT_SERVICES: readonly ServiceType[] = ["cleaning", "maintenance"];
export const WARRANTY_MONTHS = 12;

export type PricingInput = {
  serviceType: ServiceType;
  /** The member's tier code at intake (normal, silver, gold, diamond). */
  memberTier: string;
  /** When the linked purchase happened; null without one. */
  purchasedAt: Date | null;
  /** The moment of intake. */
  now: Date;
  /** The intake store's time zone. */
  timeZone: string;
  priceList: PriceList;
};

export type ServicePrice = {
  basis: Exclude<PriceBasis, "defect_claim">;
  listPriceFen: number;
  chargeFen: number;
  /** The warranty's last local day, when a purchase is linked (covered or not). */
  warrantyUntil: string | null;
};

/** The last local day the warranty of a purchase made on `purchasedOn` (yyyy-MM-dd) covers. */
export function warrantyLastDay(purchasedOn: string): string {
  return lightFormat(addMonths(calendarDay(purchasedOn), WARRANTY_MONTHS), "yyyy-MM-dd");
}

export function priceService(input: PricingInput): ServicePrice {
  const listPriceFen = input.priceList[input.serviceType];
  const warrantyUntil = input.purchasedAt ? warrantyLastDay(localDate(input.purchasedAt, input.timeZone)) : null;
  const today = localDate(input.now, input.timeZone);
  // yyyy-MM-dd strings compare in calendar order.
  if (warrantyUntil !== null && today <= warrantyUntil) {
    return { basis: "warranty", listPriceFen, chargeFen: 0, warrantyUntil };
  }
  if (BENEFIT_TIERS.includes(input.memberTier) && BENEFIT_SERVICES.includes(input.serviceType)) {
    return { basis: "tier_benefit", listPriceFen, chargeFen: 0, warrantyUntil };
  }
  return { basis: "list_price", listPriceFen, chargeFen: listPriceFen, warrantyUntil };
}

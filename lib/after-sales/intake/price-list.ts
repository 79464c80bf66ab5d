import type { Db } from "@/db/client";
import { settingAt, settingOverview, type SettingDefinition, type SettingVersionView } from "@/lib/settings/versioned";
import { DEFAULT_PRICE_LIST, priceListSchema, type PriceList } from "./schemas";

/**
 * The list price of each service type: a versioned setting (lib/settings/versioned.ts), like the
 * complaints SLA policy. A ticket copies the list price in force at intake, so a later version
 * never changes what a ticket costs.
 */
export const AFTER_SALES_PRICE_LIST: SettingDefinition<PriceList> = {
  key: "after_sales.price_list",
  schema: priceListSchema,
  defaults: DEFAULT_PRICE_LIST,
};

/** The price list in force at `at`. */
export async function priceListAt(db: Db, at: Date = new Date()): Promise<PriceList> {
  return settingAt(db, AFTER_SALES_PRICE_LIST, at);
}

export type PriceListVersion = Omit<SettingVersionView<PriceList>, "value"> & { prices: PriceList };

/** The list in force at `now` and every saved version, newest effective time first (see settingOverview). */
export async function priceListOverview(
  db: Db,
  now: Date = new Date(),
): Promise<{ inForce: PriceList; usingDefaults: boolean; versions: PriceListVersion[] }> {
  const overview = await settingOverview(db, AFTER_SALES_PRICE_LIST, now);
  return { ...overview, versions: overview.versions.map(({ value, ...version }) => ({ ...version, prices: value })) };
}

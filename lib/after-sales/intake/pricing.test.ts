import { describe, expect, it } from "vitest";
import { priceService, warrantyLastDay, type PricingInput } from "./pricing";
import { DEFAULT_PRICE_LIST, SERVICE_TYPES } from "./schemas";

const SHANGHAI = "Asia/Shanghai";
const base: PricingInput = {
  serviceType: "repair",
  memberTier: "normal",
  purchasedAt: null,
  now: new Date("2026-12-05T10:00:00+08:00"),
  timeZone: SHANGHAI,
  priceList: DEFAULT_PRICE_LIST,
};
const price = (overrides: Partial<PricingInput>) => priceService({ ...base, ...overrides });

describe("the list price", () => {
  it("is charged to a normal or silver member without a linked purchase, for every service", () => {
    for (const serviceType of SERVICE_TYPES) {
      for (const memberTier of ["normal", "silver"]) {
        expect(price({ serviceType, memberTier })).toEqual({
          basis: "list_price",
          listPriceFen: DEFAULT_PRICE_LIST[serviceType],
          chargeFen: DEFAULT_PRICE_LIST[serviceType],
          warrantyUntil: null,
        });
      }
    }
  });

  it("comes from the price list given (a new version's prices)", () => {
    const priceList = { ...DEFAULT_PRICE_LIST, repair: 45_600 };
    expect(price({ priceList })).toMatchObject({ basis: "list_price", listPriceFen: 45_600, chargeFen: 45_600 });
  });

  it("lists inspection at 0 by default: free, yet on the list price basis", () => {
    expect(price({ serviceType: "inspection" })).toEqual({
      basis: "list_price",
      listPriceFen: 0,
      chargeFen: 0,
      warrantyUntil: null,
    });
  });
});

describe("the tier benefit", () => {
  it("makes cleaning and maintenance free for gold and diamond members, keeping the list price on record", () => {
    for (const memberTier of ["gold", "diamond"]) {
      for (const serviceType of ["cleaning", "maintenance"] as const) {
        expect(price({ serviceType, memberTier })).toEqual({
          basis: "tier_benefit",
          listPriceFen: DEFAULT_PRICE_LIST[serviceType],
          chargeFen: 0,
          warrantyUntil: null,
        });
      }
    }
  });

  it("does not cover any other service, nor silver members", () => {
    for (const serviceType of ["repair", "resizing", "replating", "polishing", "stone_tightening"] as const) {
      expect(price({ serviceType, memberTier: "diamond" }).basis).toBe("list_price");
    }
    expect(price({ serviceType: "cleaning", memberTier: "silver" }).basis).toBe("list_price");
  });
});

describe("the warranty", () => {
  it("makes any service free within 12 months of the linked purchase", () => {
    const purchasedAt = new Date("2026-03-01T15:00:00+08:00");
    for (const serviceType of SERVICE_TYPES) {
      expect(price({ serviceType, purchasedAt })).toMatchObject({
        basis: "warranty",
        chargeFen: 0,
        listPriceFen: DEFAULT_PRICE_LIST[serviceType],
        warrantyUntil: "2027-03-01",
      });
    }
  });

  it("covers the anniversary date in the store's zone, to its last minute, and not the day after", () => {
    const purchasedAt = new Date("2025-12-05T09:30:00+08:00");
    expect(price({ purchasedAt, now: new Date("2026-12-05T23:59:59+08:00") }).basis).toBe("warranty");
    expect(price({ purchasedAt, now: new Date("2026-12-06T00:00:00+08:00") })).toMatchObject({
      basis: "list_price",
      chargeFen: DEFAULT_PRICE_LIST.repair,
      warrantyUntil: "2026-12-05",
    });
  });

  it("counts local days in Asia/Shanghai: a purchase at 01:00 Shanghai time is on that Shanghai day, not the UTC day before", () => {
    // 2025-12-05 17:00 UTC is 2025-12-06 01:00 in Shanghai: the warranty runs through 2026-12-06.
    const purchasedAt = new Date("2025-12-05T17:00:00Z");
    expect(warrantyLastDay("2025-12-06")).toBe("2026-12-06");
    // 2026-12-06 15:59 UTC is 23:59 in Shanghai, still the anniversary: covered (in UTC it would be too…)
    expect(price({ purchasedAt, now: new Date("2026-12-06T15:59:00Z") }).basis).toBe("warranty");
    // …and 16:00 UTC is 00:00 on 2026-12-07 in Shanghai: no longer, though the UTC date is still the 6th.
    expect(price({ purchasedAt, now: new Date("2026-12-06T16:00:00Z") }).basis).toBe("list_price");
    // The same instants read in UTC would give another answer: the zone decides.
    expect(price({ purchasedAt, now: new Date("2026-12-06T16:00:00Z"), timeZone: "UTC" }).warrantyUntil).toBe(
      "2026-12-05",
    );
  });

  it("ends on 28 February for a purchase on 29 February", () => {
    expect(warrantyLastDay("2024-02-29")).toBe("2025-02-28");
    const purchasedAt = new Date("2024-02-29T12:00:00+08:00");
    expect(price({ purchasedAt, now: new Date("2025-02-28T20:00:00+08:00") }).basis).toBe("warranty");
    expect(price({ purchasedAt, now: new Date("2025-03-01T08:00:00+08:00") }).basis).toBe("list_price");
  });

  it("names the basis when the tier benefit applies too, and gives way to it once expired", () => {
    const purchasedAt = new Date("2026-06-01T12:00:00+08:00");
    expect(price({ serviceType: "cleaning", memberTier: "gold", purchasedAt }).basis).toBe("warranty");
    const old = new Date("2020-06-01T12:00:00+08:00");
    expect(price({ serviceType: "cleaning", memberTier: "gold", purchasedAt: old })).toMatchObject({
      basis: "tier_benefit",
      chargeFen: 0,
      warrantyUntil: "2021-06-01",
    });
    expect(price({ serviceType: "repair", memberTier: "gold", purchasedAt: old }).basis).toBe("list_price");
  });
});

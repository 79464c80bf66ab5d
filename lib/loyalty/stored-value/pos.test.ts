import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitReturn } from "./pos";
import { issueCardSchema, refundPrincipalSchema, reissueCardSchema, topUpSchema } from "./schemas";
import { generateCardNo } from "./service";

describe("splitReturn (principal and bonus given back in the proportion spent)", () => {
  it("gives back bonus pro rata, rounding the odd fen to principal", () => {
    expect(splitReturn({ principalFen: 500, bonusFen: 50 }, { principalFen: 0, bonusFen: 0 }, 275)).toEqual({
      principalFen: 250,
      bonusFen: 25,
    });
    expect(splitReturn({ principalFen: 2, bonusFen: 1 }, { principalFen: 0, bonusFen: 0 }, 1)).toEqual({
      principalFen: 1,
      bonusFen: 0,
    });
    expect(splitReturn({ principalFen: 2, bonusFen: 1 }, { principalFen: 1, bonusFen: 0 }, 2)).toEqual({
      principalFen: 1,
      bonusFen: 1,
    });
  });

  it("never gives back more than what is left of the spend", () => {
    expect(splitReturn({ principalFen: 100, bonusFen: 0 }, { principalFen: 60, bonusFen: 0 }, 1_000)).toEqual({
      principalFen: 40,
      bonusFen: 0,
    });
    expect(splitReturn({ principalFen: 100, bonusFen: 20 }, { principalFen: 100, bonusFen: 20 }, 5)).toEqual({
      principalFen: 0,
      bonusFen: 0,
    });
  });

  it("any sequence of partial returns: parts are non-negative, never exceed the spend, and a full return restores it exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 12 }),
        (principalFen, bonusFen, amounts) => {
          const spent = { principalFen, bonusFen };
          const returned = { principalFen: 0, bonusFen: 0 };
          for (const amount of [...amounts, principalFen + bonusFen]) {
            const part = splitReturn(spent, returned, amount);
            expect(part.principalFen).toBeGreaterThanOrEqual(0);
            expect(part.bonusFen).toBeGreaterThanOrEqual(0);
            expect(part.principalFen + part.bonusFen).toBe(
              Math.min(amount, spent.principalFen + spent.bonusFen - returned.principalFen - returned.bonusFen),
            );
            returned.principalFen += part.principalFen;
            returned.bonusFen += part.bonusFen;
            expect(returned.principalFen).toBeLessThanOrEqual(principalFen);
            expect(returned.bonusFen).toBeLessThanOrEqual(bonusFen);
          }
          // The last return asked for everything: the whole spend is back, principal and bonus apart.
          expect(returned).toEqual(spent);
        },
      ),
    );
  });
});

describe("card numbers and schemas", () => {
  it("generates SV and 12 digits", () => {
    for (let i = 0; i < 50; i++) expect(generateCardNo()).toMatch(/^SV\d{12}$/);
  });

  it("a blank card number means generate one; a given one is upper-cased and checked", () => {
    const storeId = "7f9d4c1e-8b2a-4c3d-9e5f-1a2b3c4d5e6f";
    expect(issueCardSchema.parse({ storeId, cardNo: "" }).cardNo).toBeUndefined();
    expect(issueCardSchema.parse({ storeId, cardNo: " gift-000123 " }).cardNo).toBe("GIFT-000123");
    expect(issueCardSchema.safeParse({ storeId, cardNo: "12" }).success).toBe(false);
    expect(reissueCardSchema.parse({ cardId: storeId, newCardNo: "" }).newCardNo).toBeUndefined();
  });

  it("amounts are whole fen: a top-up is positive, a bonus needs a top-up", () => {
    const id = "7f9d4c1e-8b2a-4c3d-9e5f-1a2b3c4d5e6f";
    expect(topUpSchema.safeParse({ cardId: id, amountFen: 0 }).success).toBe(false);
    expect(topUpSchema.safeParse({ cardId: id, amountFen: 10.5 }).success).toBe(false);
    // No bonus sent: the rule in force decides it (service.ts).
    expect(topUpSchema.parse({ cardId: id, amountFen: 100 })).toEqual({ cardId: id, amountFen: 100 });
    expect(issueCardSchema.safeParse({ storeId: id, bonusFen: 100 }).success).toBe(false);
    expect(issueCardSchema.safeParse({ storeId: id, initialTopUpFen: 1_000, bonusFen: 100 }).success).toBe(true);
    expect(refundPrincipalSchema.safeParse({ cardId: id, amountFen: -1 }).success).toBe(false);
  });
});

import { addDays } from "date-fns";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { gifts, redemptions } from "@/db/schema";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, inTx, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { pointsBalance } from "../points/queries";
import { creditPoints, lockMemberForPoints } from "../points/service";
import { createTransactionSchema } from "../purchases/schemas";
import { recordPurchase } from "../purchases/service";
import { redeemPoints } from "./service";

let db: Db;
let store: { id: string; code: string };

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
});

async function memberWithPoints(points: number) {
  const member = await insertMember(db, { storeId: store.id });
  await inTx(db, async (tx) => {
    await lockMemberForPoints(tx, member.id);
    await creditPoints(tx, { memberId: member.id, kind: "activity", points, expiresAt: addDays(new Date(), 300) });
  });
  return member;
}

describe("redemptions", () => {
  it("prices parking, gifts and cash offsets from the earn rules and the catalogue", async () => {
    const member = await memberWithPoints(10_000);
    const code = `G${uniqueSuffix(6)}`.toUpperCase();
    await db
      .insert(gifts)
      .values({ code, nameZh: "首饰清洗护理", nameEn: "Jewelry cleaning", pointsCost: 1500, stock: 3 });
    expect(
      await inTx(db, (tx) => redeemPoints(tx, { storeId: store.id }, member.id, { type: "parking", hours: 2 })),
    ).toMatchObject({ pointsSpent: 400, pointsBalance: 9600 });
    expect(
      await inTx(db, (tx) =>
        redeemPoints(tx, { storeId: store.id }, member.id, { type: "gift", giftCode: code, quantity: 2 }),
      ),
    ).toMatchObject({ pointsSpent: 3000, pointsBalance: 6600 });
    expect(
      await inTx(db, (tx) => redeemPoints(tx, { storeId: store.id }, member.id, { type: "cash_offset", points: 1000 })),
    ).toMatchObject({ pointsSpent: 1000, valueFen: 1000, pointsBalance: 5600 });
    await expect(
      inTx(db, (tx) =>
        redeemPoints(tx, { storeId: store.id }, member.id, { type: "gift", giftCode: code, quantity: 2 }),
      ),
    ).rejects.toMatchObject({ code: "out_of_stock" });
  });

  it("gives the gift back to stock when the points fall short", async () => {
    const member = await memberWithPoints(100);
    const code = `G${uniqueSuffix(6)}`.toUpperCase();
    await db.insert(gifts).values({ code, nameZh: "咖啡券", nameEn: "Coffee voucher", pointsCost: 500, stock: 1 });
    await expect(
      inTx(db, (tx) =>
        redeemPoints(tx, { storeId: store.id }, member.id, { type: "gift", giftCode: code, quantity: 1 }),
      ),
    ).rejects.toMatchObject({ code: "insufficient_points" });
    const [gift] = await db.select({ stock: gifts.stock }).from(gifts).where(eq(gifts.code, code));
    expect(gift!.stock).toBe(1);
  });

  // Races: on PGlite (one connection) the transactions would run one after another and prove nothing.
  it.runIf(testDriver() === "postgres")(
    "50 simultaneous redemptions never take the balance below zero; exactly as many succeed as it allows (needs real PostgreSQL)",
    async () => {
      const member = await memberWithPoints(4_000); // 20 × 200 points
      const attempts = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          inTx(db, (tx) => redeemPoints(tx, { storeId: store.id }, member.id, { type: "parking", hours: 1 })),
        ),
      );
      const succeeded = attempts.filter((a) => a.status === "fulfilled").length;
      const refused = attempts.filter(
        (a) => a.status === "rejected" && (a.reason as { code?: string }).code === "insufficient_points",
      ).length;
      expect(succeeded).toBe(20);
      expect(refused).toBe(30);
      expect(await pointsBalance(db, member.id)).toBe(0);
      const [row] = await db.select({ n: count() }).from(redemptions).where(eq(redemptions.memberId, member.id));
      expect(row!.n).toBe(20);
      expect(succeeded).toBeLessThan(50); // ran truly in parallel on the server
    },
  );

  it.runIf(testDriver() === "postgres")(
    "simultaneous purchases paid with points never overspend (needs real PostgreSQL)",
    async () => {
      const member = await memberWithPoints(1_000);
      const attempts = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          inTx(db, (tx) =>
            recordPurchase(
              tx,
              { storeId: store.id },
              createTransactionSchema.parse({
                externalId: `P-${uniqueSuffix(8)}-${i}`,
                storeCode: store.code,
                occurredAt: new Date().toISOString(),
                member: { phone: member.phoneE164! },
                items: [{ sku: "S", name: "银饰", category: "silver", quantity: 1, unitPriceFen: 300 }],
                payments: [{ method: "points", points: 300, amountFen: 300 }],
              }),
            ),
          ),
        ),
      );
      expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(3);
      expect(await pointsBalance(db, member.id)).toBe(100);
    },
  );
});

import { subDays } from "date-fns";
import { asc, count, eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/audit/service";
import { seedDemoGifts } from "@/lib/loyalty/gifts/service";
import { expirePoints } from "@/lib/loyalty/points/service";
import { createTransactionSchema } from "@/lib/loyalty/purchases/schemas";
import { recordRefund } from "@/lib/loyalty/purchases/refunds";
import { recordPurchase } from "@/lib/loyalty/purchases/service";
import { TOP_UP_BONUS_RULE } from "@/lib/loyalty/stored-value/schemas";
import { issueCard } from "@/lib/loyalty/stored-value/service";
import { saveSetting } from "@/lib/settings/versioned";
import type { Db } from "@/db/client";
import { seededRandom } from "./demo-data";
import { members, pointsAdjustments, salesTransactions, staff, stores } from "@/db/schema";

const PRODUCTS: { sku: string; name: string; category: string; minFen: number; maxFen: number }[] = [
  { sku: "AU-RING", name: "足金素圈戒指", category: "gold", minFen: 180_000, maxFen: 650_000 },
  { sku: "AU-BANGLE", name: "古法黄金手镯", category: "gold", minFen: 900_000, maxFen: 3_200_000 },
  { sku: "PT-NECK", name: "铂金锁骨链", category: "platinum", minFen: 250_000, maxFen: 800_000 },
  { sku: "DIA-RING", name: "18K 钻石对戒", category: "diamond", minFen: 800_000, maxFen: 4_500_000 },
  { sku: "JADE-BR", name: "翡翠手镯", category: "jade", minFen: 1_200_000, maxFen: 8_000_000 },
  { sku: "PRL-EAR", name: "淡水珍珠耳钉", category: "pearl", minFen: 60_000, maxFen: 260_000 },
  { sku: "AG-BR", name: "银饰手链", category: "silver", minFen: 30_000, maxFen: 120_000 },
  { sku: "KG-PEND", name: "K 金吊坠", category: "k_gold", minFen: 150_000, maxFen: 600_000 },
];
const METHODS = ["wechat", "alipay", "card", "cash"] as const;

/**
 * Demo purchases, refunds, points, stored-value cards and gifts, recorded through the same business
 * functions the POS API uses (so tiers, lots and the ledger are consistent). Idempotent: skipped when
 * any sale exists.
 */
export async function seedDemoLoyalty(db: Db, options: { buyers?: number } = {}) {
  const gifts = await seedDemoGifts(db);
  const [existing] = await db.select({ n: count() }).from(salesTransactions);
  if ((existing?.n ?? 0) > 0) return { purchases: 0, gifts: gifts.inserted };
  const [admin] = await db
    .select({ id: staff.id, username: staff.username })
    .from(staff)
    .where(eq(staff.username, "admin"));
  const [service] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, "service"));
  if (!admin) return { purchases: 0, gifts: gifts.inserted };
  const actor: Actor = { staffId: admin.id, username: admin.username, ip: null };
  const now = new Date();

  const buyers = await db
    .select({ id: members.id, phone: members.phoneE164, storeId: members.homeStoreId, storeCode: stores.code })
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(sql`${members.phoneE164} is not null and ${members.mergedIntoId} is null`)
    .orderBy(asc(members.registeredAt), asc(members.id))
    .limit(options.buyers ?? 400);

  // The demo programme gives ¥100 per full ¥1,000 topped up (docs/domain.md#stored-value-cards).
  await saveSetting(db, actor, TOP_UP_BONUS_RULE, { stepFen: 100_000, bonusPerStepFen: 10_000 }, now);

  const rand = seededRandom(5_2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  let purchases = 0;
  let refunds = 0;
  for (const [index, buyer] of buyers.entries()) {
    const visits = 1 + Math.floor(rand() * (index % 10 === 0 ? 12 : 5));
    const days = Array.from({ length: visits }, () => 1 + Math.floor(rand() * 700)).sort((a, b) => b - a);
    for (const [n, daysAgo] of days.entries()) {
      const product = pick(PRODUCTS);
      const quantity = rand() < 0.15 ? 2 : 1;
      const unitPriceFen = Math.round((product.minFen + rand() * (product.maxFen - product.minFen)) / 100) * 100;
      const totalFen = unitPriceFen * quantity;
      const discountFen = rand() < 0.3 ? Math.round(totalFen * 0.05) : 0;
      const externalId = `DEMO-${buyer.storeCode}-${String(index).padStart(4, "0")}-${n}`;
      const input = createTransactionSchema.parse({
        externalId,
        storeCode: buyer.storeCode,
        occurredAt: subDays(now, daysAgo).toISOString(),
        member: { phone: buyer.phone },
        items: [{ sku: product.sku, name: product.name, category: product.category, quantity, unitPriceFen }],
        discountFen,
        payments: [{ method: pick(METHODS), amountFen: totalFen - discountFen }],
      });
      await recordPurchase(db, { storeId: buyer.storeId }, input);
      purchases += 1;
      if (rand() < 0.04) {
        await recordRefund(db, { storeId: buyer.storeId }, externalId, {
          refundId: `${externalId}-R`,
          amountFen: Math.round((totalFen - discountFen) / 2),
          occurredAt: subDays(now, Math.max(0, daysAgo - 3)).toISOString(),
        });
        refunds += 1;
      }
    }
    if (index % 13 === 0) {
      await issueCard(db, actor, {
        storeId: buyer.storeId,
        memberId: buyer.id,
        cardNo: undefined,
        // Two draws as before, so the rest of the demo data stays the same; the bonus is the rule's.
        initialTopUpFen: pick([100_000, 200_000, 500_000]) + pick([0, 50_000, 80_000]),
      });
    }
  }
  const expired = await expirePoints(db, now);
  if (service && buyers[1]) {
    await db.insert(pointsAdjustments).values({
      memberId: buyers[1].id,
      points: 8000,
      reason: "钻戒售后补偿（待店长审批）",
      status: "pending",
      requestedBy: service.id,
    });
  }
  return { purchases, refunds, expiredLots: expired.lots, gifts: gifts.inserted };
}

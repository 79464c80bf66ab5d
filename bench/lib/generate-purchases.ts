import { TZDate } from "@date-fns/tz";
import { addDays, addHours, subDays } from "date-fns";
import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { seededRandom } from "@/scripts/seed/demo-data";
import { members, salesTransactions, stores } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import { pointsBalance } from "@/lib/loyalty/points/queries";
import { creditPoints, expirePoints, lockMemberForPoints, lotExpiry } from "@/lib/loyalty/points/service";
import { createTransactionSchema, type CreateTransactionInput } from "@/lib/loyalty/purchases/schemas";
import { recordRefund } from "@/lib/loyalty/purchases/refunds";
import { recordPurchase } from "@/lib/loyalty/purchases/service";
import { redeemPoints } from "@/lib/loyalty/redemptions/service";
import { cardBalance } from "@/lib/loyalty/stored-value/ledger";
import { issueCard, topUp } from "@/lib/loyalty/stored-value/service";

/** Jewellery a mall counter sells, with price ranges in fen. */
export const BENCH_PRODUCTS: readonly {
  sku: string;
  name: string;
  category: string;
  minFen: number;
  maxFen: number;
}[] = [
  { sku: "AU-RING", name: "足金素圈戒指", category: "gold", minFen: 180_000, maxFen: 650_000 },
  { sku: "AU-BANGLE", name: "古法黄金手镯", category: "gold", minFen: 900_000, maxFen: 3_200_000 },
  { sku: "AU-PEND", name: "足金转运珠", category: "gold", minFen: 60_000, maxFen: 220_000 },
  { sku: "PT-NECK", name: "铂金锁骨链", category: "platinum", minFen: 250_000, maxFen: 800_000 },
  { sku: "DIA-RING", name: "18K 钻石对戒", category: "diamond", minFen: 800_000, maxFen: 4_500_000 },
  { sku: "DIA-EAR", name: "钻石耳钉", category: "diamond", minFen: 300_000, maxFen: 1_600_000 },
  { sku: "JADE-BR", name: "翡翠手镯", category: "jade", minFen: 1_200_000, maxFen: 8_000_000 },
  { sku: "PRL-EAR", name: "淡水珍珠耳钉", category: "pearl", minFen: 60_000, maxFen: 260_000 },
  { sku: "AG-BR", name: "银饰手链", category: "silver", minFen: 30_000, maxFen: 120_000 },
  { sku: "KG-PEND", name: "K 金吊坠", category: "k_gold", minFen: 150_000, maxFen: 600_000 },
];

/** 1–3 lines of jewellery with prices rounded to the yuan; quantity 2 now and then. */
export function randomItems(random: () => number): CreateTransactionInput["items"] {
  const lines = 1 + Math.floor(random() * random() * 3);
  return Array.from({ length: lines }, () => {
    const product = BENCH_PRODUCTS[Math.floor(random() * BENCH_PRODUCTS.length)]!;
    const unitPriceFen = Math.round((product.minFen + random() * (product.maxFen - product.minFen)) / 100) * 100;
    return {
      sku: product.sku,
      name: product.name,
      category: product.category,
      quantity: random() < 0.1 ? 2 : 1,
      unitPriceFen,
    };
  });
}

function refundAllLines(items: CreateTransactionInput["items"]) {
  const bySku = new Map<string, number>();
  for (const item of items) bySku.set(item.sku, (bySku.get(item.sku) ?? 0) + item.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

export type GeneratedHistory = {
  memberId: string;
  purchases: number;
  refunds: number;
  paidWithStoredValue: number;
  paidWithPoints: number;
  activityCredits: number;
  redemptions: number;
  storedValueTopUps: number;
  expiredLots: number;
  /** Rows the member has after generation. */
  rows: {
    salesTransactions: number;
    lines: number;
    payments: number;
    pointsEntries: number;
    pointsLots: number;
    storedValueEntries: number;
  };
  pointsBalance: number;
  seconds: number;
};

const BATCH = 25;

/** Points in lots still valid today: what a points payment or a redemption may take. */
async function usablePoints(db: Db, memberId: string): Promise<number> {
  const [row] = rowsOf<{ usable: number }>(
    await db.execute(
      sql`select coalesce(sum(remaining), 0)::int as usable from points_lots where member_id = ${memberId} and remaining > 0 and expires_at > now()`,
    ),
  );
  return Number(row?.usable ?? 0);
}
const METHODS = ["wechat", "alipay", "card", "cash"] as const;

/**
 * Gives one member a realistic long history through the same business functions the POS API and the
 * counter use (so tiers, lots, allocations, debts and card balances are consistent): `purchases`
 * purchases over the last three years (1–3 lines, discounts, every tenth partly paid from a
 * stored-value card and some partly with points), partial and full refunds, survey points,
 * parking and cash-offset redemptions, and the expiry job over the lots that have run out.
 * Purchases are recorded in batches of 25 per database transaction. Skipped when the member
 * already has purchases.
 */
export async function generatePurchaseHistory(
  db: Db,
  actor: Actor,
  memberId: string,
  options: { purchases?: number; seed?: number; now?: Date } = {},
): Promise<GeneratedHistory> {
  const started = performance.now();
  const total = options.purchases ?? 500;
  const now = options.now ?? new Date();
  const random = seededRandom(options.seed ?? 500_360);
  const [member] = await db
    .select({ phone: members.phoneE164, homeStoreId: members.homeStoreId })
    .from(members)
    .where(eq(members.id, memberId));
  if (!member?.phone) throw new Error(`Member ${memberId} not found or has no phone`);
  const storeRows = await db.select({ id: stores.id, code: stores.code, timeZone: stores.timeZone }).from(stores);
  const home = storeRows.find((s) => s.id === member.homeStoreId)!;
  const others = storeRows.filter((s) => s.id !== home.id);

  const history: Omit<GeneratedHistory, "rows" | "pointsBalance" | "seconds"> = {
    memberId,
    purchases: 0,
    refunds: 0,
    paidWithStoredValue: 0,
    paidWithPoints: 0,
    activityCredits: 0,
    redemptions: 0,
    storedValueTopUps: 0,
    expiredLots: 0,
  };
  const [existing] = await db
    .select({ n: count() })
    .from(salesTransactions)
    .where(and(eq(salesTransactions.memberId, memberId), eq(salesTransactions.kind, "purchase")));
  if ((existing?.n ?? 0) === 0) {
    const card = await db.transaction((tx) =>
      // The bonus is whatever top-up bonus rule is in force.
      issueCard(tx, actor, { storeId: home.id, memberId, initialTopUpFen: 1_000_000 }),
    );
    // Chronological, from three years ago to yesterday, at shop hours in the store's time zone.
    const first = subDays(now, 3 * 365);
    const stepMs = (subDays(now, 1).getTime() - first.getTime()) / total;
    for (let batchStart = 0; batchStart < total; batchStart += BATCH) {
      await db.transaction(async (tx) => {
        for (let i = batchStart; i < Math.min(total, batchStart + BATCH); i++) {
          const store = others.length > 0 && random() < 0.15 ? others[Math.floor(random() * others.length)]! : home;
          const day = new TZDate(first.getTime() + i * stepMs, store.timeZone);
          const occurredAt = addHours(
            new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 10, 0, 0, 0, store.timeZone),
            random() * 11,
          );
          const items = randomItems(random);
          const grossFen = items.reduce((sum, item) => sum + item.quantity * item.unitPriceFen, 0);
          const discountFen = random() < 0.3 ? Math.round(grossFen * 0.05) : 0;
          const dueFen = grossFen - discountFen;
          const payments: CreateTransactionInput["payments"] = [];
          let restFen = dueFen;
          if (i % 10 === 3) {
            const fromCard = Math.min(200_000, restFen - 100);
            const balance = await cardBalance(tx, card.cardId);
            if (balance.balanceFen < fromCard) {
              await topUp(tx, actor, { cardId: card.cardId, amountFen: 1_000_000 });
              history.storedValueTopUps += 1;
            }
            payments.push({ method: "stored_value", cardNo: card.cardNo, amountFen: fromCard });
            restFen -= fromCard;
            history.paidWithStoredValue += 1;
          }
          if (i % 25 === 7 && (await usablePoints(tx, memberId)) >= 5_000) {
            payments.push({ method: "points", points: 5_000, amountFen: 5_000 });
            restFen -= 5_000;
            history.paidWithPoints += 1;
          }
          payments.push({ method: METHODS[Math.floor(random() * METHODS.length)]!, amountFen: restFen });
          const externalId = `HIST-${store.code}-${String(i).padStart(4, "0")}`;
          const input = createTransactionSchema.parse({
            externalId,
            storeCode: store.code,
            occurredAt: occurredAt.toISOString(),
            member: { phone: member.phone },
            items,
            discountFen,
            payments,
          });
          await recordPurchase(tx, { storeId: store.id }, input);
          history.purchases += 1;

          // One purchase in twenty comes back in part a few days later, one in a hundred entirely.
          if (i % 20 === 11 || i % 100 === 51) {
            const refundAt = addDays(occurredAt, 3);
            await recordRefund(tx, { storeId: store.id }, externalId, {
              refundId: `${externalId}-R`,
              amountFen: i % 100 === 51 ? dueFen : Math.round(dueFen / 2),
              occurredAt: (refundAt < now ? refundAt : now).toISOString(),
              lines: i % 100 === 51 ? refundAllLines(items) : undefined,
            });
            history.refunds += 1;
          }
          // A survey or referral now and then.
          if (i % 50 === 20) {
            const locked = await lockMemberForPoints(tx, memberId);
            await creditPoints(tx, {
              memberId,
              kind: "activity",
              points: 500,
              occurredAt: addDays(occurredAt, 1),
              expiresAt: lotExpiry(addDays(occurredAt, 1), locked!.timeZone),
              storeId: home.id,
              reason: "会员满意度问卷",
              createdBy: actor.staffId,
            });
            history.activityCredits += 1;
          }
        }
      });
    }
    // Parking and a cash offset at the counter, today.
    await db.transaction(async (tx) => {
      for (const input of [
        { type: "parking", hours: 2 },
        { type: "parking", hours: 3 },
        { type: "cash_offset", points: 2_000 },
        { type: "parking", hours: 1 },
      ] as const) {
        if ((await usablePoints(tx, memberId)) < 2_000) break;
        await redeemPoints(tx, { storeId: home.id, staffId: actor.staffId }, memberId, input);
        history.redemptions += 1;
      }
    });
    // The expiry job, as the scheduler would have run it: lots earned more than a year ago have expired.
    history.expiredLots = (await expirePoints(db, now)).lots;
  }

  const [rows] = rowsOf<{ sales: number; lines: number; payments: number; entries: number; lots: number; sv: number }>(
    await db.execute(sql`
      select (select count(*) from sales_transactions where member_id = ${memberId})::int as sales,
             (select count(*) from sales_transaction_lines l join sales_transactions t on t.id = l.transaction_id where t.member_id = ${memberId})::int as lines,
             (select count(*) from sales_payments p join sales_transactions t on t.id = p.transaction_id where t.member_id = ${memberId})::int as payments,
             (select count(*) from points_entries where member_id = ${memberId})::int as entries,
             (select count(*) from points_lots where member_id = ${memberId})::int as lots,
             (select count(*) from stored_value_entries e join stored_value_cards c on c.id = e.card_id where c.member_id = ${memberId})::int as sv`),
  );
  return {
    ...history,
    rows: {
      salesTransactions: rows!.sales,
      lines: rows!.lines,
      payments: rows!.payments,
      pointsEntries: rows!.entries,
      pointsLots: rows!.lots,
      storedValueEntries: rows!.sv,
    },
    pointsBalance: await pointsBalance(db, memberId),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

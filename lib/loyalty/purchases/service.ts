import { randomUUID } from "node:crypto";
import { eq, is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { allAnswered } from "@/db/client";
import { salesPayments, salesTransactionLines, salesTransactions, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { refreshMemberLifecycle } from "@/lib/members/segments/service";
import { settingsAt } from "@/lib/settings/versioned";
import {
  debitPoints,
  ledgerTotals,
  lockMemberForPoints,
  lotExpiry,
  outstandingDebts,
  repayDebts,
  writeCredit,
} from "../points/service";
import { campaignBonus, EARN_RULES, pointsFor, TIER_PROGRAMME, tierDefinition } from "../programme/rules";
import { spendStoredValue } from "../stored-value/pos";
import { memberSpendFen } from "../tiers/rolling-spend";
import { planTierUpgrade, writeTierUpgrade } from "../tiers/service";
import { memberRefCondition } from "./queries";
import type { CreateTransactionInput, CreateTransactionResponse } from "./schemas";

/** Who is recording: the POS API key (its store) or a staff member. */
export type SaleSource = { storeId: string; apiKeyId?: string | null; staffId?: string | null };

/** Payment methods whose money earns points (docs/domain.md: everything but points; discounts pay nothing). */
export const EARNING_METHODS = new Set(["wechat", "alipay", "card", "cash", "stored_value"]);

/**
 * The store a sale is recorded in: the one the body names, which must be the source's own (a POS key
 * records sales of its own store only; naming another store, or one that does not exist, is forbidden).
 */
export async function storeForCode(db: Db, source: SaleSource, storeCode: string | undefined) {
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(storeCode ? eq(stores.code, storeCode) : eq(stores.id, source.storeId));
  if (!store || store.id !== source.storeId) throw new AppError("forbidden", { messageKey: "otherStore" });
  return store;
}

/**
 * Records a POS purchase in the caller's transaction: the sale with its lines and payments, points
 * and stored value spent (refused with nothing recorded when short), points earned at the tier held
 * before the sale plus any campaign bonus, and an immediate upgrade when the spend crosses a threshold.
 *
 * Round trips are most of what a purchase costs (the POS ingest benchmark), so statements that do
 * not need each other's results are sent together (`allAnswered`). A purchase paid without points or
 * stored value takes three round trips: the look-ups with the member's lock; the sale's rows with
 * the reads that must follow the lock; the points earned, the tier and the lifecycle stage.
 */
export async function recordPurchase(
  db: Db,
  source: SaleSource,
  input: CreateTransactionInput,
): Promise<CreateTransactionResponse> {
  // On a pool, statements sent together would go out on different connections, in no order.
  if (!is(db, PgTransaction)) throw new Error("recordPurchase runs in the caller's transaction");
  const occurredAt = new Date(input.occurredAt);
  const memberCondition = input.member ? memberRefCondition(input.member) : undefined;
  if (input.member && !memberCondition) throw new AppError("member_not_found");
  const [store, [programme, rules], member] = await allAnswered([
    storeForCode(db, source, input.storeCode),
    settingsAt(db, TIER_PROGRAMME, EARN_RULES, occurredAt),
    memberCondition ? lockMemberForPoints(db, memberCondition) : null,
  ]);
  if (input.member && !member) throw new AppError("member_not_found");

  const grossFen = input.items.reduce((sum, item) => sum + item.quantity * item.unitPriceFen, 0);
  const totalPaidFen = input.payments.reduce((sum, p) => sum + p.amountFen, 0);
  const baseFen = input.payments.filter((p) => EARNING_METHODS.has(p.method)).reduce((sum, p) => sum + p.amountFen, 0);
  const multiplier = member ? tierDefinition(programme, member.tier).multiplier : null;
  const pointsEarned = member ? pointsFor(baseFen, multiplier!) : 0;
  const bonusPoints = member
    ? campaignBonus(rules, { baseFen, storeId: store.id, occurredAt, timeZone: store.timeZone })
    : 0;

  // The sale's rows (`.execute()` starts each at once, so the lines follow the sale), and, with the
  // member's lock held, the ledger totals and the rolling spend before this sale.
  const saleId = randomUUID();
  const spendsFromMember = input.payments.some((p) => p.method === "points" || p.method === "stored_value");
  const [, , , reads] = await allAnswered([
    db
      .insert(salesTransactions)
      .values({
        id: saleId,
        storeId: store.id,
        memberId: member?.id ?? null,
        externalId: input.externalId,
        kind: "purchase",
        occurredAt,
        netPaidFen: baseFen,
        grossFen,
        discountFen: input.discountFen,
        totalPaidFen,
        tierBefore: member?.tier ?? null,
        multiplier,
        pointsEarned,
        bonusPoints,
      })
      .onConflictDoNothing()
      .returning({ id: salesTransactions.id })
      .execute()
      .then((rows) => {
        if (rows.length === 0) throw new AppError("conflict", { messageKey: "duplicateExternalId" });
      }),
    db
      .insert(salesTransactionLines)
      .values(
        input.items.map((item, i) => ({
          transactionId: saleId,
          lineNo: i + 1,
          sku: item.sku,
          name: item.name,
          category: item.category,
          quantity: item.quantity,
          unitPriceFen: item.unitPriceFen,
          amountFen: item.quantity * item.unitPriceFen,
        })),
      )
      .execute(),
    spendsFromMember
      ? null
      : db
          .insert(salesPayments)
          .values(input.payments.map((p) => ({ transactionId: saleId, method: p.method, amountFen: p.amountFen })))
          .execute(),
    member ? allAnswered([ledgerTotals(db, member.id), memberSpendFen(db, member, occurredAt, saleId)]) : null,
  ]);

  let pointsSpent = 0;
  if (spendsFromMember) {
    const paymentRows: (typeof salesPayments.$inferInsert)[] = [];
    for (const payment of input.payments) {
      if (payment.method === "points") {
        await debitPoints(db, {
          memberId: member!.id,
          kind: "spend",
          points: payment.points,
          allowDebt: false,
          occurredAt,
          storeId: store.id,
          transactionId: saleId,
        });
        pointsSpent += payment.points;
        paymentRows.push({
          transactionId: saleId,
          method: "points",
          amountFen: payment.amountFen,
          points: payment.points,
        });
      } else if (payment.method === "stored_value") {
        const spent = await spendStoredValue(db, {
          cardNo: payment.cardNo,
          amountFen: payment.amountFen,
          storeId: store.id,
          transactionId: saleId,
        });
        paymentRows.push({
          transactionId: saleId,
          method: "stored_value",
          amountFen: payment.amountFen,
          storedValueCardId: spent.cardId,
        });
      } else {
        paymentRows.push({ transactionId: saleId, method: payment.method, amountFen: payment.amountFen });
      }
    }
    await db.insert(salesPayments).values(paymentRows);
  }

  if (!member || !reads)
    return { transactionId: saleId, pointsEarned: 0, pointsBalance: null, tier: null, tierChanged: false };
  const [ledger, spendBeforeFen] = reads;

  // Earned points repay any debt first, the campaign bonus whatever debt the earning left.
  const expiresAt = lotExpiry(occurredAt, store.timeZone);
  const earnFields = { memberId: member.id, occurredAt, expiresAt, storeId: store.id, transactionId: saleId };
  const earn = repayDebts(await outstandingDebts(db, member.id, ledger), pointsEarned);
  const bonus = repayDebts(earn.debtsLeft, bonusPoints);
  const upgrade = planTierUpgrade(member, programme, spendBeforeFen + baseFen, occurredAt, saleId);
  await allAnswered([
    pointsEarned > 0 ? writeCredit(db, { ...earnFields, kind: "earn", points: pointsEarned }, earn.repayments) : null,
    bonusPoints > 0
      ? writeCredit(db, { ...earnFields, kind: "bonus", points: bonusPoints, reason: "campaign" }, bonus.repayments)
      : null,
    writeTierUpgrade(db, member.id, upgrade),
    refreshMemberLifecycle(db, member.id),
  ]);
  return {
    transactionId: saleId,
    pointsEarned: pointsEarned + bonusPoints,
    pointsBalance: ledger.balance - pointsSpent + pointsEarned + bonusPoints,
    tier: upgrade.tier,
    tierChanged: upgrade.changed,
  };
}

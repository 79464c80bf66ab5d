import { randomUUID } from "node:crypto";
import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { allAnswered, runStatement, writeWithCommit } from "@/db/client";
import { salesPayments } from "@/db/schema";
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
  writeCredits,
  type PlannedCredit,
} from "../points/service";
import { campaignBonus, EARN_RULES, pointsFor, TIER_PROGRAMME, tierDefinition } from "../programme/rules";
import { spendStoredValue } from "../stored-value/pos";
import { memberSpendFen } from "../tiers/rolling-spend";
import { planTierUpgrade, writeTierUpgrade } from "../tiers/service";
import { memberKey } from "./queries";
import type { CreateTransactionInput, CreateTransactionResponse } from "./schemas";

// A purchase's sale row, lines and payments in one statement: the lines and payments only when the
// sale row was written (a receipt number already recorded inserts nothing and is answered 409).
const INSERT_SALE = `
  with sale as (
    insert into sales_transactions (id, store_id, member_id, external_id, kind, occurred_at, net_paid_fen, gross_fen,
                                    discount_fen, total_paid_fen, tier_before, multiplier, points_earned, bonus_points)
    values ($1::uuid, $2::uuid, $3::uuid, $4::text, 'purchase', $5::timestamptz, $6::bigint, $7::bigint,
            $8::bigint, $9::bigint, $10::text, $11::numeric, $12::int, $13::int)
    on conflict do nothing
    returning id
  ), sale_lines as (
    insert into sales_transaction_lines (transaction_id, line_no, sku, name, category, quantity, unit_price_fen, amount_fen)
    select sale.id, l.n, l.sku, l.name, l.category, l.quantity, l.unit_price_fen, l.amount_fen
      from sale, unnest($14::text[], $15::text[], $16::text[], $17::int[], $18::bigint[], $19::bigint[])
                 with ordinality as l(sku, name, category, quantity, unit_price_fen, amount_fen, n)
  ), payments as (
    insert into sales_payments (transaction_id, method, amount_fen)
    select sale.id, p.method::payment_method, p.amount_fen
      from sale, unnest($20::text[], $21::bigint[]) with ordinality as p(method, amount_fen, n)
     order by p.n
  )
  select count(*)::int as inserted from sale`;

/**
 * Who is recording: the POS API key (its store) or a staff member. `store`: the source's store as
 * the caller already read it in this request (the API key's look-up), which spares reading it again.
 */
export type SaleSource = {
  storeId: string;
  apiKeyId?: string | null;
  staffId?: string | null;
  store?: { code: string; timeZone: string };
};

/** Payment methods whose money earns points (docs/domain.md: everything but points; discounts pay nothing). */
export const EARNING_METHODS = new Set(["wechat", "alipay", "card", "cash", "stored_value"]);

/**
 * The store a sale is recorded in: the one the body names, which must be the source's own (a POS key
 * records sales of its own store only; naming another store, or one that does not exist, is forbidden).
 * Store codes are unique, so a source that knows its store's code answers without a query.
 */
export async function storeForCode(db: Db, source: SaleSource, storeCode: string | undefined) {
  if (source.store) {
    if (storeCode !== undefined && storeCode !== source.store.code)
      throw new AppError("forbidden", { messageKey: "otherStore" });
    return { id: source.storeId, timeZone: source.store.timeZone };
  }
  const [store] = await runStatement<{ id: string; time_zone: string }>(db, storeCode ? STORE_BY_CODE : STORE_BY_ID, [
    storeCode ?? source.storeId,
  ]);
  if (!store || store.id !== source.storeId) throw new AppError("forbidden", { messageKey: "otherStore" });
  return { id: store.id, timeZone: store.time_zone };
}

const STORE_BY_CODE = `select id, time_zone from stores where code = $1::text`;
const STORE_BY_ID = `select id, time_zone from stores where id = $1::uuid`;

/**
 * Records a POS purchase in the caller's transaction: the sale with its lines and payments, points
 * and stored value spent (refused with nothing recorded when short), points earned at the tier held
 * before the sale plus any campaign bonus, and an immediate upgrade when the spend crosses a threshold.
 *
 * Round trips are most of what a purchase costs (the POS ingest benchmark), so statements that do
 * not need each other's results are sent together (`allAnswered`). A purchase paid without points or
 * stored value takes two round trips of its own: the look-ups with the member's lock; the sale's
 * rows (one statement) with the reads that must follow the lock. The points earned, the tier and the
 * lifecycle stage are sent last and travel with the transaction's commit (`writeWithCommit`).
 */
export async function recordPurchase(
  db: Db,
  source: SaleSource,
  input: CreateTransactionInput,
): Promise<CreateTransactionResponse> {
  // On a pool, statements sent together would go out on different connections, in no order.
  if (!is(db, PgTransaction)) throw new Error("recordPurchase runs in the caller's transaction");
  const occurredAt = new Date(input.occurredAt);
  const key = input.member ? memberKey(input.member) : undefined;
  if (input.member && !key) throw new AppError("member_not_found");
  const [store, [programme, rules], member] = await allAnswered([
    storeForCode(db, source, input.storeCode),
    settingsAt(db, TIER_PROGRAMME, EARN_RULES, occurredAt),
    key ? lockMemberForPoints(db, key) : null,
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

  // The sale with its lines and (unless points or stored value are spent, which come with their
  // ledger rows below) its payments in one statement, and, with the member's lock held, the ledger
  // totals and the rolling spend before this sale.
  const saleId = randomUUID();
  const spendsFromMember = input.payments.some((p) => p.method === "points" || p.method === "stored_value");
  const paidNow = spendsFromMember ? [] : input.payments;
  const [, reads] = await allAnswered([
    runStatement<{ inserted: number }>(db, INSERT_SALE, [
      saleId,
      store.id,
      member?.id ?? null,
      input.externalId,
      occurredAt.toISOString(),
      baseFen,
      grossFen,
      input.discountFen,
      totalPaidFen,
      member?.tier ?? null,
      multiplier,
      pointsEarned,
      bonusPoints,
      input.items.map((item) => item.sku),
      input.items.map((item) => item.name),
      input.items.map((item) => item.category),
      input.items.map((item) => item.quantity),
      input.items.map((item) => item.unitPriceFen),
      input.items.map((item) => item.quantity * item.unitPriceFen),
      paidNow.map((p) => p.method),
      paidNow.map((p) => p.amountFen),
    ]).then(([row]) => {
      if (!row?.inserted) throw new AppError("conflict", { messageKey: "duplicateExternalId" });
    }),
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
  // Nothing below needs these statements' answers: they travel with the commit (writeWithCommit),
  // which fails the purchase if one of them fails.
  const credits: PlannedCredit[] = [];
  if (pointsEarned > 0)
    credits.push({ credit: { ...earnFields, kind: "earn", points: pointsEarned }, repayments: earn.repayments });
  if (bonusPoints > 0)
    credits.push({
      credit: { ...earnFields, kind: "bonus", points: bonusPoints, reason: "campaign" },
      repayments: bonus.repayments,
    });
  await writeWithCommit(db, [
    writeCredits(db, credits),
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

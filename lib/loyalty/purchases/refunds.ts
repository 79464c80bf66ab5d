import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { pointsEntries, salesPayments, salesTransactionLines, salesTransactions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { refreshMemberLifecycle } from "@/lib/members/segments/service";
import { pointsBalance } from "../points/queries";
import {
  creditPoints,
  debitPoints,
  latestExpiryOfAllocations,
  lockMemberForPoints,
  lotExpiry,
} from "../points/service";
import { returnStoredValue } from "../stored-value/pos";
import type { CreateRefundInput, CreateRefundResponse } from "./schemas";
import { EARNING_METHODS, storeForCode, type SaleSource } from "./service";

// Refunds of POS purchases (docs/domain.md#refunds): the money shared over the payments, points reversed, stored value returned.

type PaymentState = { method: string; cardId: string | null; paidFen: number; refundedFen: number; points: number };

/**
 * Records a refund of a purchase (by its POS externalId in the key's store) in the caller's
 * transaction. The amount is shared across the purchase's payments in proportion to what each paid
 * (the refund completing a full refund takes exactly what is left of each). The earning part
 * reverses round_half_up(E × R / B) points (the last refund whatever remains of E), taking the
 * purchase's own lots first, then others, then leaving a debt; points paid with come back as a lot
 * expiring like the lots they came from; stored value goes back to the card.
 */
export async function recordRefund(
  db: Db,
  source: SaleSource,
  externalId: string,
  input: CreateRefundInput,
): Promise<CreateRefundResponse> {
  const store = await storeForCode(db, source, input.storeCode);
  const [purchase] = await db
    .select()
    .from(salesTransactions)
    .where(
      and(
        eq(salesTransactions.storeId, store.id),
        eq(salesTransactions.externalId, externalId),
        eq(salesTransactions.kind, "purchase"),
      ),
    )
    .for("update");
  if (!purchase) throw new AppError("not_found");
  const member = purchase.memberId ? await lockMemberForPoints(db, purchase.memberId) : null;
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();

  const payments = await paymentStates(db, purchase.id);
  const remainingFen = payments.reduce((sum, p) => sum + p.paidFen - p.refundedFen, 0);
  if (input.amountFen > remainingFen) {
    throw new AppError("refund_exceeds_paid", {
      fieldErrors: { amountFen: [`At most ${remainingFen} fen is left to refund.`] },
    });
  }
  const isFinal = input.amountFen === remainingFen;
  const shares = shareRefund(payments, input.amountFen, isFinal);
  const baseRefundFen = shares.reduce((sum, s, i) => sum + (EARNING_METHODS.has(payments[i]!.method) ? s : 0), 0);
  const pointsReturned = shares.reduce((sum, s, i) => sum + (payments[i]!.method === "points" ? s : 0), 0);

  const earned = purchase.pointsEarned + purchase.bonusPoints;
  const reversedSoFar = await reversedPoints(db, purchase.id);
  const reversal = isFinal
    ? earned - reversedSoFar
    : Math.min(
        earned - reversedSoFar,
        purchase.netPaidFen > 0 ? roundHalfUpRatio(earned, baseRefundFen, purchase.netPaidFen) : 0,
      );

  const refundLines = await refundLineRows(db, purchase.id, input.lines ?? []);
  const [refund] = await db
    .insert(salesTransactions)
    .values({
      storeId: store.id,
      memberId: purchase.memberId,
      externalId: input.refundId,
      kind: "refund",
      originalId: purchase.id,
      occurredAt,
      netPaidFen: -baseRefundFen,
      grossFen: -refundLines.reduce((sum, l) => sum + l.amountFen, 0),
      totalPaidFen: -input.amountFen,
      pointsEarned: -reversal,
    })
    .onConflictDoNothing()
    .returning({ id: salesTransactions.id });
  if (!refund) throw new AppError("conflict", { messageKey: "duplicateRefundId" });

  if (refundLines.length > 0) {
    await db.insert(salesTransactionLines).values(
      refundLines.map((line, i) => ({
        ...line,
        transactionId: refund.id,
        lineNo: i + 1,
        quantity: -line.quantity,
        amountFen: -line.amountFen,
      })),
    );
  }
  const refundPayments = shares
    .map((share, i) => ({ share, payment: payments[i]! }))
    .filter(({ share }) => share > 0)
    .map(({ share, payment }) => ({
      transactionId: refund.id,
      method: payment.method as (typeof salesPayments.$inferInsert)["method"],
      amountFen: -share,
      storedValueCardId: payment.cardId,
      points: payment.method === "points" ? -share : null,
    }));
  if (refundPayments.length > 0) await db.insert(salesPayments).values(refundPayments);

  let storedValueReturnedFen = 0;
  for (const [i, share] of shares.entries()) {
    if (payments[i]!.method !== "stored_value" || share === 0) continue;
    const back = await returnStoredValue(db, {
      transactionId: purchase.id,
      cardId: payments[i]!.cardId,
      amountFen: share,
      storeId: store.id,
      refundTransactionId: refund.id,
    });
    storedValueReturnedFen += back.returnedFen;
  }

  if (member && reversal > 0) {
    await debitPoints(db, {
      memberId: member.id,
      kind: "reversal",
      points: reversal,
      allowDebt: true,
      preferLotsOfTransaction: purchase.id,
      occurredAt,
      storeId: store.id,
      transactionId: refund.id,
    });
  }
  if (member && pointsReturned > 0) {
    const spendEntries = await db
      .select({ id: pointsEntries.id })
      .from(pointsEntries)
      .where(and(eq(pointsEntries.transactionId, purchase.id), eq(pointsEntries.kind, "spend")));
    const expiresAt =
      (await latestExpiryOfAllocations(
        db,
        spendEntries.map((e) => e.id),
      )) ?? lotExpiry(occurredAt, store.timeZone);
    await creditPoints(db, {
      memberId: member.id,
      kind: "return",
      points: pointsReturned,
      occurredAt,
      expiresAt,
      storeId: store.id,
      transactionId: refund.id,
    });
  }
  if (member) await refreshMemberLifecycle(db, member.id);

  return {
    refundTransactionId: refund.id,
    pointsReversed: reversal,
    pointsReturned,
    storedValueReturnedFen,
    pointsBalance: member ? await pointsBalance(db, member.id) : null,
  };
}

/** round_half_up(total × part / whole) in integers. */
export function roundHalfUpRatio(total: number, part: number, whole: number): number {
  return Number((2n * BigInt(total) * BigInt(part) + BigInt(whole)) / (2n * BigInt(whole)));
}

/**
 * Splits a refund over the payments in proportion to what each paid (floors, then the fen left over
 * go to the payments with the largest remainders); a final refund takes exactly what is left of each.
 */
export function shareRefund(
  payments: Pick<PaymentState, "paidFen" | "refundedFen">[],
  amountFen: number,
  isFinal: boolean,
): number[] {
  const left = payments.map((p) => p.paidFen - p.refundedFen);
  if (isFinal) return left;
  const totalPaid = payments.reduce((sum, p) => sum + p.paidFen, 0);
  const exact = payments.map((p) => (BigInt(amountFen) * BigInt(p.paidFen) * 1000n) / BigInt(totalPaid));
  const shares = exact.map((e, i) => Math.min(left[i]!, Number(e / 1000n)));
  let rest = amountFen - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: Number(e % 1000n) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  while (rest > 0) {
    let moved = false;
    for (const { i } of order) {
      if (rest === 0) break;
      if (shares[i]! < left[i]!) {
        shares[i]! += 1;
        rest -= 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return shares;
}

async function paymentStates(db: Db, purchaseId: string): Promise<PaymentState[]> {
  const rows = rowsOf<{ method: string; card_id: string | null; paid: number; refunded: number; points: number }>(
    await db.execute(sql`
      select p.method::text as method, p.stored_value_card_id as card_id,
             sum(p.amount_fen)::bigint as paid, coalesce(sum(p.points), 0)::int as points,
             coalesce((select -sum(r.amount_fen) from sales_payments r
                         join sales_transactions t on t.id = r.transaction_id
                        where t.original_id = ${purchaseId} and r.method = p.method
                          and r.stored_value_card_id is not distinct from p.stored_value_card_id), 0)::bigint as refunded
        from sales_payments p
       where p.transaction_id = ${purchaseId}
       group by p.method, p.stored_value_card_id
       order by p.method, p.stored_value_card_id`),
  );
  return rows.map((r) => ({
    method: r.method,
    cardId: r.card_id,
    paidFen: Number(r.paid),
    refundedFen: Number(r.refunded),
    points: Number(r.points),
  }));
}

async function reversedPoints(db: Db, purchaseId: string): Promise<number> {
  const [row] = await db
    .select({ reversed: sql<number>`coalesce(-sum(${salesTransactions.pointsEarned}), 0)::int`.mapWith(Number) })
    .from(salesTransactions)
    .where(eq(salesTransactions.originalId, purchaseId));
  return row?.reversed ?? 0;
}

/** Refund lines: each SKU of the purchase, no more than was bought minus what earlier refunds took back. */
async function refundLineRows(db: Db, purchaseId: string, lines: { sku: string; quantity: number }[]) {
  if (lines.length === 0) return [];
  const bought = rowsOf<{
    sku: string;
    name: string;
    category: string;
    unit_price_fen: number;
    bought: number;
    refunded: number;
  }>(
    await db.execute(sql`
      select l.sku, min(l.name) as name, min(l.category) as category, max(l.unit_price_fen)::bigint as unit_price_fen,
             sum(l.quantity)::int as bought,
             coalesce((select -sum(r.quantity) from sales_transaction_lines r
                         join sales_transactions t on t.id = r.transaction_id
                        where t.original_id = ${purchaseId} and r.sku = l.sku), 0)::int as refunded
        from sales_transaction_lines l
       where l.transaction_id = ${purchaseId}
       group by l.sku`),
  );
  const bySku = new Map(bought.map((b) => [b.sku, b]));
  const fields: Record<string, string[]> = {};
  const rows = lines.map((line, i) => {
    const item = bySku.get(line.sku);
    if (!item) fields[`lines.${i}.sku`] = ["This SKU is not on the purchase."];
    else if (line.quantity > Number(item.bought) - Number(item.refunded))
      fields[`lines.${i}.quantity`] = [`At most ${Number(item.bought) - Number(item.refunded)} left to refund.`];
    const unit = Number(item?.unit_price_fen ?? 0);
    return {
      sku: line.sku,
      name: item?.name ?? line.sku,
      category: item?.category ?? "",
      quantity: line.quantity,
      unitPriceFen: unit,
      amountFen: unit * line.quantity,
    };
  });
  if (Object.keys(fields).length > 0) throw new AppError("validation", { fieldErrors: fields });
  return rows;
}

import { TZDate } from "@date-fns/tz";
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { members, pointsAllocations, pointsEntries, pointsLots, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * The points ledger (DOMAIN.md, Points). Entries are append-only and a balance is their sum. A
 * positive entry opens a lot that expires at the end of the next calendar year; a negative entry
 * consumes lots first-expiring-first and records each take in points_allocations, so refunds and
 * expiry reverse exactly what was taken. What a negative entry could not take is a debt, repaid
 * first by the next points earned.
 *
 * Concurrency: every function here expects the caller to hold the member's row lock
 * (`lockMemberForPoints`) in the same transaction, so two spends for one member run one after the
 * other and the second sees the first's allocations.
 */

export type PointsEntryKind = (typeof pointsEntries.$inferInsert)["kind"];

/** A member's tier state and home-store time zone: what the ledger and the tier rules need to know. */
export const memberStateColumns = {
  id: members.id,
  tier: members.tier,
  homeStoreId: members.homeStoreId,
  timeZone: stores.timeZone,
  tierSince: members.tierSince,
  tierGrantedUntil: members.tierGrantedUntil,
};
export type LockedMember = { id: string; tier: string; homeStoreId: string; timeZone: string; tierSince: Date; tierGrantedUntil: string | null };

/**
 * Locks a live (not merged) member's row for the rest of the transaction; null when there is none.
 * Takes a member id, or a WHERE condition on members (a POS look-up by phone or card, in the same round trip).
 */
export async function lockMemberForPoints(db: Db, member: string | SQL): Promise<LockedMember | null> {
  const [row] = await db
    .select(memberStateColumns)
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(typeof member === "string" ? eq(members.id, member) : member, sql`${members.mergedIntoId} is null`))
    .for("update", { of: members });
  return row ?? null;
}

/** A lot earned at `earnedAt` expires at 23:59:59.999 on 31 December of the following year, store time. */
export function lotExpiry(earnedAt: Date, timeZone: string): Date {
  const year = new TZDate(earnedAt.getTime(), timeZone).getFullYear();
  return new Date(new TZDate(year + 2, 0, 1, 0, 0, 0, 0, timeZone).getTime() - 1);
}

export async function pointsBalance(db: Db, memberId: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<number>`coalesce(sum(${pointsEntries.points}), 0)::int`.mapWith(Number) })
    .from(pointsEntries)
    .where(eq(pointsEntries.memberId, memberId));
  return row?.balance ?? 0;
}

type EntryFields = {
  memberId: string;
  occurredAt?: Date;
  storeId?: string | null;
  transactionId?: string | null;
  redemptionId?: string | null;
  adjustmentId?: string | null;
  reason?: string | null;
  createdBy?: string | null;
};

export type Credit = EntryFields & {
  kind: Extract<PointsEntryKind, "earn" | "bonus" | "activity" | "adjustment" | "return">;
  points: number;
  expiresAt: Date;
};

/** Adds points: one entry and its lot. Outstanding debt is repaid from the new lot first. */
export async function creditPoints(db: Db, credit: Credit): Promise<{ entryId: number; lotId: number; debtRepaid: number; balanceAfter: number }> {
  if (!Number.isInteger(credit.points) || credit.points <= 0) throw new Error("creditPoints needs a positive whole number of points");
  const occurredAt = credit.occurredAt ?? new Date();
  const { debts, balance } = await outstandingDebts(db, credit.memberId);
  const [entry] = await db
    .insert(pointsEntries)
    .values({ ...entryValues(credit), kind: credit.kind, points: credit.points, occurredAt })
    .returning({ id: pointsEntries.id });
  let remaining = credit.points;
  const repayments: { entryId: number; points: number }[] = [];
  for (const debt of debts) {
    if (remaining === 0) break;
    const take = Math.min(remaining, debt.owed);
    repayments.push({ entryId: debt.entryId, points: take });
    remaining -= take;
  }
  const [lot] = await db
    .insert(pointsLots)
    .values({ memberId: credit.memberId, entryId: entry!.id, points: credit.points, remaining, earnedAt: occurredAt, expiresAt: credit.expiresAt })
    .returning({ id: pointsLots.id });
  if (repayments.length > 0) {
    await db.insert(pointsAllocations).values(repayments.map((r) => ({ entryId: r.entryId, lotId: lot!.id, points: r.points })));
  }
  return { entryId: entry!.id, lotId: lot!.id, debtRepaid: credit.points - remaining, balanceAfter: balance + credit.points };
}

export type Debit = EntryFields & {
  kind: Extract<PointsEntryKind, "spend" | "adjustment" | "reversal">;
  /** How many points to take (a positive number). */
  points: number;
  /** A refund's reversal may leave a debt; a spend or a negative adjustment may not. */
  allowDebt: boolean;
  /** Lots to take from before the FIFO order (a refund reverses the purchase's own lots first). */
  preferLotsOfTransaction?: string;
};

/**
 * Takes points: one negative entry and its allocations, first-expiring-first over the lots that
 * have not expired. Without `allowDebt`, refuses with insufficient_points when the lots cannot
 * cover it; with it, what the lots cannot cover stays owed (a debt).
 */
export async function debitPoints(db: Db, debit: Debit): Promise<{ entryId: number; allocated: number; debt: number }> {
  if (!Number.isInteger(debit.points) || debit.points <= 0) throw new Error("debitPoints needs a positive whole number of points");
  const occurredAt = debit.occurredAt ?? new Date();
  const now = new Date();
  const fifo = [asc(pointsLots.expiresAt), asc(pointsLots.id)];
  const order = debit.preferLotsOfTransaction
    ? [desc(sql`(${pointsLots.entryId} in (select id from points_entries where transaction_id = ${debit.preferLotsOfTransaction} and points > 0))`), ...fifo]
    : fifo;
  // A spend only takes lots still valid now; a reversal may also take a lot that has expired but
  // that the expiry job has not closed yet (it reverses what the purchase gave).
  const usable = debit.allowDebt ? sql`true` : gt(pointsLots.expiresAt, now);
  const lots = await db
    .select({ id: pointsLots.id, remaining: pointsLots.remaining })
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, debit.memberId), gt(pointsLots.remaining, 0), usable))
    .orderBy(...order);
  const available = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  if (!debit.allowDebt && available < debit.points) throw new AppError("insufficient_points");

  const [entry] = await db
    .insert(pointsEntries)
    .values({ ...entryValues(debit), kind: debit.kind, points: -debit.points, occurredAt })
    .returning({ id: pointsEntries.id });
  const takes: { lotId: number; points: number }[] = [];
  let left = debit.points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    takes.push({ lotId: lot.id, points: take });
    left -= take;
  }
  await allocate(db, entry!.id, takes);
  return { entryId: entry!.id, allocated: debit.points - left, debt: left };
}

/** Records takes from lots for one negative entry and lowers the lots' remaining points to match. */
async function allocate(db: Db, entryId: number, takes: { lotId: number; points: number }[]) {
  if (takes.length === 0) return;
  await db.insert(pointsAllocations).values(takes.map((t) => ({ entryId, lotId: t.lotId, points: t.points })));
  const values = sql.join(
    takes.map((t) => sql`(${t.lotId}::bigint, ${t.points}::int)`),
    sql`, `,
  );
  await db.execute(sql`update points_lots l set remaining = l.remaining - v.take from (values ${values}) as v(id, take) where l.id = v.id`);
}

/** Negative entries not yet fully allocated, oldest first (the member's debt), and the balance. */
async function outstandingDebts(db: Db, memberId: string): Promise<{ debts: { entryId: number; owed: number }[]; balance: number }> {
  // Cheap test first: with no debt, the lots' remaining points equal the balance.
  const [totals] = rowsOf<{ balance: number; open: number }>(
    await db.execute(sql`
      select coalesce((select sum(points) from points_entries where member_id = ${memberId}), 0)::int as balance,
             coalesce((select sum(remaining) from points_lots where member_id = ${memberId} and remaining > 0), 0)::int as open`),
  );
  const balance = Number(totals?.balance ?? 0);
  if (!totals || Number(totals.open) - balance <= 0) return { debts: [], balance };
  const rows = rowsOf<{ entry_id: number; owed: number }>(
    await db.execute(sql`
      select e.id as entry_id, (-e.points - coalesce(sum(a.points), 0))::int as owed
        from points_entries e
        left join points_allocations a on a.entry_id = e.id
       where e.member_id = ${memberId} and e.points < 0
       group by e.id
      having -e.points > coalesce(sum(a.points), 0)
       order by e.id`),
  );
  return { debts: rows.map((r) => ({ entryId: Number(r.entry_id), owed: Number(r.owed) })), balance };
}

/** Latest expiry among the lots an entry consumed (points paid with come back expiring like them). */
export async function latestExpiryOfAllocations(db: Db, entryIds: number[]): Promise<Date | null> {
  if (entryIds.length === 0) return null;
  const [row] = await db
    .select({ latest: sql<Date | null>`max(${pointsLots.expiresAt})` })
    .from(pointsAllocations)
    .innerJoin(pointsLots, eq(pointsLots.id, pointsAllocations.lotId))
    .where(inArray(pointsAllocations.entryId, entryIds));
  return row?.latest ? new Date(row.latest) : null;
}

/**
 * Closes every lot that has expired by `now`: one expiry entry per lot taking what is left, with its
 * allocation. Set-based, in chunks; idempotent (a closed lot has nothing left to expire).
 */
export async function expirePoints(db: Db, now: Date = new Date(), chunkSize = 5000): Promise<{ lots: number; points: number; members: number }> {
  let lots = 0;
  let points = 0;
  const memberIds = new Set<string>();
  for (;;) {
    const rows = rowsOf<{ member_id: string; remaining: number }>(
      await db.execute(sql`
        with due as (
          select id as lot_id, member_id, remaining, expires_at,
                 nextval(pg_get_serial_sequence('points_entries', 'id')) as entry_id
            from points_lots
           where remaining > 0 and expires_at <= ${now.toISOString()}::timestamptz
           order by id
           limit ${chunkSize}
             for update
        ),
        entries as (
          insert into points_entries (id, member_id, kind, points, occurred_at, reason)
          select entry_id, member_id, 'expiry', -remaining, expires_at, 'expired' from due
        ),
        allocations as (
          insert into points_allocations (entry_id, lot_id, points) select entry_id, lot_id, remaining from due
        ),
        closed as (
          update points_lots l set remaining = 0 from due where l.id = due.lot_id
        )
        select member_id, remaining from due`),
    );
    for (const row of rows) {
      lots += 1;
      points += Number(row.remaining);
      memberIds.add(row.member_id);
    }
    if (rows.length < chunkSize) break;
  }
  return { lots, points, members: memberIds.size };
}

function entryValues(fields: EntryFields) {
  return {
    memberId: fields.memberId,
    storeId: fields.storeId ?? null,
    transactionId: fields.transactionId ?? null,
    redemptionId: fields.redemptionId ?? null,
    adjustmentId: fields.adjustmentId ?? null,
    reason: fields.reason ?? null,
    createdBy: fields.createdBy ?? null,
  };
}

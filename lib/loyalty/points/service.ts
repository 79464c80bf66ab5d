import { TZDate } from "@date-fns/tz";
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { members, pointsAllocations, pointsEntries, pointsLots, stores, type pointsEntryKind } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * The points ledger (docs/domain.md, Points). Entries are append-only and a balance is their sum. A
 * positive entry opens a lot that expires at the end of the next calendar year; a negative entry
 * consumes lots first-expiring-first and records each take in points_allocations, so refunds and
 * expiry reverse exactly what was taken. What a negative entry could not take is a debt, repaid
 * first by the next points earned.
 *
 * Concurrency: every function here expects the caller to hold the member's row lock
 * (`lockMemberForPoints`) in the same transaction, so two spends for one member run one after the
 * other and the second sees the first's allocations.
 */

export type PointsEntryKind = (typeof pointsEntryKind.enumValues)[number];

/** A member's tier state and home-store time zone: what the ledger and the tier rules need to know. */
export const memberStateColumns = {
  id: members.id,
  tier: members.tier,
  homeStoreId: members.homeStoreId,
  timeZone: stores.timeZone,
  tierSince: members.tierSince,
  tierGrantedUntil: members.tierGrantedUntil,
};
export type LockedMember = {
  id: string;
  tier: string;
  homeStoreId: string;
  timeZone: string;
  tierSince: Date;
  tierGrantedUntil: string | null;
};

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

/** A member's ledger totals: the balance (the sum of entries) and the points still open in lots. Open beyond the balance is debt. */
export type LedgerTotals = { balance: number; open: number };

/** A negative entry not yet fully allocated (points still owed), repaid first by the next points earned. */
export type Debt = { entryId: number; owed: number };

export async function ledgerTotals(db: Db, memberId: string): Promise<LedgerTotals> {
  const [totals] = rowsOf<{ balance: number; open: number }>(
    await db.execute(sql`
      select coalesce((select sum(points) from points_entries where member_id = ${memberId}), 0)::int as balance,
             coalesce((select sum(remaining) from points_lots where member_id = ${memberId} and remaining > 0), 0)::int as open`),
  );
  return { balance: Number(totals?.balance ?? 0), open: Number(totals?.open ?? 0) };
}

/** The member's debts, oldest first; read only when the totals show open lots beyond the balance. */
export async function outstandingDebts(db: Db, memberId: string, totals: LedgerTotals): Promise<Debt[]> {
  if (totals.open - totals.balance <= 0) return [];
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
  return rows.map((r) => ({ entryId: Number(r.entry_id), owed: Number(r.owed) }));
}

/** How `points` new points repay `debts` oldest first: the repayments, what is left for the new lot, and the debts still owed. */
export function repayDebts(
  debts: readonly Debt[],
  points: number,
): { repayments: { entryId: number; points: number }[]; remaining: number; debtsLeft: Debt[] } {
  let remaining = points;
  const repayments: { entryId: number; points: number }[] = [];
  const debtsLeft: Debt[] = [];
  for (const debt of debts) {
    const take = Math.min(remaining, debt.owed);
    if (take > 0) repayments.push({ entryId: debt.entryId, points: take });
    if (debt.owed > take) debtsLeft.push({ entryId: debt.entryId, owed: debt.owed - take });
    remaining -= take;
  }
  return { repayments, remaining, debtsLeft };
}

/**
 * Writes a credit whose debt repayments are already planned (`repayDebts`): its entry, its lot
 * holding what the repayments leave, and the repayments' allocations, in one statement.
 */
export async function writeCredit(
  db: Db,
  credit: Credit,
  repayments: readonly { entryId: number; points: number }[],
): Promise<{ entryId: number; lotId: number }> {
  if (!Number.isInteger(credit.points) || credit.points <= 0)
    throw new Error("creditPoints needs a positive whole number of points");
  const occurredAt = (credit.occurredAt ?? new Date()).toISOString();
  const repaid = repayments.reduce((sum, r) => sum + r.points, 0);
  const v = entryValues(credit);
  const allocations =
    repayments.length === 0
      ? sql``
      : sql`, repaid as (
          insert into points_allocations (entry_id, lot_id, points)
          select r.entry_id, lot.id, r.points from lot, (values ${sql.join(
            repayments.map((r) => sql`(${r.entryId}::bigint, ${r.points}::int)`),
            sql`, `,
          )}) as r(entry_id, points))`;
  const [row] = rowsOf<{ entry_id: number; lot_id: number }>(
    await db.execute(sql`
      with entry as (
        insert into points_entries (member_id, kind, points, occurred_at, store_id, transaction_id, redemption_id, adjustment_id, reason, created_by)
        values (${v.memberId}::uuid, ${credit.kind}::points_entry_kind, ${credit.points}::int, ${occurredAt}::timestamptz, ${v.storeId}::uuid,
                ${v.transactionId}::uuid, ${v.redemptionId}::uuid, ${v.adjustmentId}::uuid, ${v.reason}::text, ${v.createdBy}::uuid)
        returning id
      ), lot as (
        insert into points_lots (member_id, entry_id, points, remaining, earned_at, expires_at)
        select ${v.memberId}::uuid, entry.id, ${credit.points}::int, ${credit.points - repaid}::int, ${occurredAt}::timestamptz, ${credit.expiresAt.toISOString()}::timestamptz
          from entry
        returning id
      )${allocations}
      select entry.id as entry_id, lot.id as lot_id from entry, lot`),
  );
  return { entryId: Number(row!.entry_id), lotId: Number(row!.lot_id) };
}

/** Adds points: one entry and its lot. Outstanding debt is repaid from the new lot first. */
export async function creditPoints(
  db: Db,
  credit: Credit,
): Promise<{ entryId: number; lotId: number; debtRepaid: number; balanceAfter: number }> {
  if (!Number.isInteger(credit.points) || credit.points <= 0)
    throw new Error("creditPoints needs a positive whole number of points");
  const totals = await ledgerTotals(db, credit.memberId);
  const { repayments, remaining } = repayDebts(await outstandingDebts(db, credit.memberId, totals), credit.points);
  const { entryId, lotId } = await writeCredit(db, credit, repayments);
  return { entryId, lotId, debtRepaid: credit.points - remaining, balanceAfter: totals.balance + credit.points };
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
  if (!Number.isInteger(debit.points) || debit.points <= 0)
    throw new Error("debitPoints needs a positive whole number of points");
  const occurredAt = debit.occurredAt ?? new Date();
  const now = new Date();
  const fifo = [asc(pointsLots.expiresAt), asc(pointsLots.id)];
  const order = debit.preferLotsOfTransaction
    ? [
        desc(
          sql`(${pointsLots.entryId} in (select id from points_entries where transaction_id = ${debit.preferLotsOfTransaction} and points > 0))`,
        ),
        ...fifo,
      ]
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
  await db.execute(
    sql`update points_lots l set remaining = l.remaining - v.take from (values ${values}) as v(id, take) where l.id = v.id`,
  );
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
export async function expirePoints(
  db: Db,
  now: Date = new Date(),
  chunkSize = 5000,
): Promise<{ lots: number; points: number; members: number }> {
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

import { TZDate } from "@date-fns/tz";
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf, runStatement } from "@/db/client";
import { members, pointsAllocations, pointsEntries, pointsLots, stores, type pointsEntryKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { perLocalDay } from "@/lib/time";

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

/** A POS reference to a member, already normalised: the E.164 phone or the member card number. */
export type MemberKey = { phoneE164: string } | { cardNo: string };

/**
 * Locks a live (not merged) member's row for the rest of the transaction; null when there is none.
 * Takes a member id, a POS reference (a look-up by phone or card in the same statement), or a WHERE
 * condition on members. An id or a reference runs a statement written once (the POS hot path).
 */
export async function lockMemberForPoints(db: Db, member: string | MemberKey | SQL): Promise<LockedMember | null> {
  if (typeof member === "string" || "phoneE164" in member || "cardNo" in member) {
    const [text, key] =
      typeof member === "string"
        ? [LOCK_MEMBER_BY_ID, member]
        : "phoneE164" in member
          ? [LOCK_MEMBER_BY_PHONE, member.phoneE164]
          : [LOCK_MEMBER_BY_CARD, member.cardNo];
    const [row] = await runStatement<LockedMemberRow>(db, text, [key]);
    return row ? lockedMember(row) : null;
  }
  const [row] = await db
    .select(memberStateColumns)
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(member, sql`${members.mergedIntoId} is null`))
    .for("update", { of: members });
  return row ?? null;
}

type LockedMemberRow = {
  id: string;
  tier: string;
  home_store_id: string;
  time_zone: string;
  tier_since: string | Date;
  tier_granted_until: string | null;
};

function lockedMember(row: LockedMemberRow): LockedMember {
  return {
    id: row.id,
    tier: row.tier,
    homeStoreId: row.home_store_id,
    timeZone: row.time_zone,
    tierSince: new Date(row.tier_since),
    tierGrantedUntil: row.tier_granted_until,
  };
}

const lockMemberWhere = (condition: string) => `
  select m.id, m.tier, m.home_store_id, s.time_zone, m.tier_since, m.tier_granted_until::text as tier_granted_until
    from members m
    join stores s on s.id = m.home_store_id
   where ${condition} and m.merged_into_id is null
     for update of m`;
const LOCK_MEMBER_BY_ID = lockMemberWhere("m.id = $1::uuid");
const LOCK_MEMBER_BY_PHONE = lockMemberWhere("m.phone_e164 = $1::text");
const LOCK_MEMBER_BY_CARD = lockMemberWhere(
  "m.id = (select c.member_id from member_cards c where c.card_no = $1::text)",
);

/** A lot earned at `earnedAt` expires at 23:59:59.999 on 31 December of the following year, store time. */
export function lotExpiry(earnedAt: Date, timeZone: string): Date {
  return new Date(lotExpiryTime(earnedAt, timeZone));
}

// Once per store time zone and day: every purchase asks.
const lotExpiryTime = perLocalDay((earnedAt: Date, timeZone: string): number => {
  const year = new TZDate(earnedAt.getTime(), timeZone).getFullYear();
  return new TZDate(year + 2, 0, 1, 0, 0, 0, 0, timeZone).getTime() - 1;
});

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
  const [totals] = await runStatement<{ balance: number; open: number }>(db, LEDGER_TOTALS, [memberId]);
  return { balance: Number(totals?.balance ?? 0), open: Number(totals?.open ?? 0) };
}

const LEDGER_TOTALS = `
  select coalesce((select sum(points) from points_entries where member_id = $1::uuid), 0)::int as balance,
         coalesce((select sum(remaining) from points_lots where member_id = $1::uuid and remaining > 0), 0)::int as open`;

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

/** A credit with its debt repayments already planned (`repayDebts`). */
export type PlannedCredit = { credit: Credit; repayments: readonly { entryId: number; points: number }[] };

/**
 * Writes credits whose debt repayments are already planned (`repayDebts`), in one statement: an
 * entry per credit, its lot holding what the repayments leave, and the repayments' allocations.
 * Entry ids follow the order of `credits`. The one place that writes a credit's rows.
 */
export async function writeCredits(
  db: Db,
  credits: readonly PlannedCredit[],
): Promise<{ entryId: number; lotId: number }[]> {
  if (credits.length === 0) return [];
  const columns = {
    member: [] as string[],
    kind: [] as string[],
    points: [] as number[],
    occurredAt: [] as string[],
    store: [] as (string | null)[],
    transaction: [] as (string | null)[],
    redemption: [] as (string | null)[],
    adjustment: [] as (string | null)[],
    reason: [] as (string | null)[],
    createdBy: [] as (string | null)[],
    remaining: [] as number[],
    expiresAt: [] as string[],
  };
  const repaid = { credit: [] as number[], entry: [] as number[], points: [] as number[] };
  credits.forEach(({ credit, repayments }, i) => {
    if (!Number.isInteger(credit.points) || credit.points <= 0)
      throw new Error("creditPoints needs a positive whole number of points");
    const v = entryValues(credit);
    columns.member.push(v.memberId);
    columns.kind.push(credit.kind);
    columns.points.push(credit.points);
    columns.occurredAt.push((credit.occurredAt ?? new Date()).toISOString());
    columns.store.push(v.storeId);
    columns.transaction.push(v.transactionId);
    columns.redemption.push(v.redemptionId);
    columns.adjustment.push(v.adjustmentId);
    columns.reason.push(v.reason);
    columns.createdBy.push(v.createdBy);
    columns.remaining.push(credit.points - repayments.reduce((sum, r) => sum + r.points, 0));
    columns.expiresAt.push(credit.expiresAt.toISOString());
    for (const r of repayments) {
      repaid.credit.push(i + 1);
      repaid.entry.push(r.entryId);
      repaid.points.push(r.points);
    }
  });
  const rows = await runStatement<{ entry_id: string | number; lot_id: string | number }>(db, WRITE_CREDITS, [
    ...Object.values(columns),
    repaid.credit,
    repaid.entry,
    repaid.points,
  ]);
  return rows.map((row) => ({ entryId: Number(row.entry_id), lotId: Number(row.lot_id) }));
}

// Entry ids are drawn first (in the credits' order), so that each lot and allocation can name its entry.
const WRITE_CREDITS = `
  with credit as (
    select nextval(pg_get_serial_sequence('points_entries', 'id')) as entry_id, c.*
      from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::uuid[],
                  $7::uuid[], $8::uuid[], $9::text[], $10::uuid[], $11::int[], $12::text[])
           with ordinality as c(member_id, kind, points, occurred_at, store_id, transaction_id,
                                redemption_id, adjustment_id, reason, created_by, remaining, expires_at, n)
     order by c.n
  ), entry as (
    insert into points_entries (id, member_id, kind, points, occurred_at, store_id, transaction_id, redemption_id, adjustment_id, reason, created_by)
    select entry_id, member_id, kind::points_entry_kind, points, occurred_at::timestamptz, store_id, transaction_id, redemption_id, adjustment_id, reason, created_by
      from credit
  ), lot as (
    insert into points_lots (member_id, entry_id, points, remaining, earned_at, expires_at)
    select member_id, entry_id, points, remaining, occurred_at::timestamptz, expires_at::timestamptz from credit
    returning id, entry_id
  ), repaid as (
    insert into points_allocations (entry_id, lot_id, points)
    select r.entry_id, lot.id, r.points
      from unnest($13::int[], $14::bigint[], $15::int[]) as r(credit_no, entry_id, points)
      join credit on credit.n = r.credit_no
      join lot on lot.entry_id = credit.entry_id
  )
  select credit.entry_id, lot.id as lot_id from credit join lot on lot.entry_id = credit.entry_id order by credit.n`;

/** writeCredits for one credit. */
export async function writeCredit(
  db: Db,
  credit: Credit,
  repayments: readonly { entryId: number; points: number }[],
): Promise<{ entryId: number; lotId: number }> {
  const [written] = await writeCredits(db, [{ credit, repayments }]);
  return written!;
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

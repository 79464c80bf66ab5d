import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf, runStatement } from "@/db/client";
import { members, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { localDate } from "@/lib/time";
import { memberStateColumns, type LockedMember } from "../points/service";
import { TIER_CODES } from "../programme/rules";
import { rollingWindowStart } from "./calendar";

/**
 * The rolling 12-month net spend that tiers are reached and kept by (the window: calendar.ts), for
 * one member or set-based for many, and the SQL pieces the set-based tier statements share.
 */

/** Net spend of one member in [from, to], in fen (purchases minus refunds at their own time). */
export async function spendBetween(
  db: Db,
  memberId: string,
  from: Date,
  to: Date,
  excludingTransactionId?: string,
): Promise<number> {
  const [row] = await runStatement<{ fen: string }>(db, SPEND_BETWEEN, [
    memberId,
    from.toISOString(),
    to.toISOString(),
    excludingTransactionId ?? null,
  ]);
  return Number(row?.fen ?? 0);
}

// Every purchase runs this (the tier check): text written once, not built.
const SPEND_BETWEEN = `
  select coalesce(sum(net_paid_fen), 0)::text as fen
    from sales_transactions
   where member_id = $1::uuid and occurred_at >= $2::timestamptz and occurred_at <= $3::timestamptz
     and ($4::uuid is null or id <> $4::uuid)`;

export type MemberTierState = LockedMember;

/** The member's tier state with the home store's time zone; null when there is no such member. */
export async function memberTierState(db: Db, memberId: string): Promise<MemberTierState | null> {
  const [row] = await db
    .select(memberStateColumns)
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(eq(members.id, memberId));
  return row ?? null;
}

/** Rolling 12-month net spend of one member at `at`, in fen (purchases minus refunds). */
export async function rollingSpendFen(db: Db, memberId: string, at: Date = new Date()): Promise<number> {
  const member = await memberTierState(db, memberId);
  if (!member) throw new AppError("member_not_found");
  return memberSpendFen(db, member, at);
}

/**
 * rollingSpendFen for a member whose home-store time zone is already known; `excludingTransactionId`
 * leaves out one sale (a purchase being recorded adds its own amount, whether or not its row is there yet).
 */
export function memberSpendFen(
  db: Db,
  member: Pick<MemberTierState, "id" | "timeZone">,
  at: Date,
  excludingTransactionId?: string,
): Promise<number> {
  return spendBetween(db, member.id, rollingWindowStart(at, member.timeZone), at, excludingTransactionId);
}

/**
 * Every store time zone with its window start and local date at `at`, as a VALUES list
 * `z(time_zone, since, today)`: the date arithmetic stays in date-fns (one definition, calendar.ts) and
 * the set-based queries join members to it through their home store. Null when there are no stores.
 */
export async function zoneWindows(db: Db, at: Date): Promise<SQL | null> {
  const zones = rowsOf<{ time_zone: string }>(await db.execute(sql`select distinct time_zone from stores`));
  if (zones.length === 0) return null;
  const rows = zones.map(
    ({ time_zone: zone }) =>
      sql`(${zone}::text, ${rollingWindowStart(at, zone).toISOString()}::timestamptz, ${localDate(at, zone)}::date)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)}) as z(time_zone, since, today)`;
}

/** A list of ids as SQL uuid literals, for `in (…)`. */
export function uuidList(ids: readonly string[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

/** Rolling 12-month net spend of many members at once (one statement); members without sales get 0. */
export async function rollingSpendsFen(
  db: Db,
  memberIds: readonly string[],
  at: Date = new Date(),
): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const zones = await zoneWindows(db, at);
  return zones ? spendsInZones(db, zones, memberIds, at) : new Map();
}

/** rollingSpendsFen with the zone windows already built (they must be for the same `at`). */
export async function spendsInZones(
  db: Db,
  zones: SQL,
  memberIds: readonly string[],
  at: Date,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (memberIds.length === 0) return result;
  // Lateral: index probes per member (sales_transactions (member_id, occurred_at)), whatever the table's size.
  const rows = rowsOf<{ member_id: string; fen: string | number }>(
    await db.execute(sql`
      select m.id as member_id, sp.fen
        from members m
        join stores s on s.id = m.home_store_id
        join ${zones} on z.time_zone = s.time_zone
        cross join lateral (
          select coalesce(sum(t.net_paid_fen), 0) as fen
            from sales_transactions t
           where t.member_id = m.id and t.occurred_at >= z.since and t.occurred_at <= ${at.toISOString()}::timestamptz
        ) sp
       where m.id in (${uuidList(memberIds)})
    `),
  );
  for (const row of rows) result.set(row.member_id, Number(row.fen));
  return result;
}

/** The tier codes in order, as a SQL text[] (index + 1 = tier index). */
export const TIER_CODE_ARRAY = sql`array[${sql.join(
  TIER_CODES.map((code) => sql`${code}`),
  sql`, `,
)}]::text[]`;

import { tz } from "@date-fns/tz";
import { addDays, startOfDay } from "date-fns";
import { asc, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, pointsEntries, pointsLots, storedValueCards, storedValueEntries, stores } from "@/db/schema";
import { authorize, storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { EARN_RULES } from "@/lib/loyalty/programme/rules";
import { settingAt } from "@/lib/settings/versioned";

/**
 * Loyalty liability per store (what the programme owes its members):
 * - points, counted at the member's home store: outstanding = what is left in lots that have not
 *   expired; expiring = the part of it in lots expiring by the end of the 90th local day from today
 *   (store time zone); members whose balance (sum of entries) is below zero, and what they owe.
 *   Values at the cash-offset rate (default 100 points = ¥1, so 1 point = 1 fen).
 * - stored value, counted at the card's issuing store: cards in use (active or frozen), balance
 *   split into principal and bonus (sums of the ledger), and the part on frozen cards.
 * Only stores in the staff member's scope; permission `loyalty.reports`.
 */

export const LIABILITY_EXPIRY_DAYS = 90;

export type LiabilityFigures = {
  outstandingPoints: number;
  outstandingValueFen: number;
  expiringPoints: number;
  expiringValueFen: number;
  debtMembers: number;
  debtPoints: number;
  debtValueFen: number;
  cards: number;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
  frozenCards: number;
  frozenBalanceFen: number;
};

export type LiabilityRow = {
  store: { id: string; code: string; name: string; nameEn: string | null; timeZone: string };
} & LiabilityFigures;

export type LiabilityReport = {
  generatedAt: Date;
  /** Points worth one yuan (the cash-offset rate in force). */
  pointsPerYuan: number;
  rows: LiabilityRow[];
  totals: LiabilityFigures;
};

const FIGURES: (keyof LiabilityFigures)[] = [
  "outstandingPoints",
  "outstandingValueFen",
  "expiringPoints",
  "expiringValueFen",
  "debtMembers",
  "debtPoints",
  "debtValueFen",
  "cards",
  "principalFen",
  "bonusFen",
  "balanceFen",
  "frozenCards",
  "frozenBalanceFen",
];

/** The value in fen of `points` at `pointsPerYuan` points to the yuan (rounded down to the fen). */
export function pointsValueFen(points: number, pointsPerYuan: number): number {
  return Number((BigInt(points) * 100n) / BigInt(pointsPerYuan));
}

export async function loyaltyLiabilityReport(
  db: Db,
  staff: StaffPrincipal,
  now: Date = new Date(),
): Promise<LiabilityReport> {
  authorize(staff, "loyalty.reports");
  const scope = storeScopeOf(staff);
  const [storeRows, rules] = await Promise.all([
    db
      .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
      .from(stores)
      .where(storeFilter(stores.id, scope))
      .orderBy(asc(stores.code)),
    settingAt(db, EARN_RULES, now),
  ]);
  const pointsPerYuan = rules.cashOffsetPointsPerYuan;
  if (storeRows.length === 0)
    return {
      generatedAt: now,
      pointsPerYuan,
      rows: [],
      totals: Object.fromEntries(FIGURES.map((f) => [f, 0])) as LiabilityFigures,
    };

  // Each store's "next 90 days" ends at its own local midnight: one horizon per store, joined in as a
  // VALUES list, which is also the store scope of the points queries (only stores in scope are in it).
  const horizons = sql.join(
    storeRows.map((store) => {
      const zone = tz(store.timeZone);
      const horizon = new Date(
        startOfDay(addDays(now, LIABILITY_EXPIRY_DAYS + 1, { in: zone }), { in: zone }).getTime(),
      );
      return sql`(${store.id}::uuid, ${horizon.toISOString()}::timestamptz)`;
    }),
    sql`, `,
  );

  // The stores in scope, as the WHERE of the stored-value query.
  const storeIds = sql.join(
    storeRows.map((store) => sql`${store.id}::uuid`),
    sql`, `,
  );

  type LotRow = { store_id: string; outstanding: string | number; expiring: string | number };
  type DebtRow = { store_id: string; members: string | number; points: string | number };
  type CardRow = {
    store_id: string;
    cards: string | number;
    frozen_cards: string | number;
    principal: string | number;
    bonus: string | number;
    frozen_balance: string | number;
  };
  const [lotResult, debtResult, cardResult] = await Promise.all([
    db.execute(sql`
      select m.home_store_id as store_id,
             coalesce(sum(l.remaining), 0)::bigint as outstanding,
             coalesce(sum(l.remaining) filter (where l.expires_at < h.horizon), 0)::bigint as expiring
        from ${pointsLots} l
        join ${members} m on m.id = l.member_id
        join (values ${horizons}) as h(store_id, horizon) on h.store_id = m.home_store_id
       where l.remaining > 0 and l.expires_at > ${now.toISOString()}::timestamptz
       group by m.home_store_id`),
    // A balance is the sum of a member's entries; below zero is a debt (a refund after spending).
    db.execute(sql`
      select d.home_store_id as store_id, count(*)::int as members, coalesce(sum(-d.balance), 0)::bigint as points
        from (select m.home_store_id, sum(e.points) as balance
                from ${pointsEntries} e
                join ${members} m on m.id = e.member_id
                join (values ${horizons}) as h(store_id, horizon) on h.store_id = m.home_store_id
               group by e.member_id, m.home_store_id
              having sum(e.points) < 0) d
       group by d.home_store_id`),
    db.execute(sql`
      select c.store_id,
             count(*) filter (where c.status in ('active', 'frozen'))::int as cards,
             count(*) filter (where c.status = 'frozen')::int as frozen_cards,
             coalesce(sum(s.principal), 0)::bigint as principal,
             coalesce(sum(s.bonus), 0)::bigint as bonus,
             coalesce(sum(s.principal + s.bonus) filter (where c.status = 'frozen'), 0)::bigint as frozen_balance
        from ${storedValueCards} c
        left join (select card_id, sum(principal_fen) as principal, sum(bonus_fen) as bonus
                     from ${storedValueEntries} group by card_id) s on s.card_id = c.id
       where c.store_id in (${storeIds})
       group by c.store_id`),
  ]);

  const lotsByStore = new Map(rowsOf<LotRow>(lotResult).map((row) => [row.store_id, row]));
  const debtsByStore = new Map(rowsOf<DebtRow>(debtResult).map((row) => [row.store_id, row]));
  const cardsByStore = new Map(rowsOf<CardRow>(cardResult).map((row) => [row.store_id, row]));

  const rows: LiabilityRow[] = storeRows.map((store) => {
    const lots = lotsByStore.get(store.id);
    const debts = debtsByStore.get(store.id);
    const cards = cardsByStore.get(store.id);
    const outstandingPoints = Number(lots?.outstanding ?? 0);
    const expiringPoints = Number(lots?.expiring ?? 0);
    const debtPoints = Number(debts?.points ?? 0);
    const principalFen = Number(cards?.principal ?? 0);
    const bonusFen = Number(cards?.bonus ?? 0);
    return {
      store,
      outstandingPoints,
      outstandingValueFen: pointsValueFen(outstandingPoints, pointsPerYuan),
      expiringPoints,
      expiringValueFen: pointsValueFen(expiringPoints, pointsPerYuan),
      debtMembers: Number(debts?.members ?? 0),
      debtPoints,
      debtValueFen: pointsValueFen(debtPoints, pointsPerYuan),
      cards: Number(cards?.cards ?? 0),
      principalFen,
      bonusFen,
      balanceFen: principalFen + bonusFen,
      frozenCards: Number(cards?.frozen_cards ?? 0),
      frozenBalanceFen: Number(cards?.frozen_balance ?? 0),
    };
  });
  // The totals row adds up the rows, so that the columns of the table and of the CSV add up exactly.
  const totals = Object.fromEntries(
    FIGURES.map((figure) => [figure, rows.reduce((sum, row) => sum + row[figure], 0)]),
  ) as LiabilityFigures;
  return { generatedAt: now, pointsPerYuan, rows, totals };
}

import { tz } from "@date-fns/tz";
import { addDays, format, parse, startOfDay } from "date-fns";
import { and, asc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  memberCards,
  pointsEntries,
  pointsLots,
  salesTransactions,
  storedValueCards,
  storedValueEntries,
  stores,
} from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName } from "@/lib/members/masking";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { localDate, startOfLocalDay } from "@/lib/time";
import type { PointsEntryKind } from "../points/service";
import type { CardStatus } from "../stored-value/schemas";
import type { StatementPeriod } from "./schemas";

/**
 * A member's statement for a period of local dates (the home store's time zone): points opening
 * balance, every entry in the period with the running balance, closing balance, the points that
 * expire in the next 90 days, purchases and refunds, and the stored-value cards with their balances.
 * The balance is always the sum of entries (docs/domain.md, Points); nothing here stores one.
 */

/** "Expiring soon" on the statement: lots expiring from now to the end of the 90th local day after today. */
export const STATEMENT_EXPIRY_DAYS = 90;

const DAY = "yyyy-MM-dd";

export type StatementStore = { code: string; name: string; nameEn: string | null };

export type StatementPointsEntry = {
  id: number;
  occurredAt: Date;
  kind: PointsEntryKind;
  points: number;
  /** The balance right after this entry. */
  balance: number;
  store: StatementStore | null;
};

export type StatementTransaction = {
  id: string;
  occurredAt: Date;
  kind: "purchase" | "refund";
  /** The POS receipt number (a refund's own id). */
  externalId: string;
  store: StatementStore;
  /** Everything paid, whatever the method; negative for a refund. */
  amountFen: number;
  /** Points earned (bonus included), or reversed by a refund (negative). */
  points: number;
};

export type StatementCard = {
  /** Only the last four digits: a stored-value card is a means of payment. */
  maskedCardNo: string;
  status: CardStatus;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
};

export type MemberStatement = {
  memberId: string;
  maskedName: string;
  memberCardNos: string[];
  tier: string;
  homeStore: StatementStore & { id: string };
  timeZone: string;
  period: StatementPeriod;
  /** 00:00 local on `from`, and 00:00 local on the day after `to` (exclusive). */
  startsAt: Date;
  endsBefore: Date;
  generatedAt: Date;
  points: {
    opening: number;
    closing: number;
    entries: StatementPointsEntry[];
    expiring: {
      /** The last local day counted. */
      until: string;
      total: number;
      /** Per local expiry date, earliest first. */
      byDate: { expiresOn: string; points: number }[];
    };
  };
  transactions: StatementTransaction[];
  cards: StatementCard[];
};

function maskCardNo(cardNo: string): string {
  return cardNo.length <= 4 ? "****" : `****${cardNo.slice(-4)}`;
}

const sumInt = (column: unknown) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);

/**
 * Reads a member's statement for a period. The member must be in the staff member's scope (home
 * store among their stores, not merged away); otherwise not found. Reads only.
 */
export async function loadMemberStatement(
  db: Db,
  staff: StaffPrincipal,
  memberId: string,
  period: StatementPeriod,
  now: Date = new Date(),
): Promise<MemberStatement> {
  const member = await memberInScopeOrThrow(db, staff, memberId);
  const [homeStore] = await db
    .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, member.homeStoreId));
  if (!homeStore) throw new AppError("not_found");
  const timeZone = homeStore.timeZone;
  const zone = tz(timeZone);

  const startsAt = startOfLocalDay(period.from, timeZone);
  const endsBefore = new Date(addDays(parse(period.to, DAY, new Date(), { in: zone }), 1, { in: zone }).getTime());
  const expiryHorizon = new Date(
    startOfDay(addDays(now, STATEMENT_EXPIRY_DAYS + 1, { in: zone }), { in: zone }).getTime(),
  );

  const [cardRows, [opening], entryRows, expiringRows, transactionRows, storedValueRows] = await Promise.all([
    db
      .select({ cardNo: memberCards.cardNo })
      .from(memberCards)
      .where(eq(memberCards.memberId, member.id))
      .orderBy(asc(memberCards.createdAt), asc(memberCards.cardNo)),
    db
      .select({ points: sumInt(pointsEntries.points) })
      .from(pointsEntries)
      .where(and(eq(pointsEntries.memberId, member.id), lt(pointsEntries.occurredAt, startsAt))),
    db
      .select({
        id: pointsEntries.id,
        occurredAt: pointsEntries.occurredAt,
        kind: pointsEntries.kind,
        points: pointsEntries.points,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
      })
      .from(pointsEntries)
      .leftJoin(stores, eq(stores.id, pointsEntries.storeId))
      .where(
        and(
          eq(pointsEntries.memberId, member.id),
          gte(pointsEntries.occurredAt, startsAt),
          lt(pointsEntries.occurredAt, endsBefore),
        ),
      )
      .orderBy(asc(pointsEntries.occurredAt), asc(pointsEntries.id)),
    db
      .select({ expiresAt: pointsLots.expiresAt, points: sumInt(pointsLots.remaining) })
      .from(pointsLots)
      .where(
        and(
          eq(pointsLots.memberId, member.id),
          gt(pointsLots.remaining, 0),
          gt(pointsLots.expiresAt, now),
          lt(pointsLots.expiresAt, expiryHorizon),
        ),
      )
      .groupBy(pointsLots.expiresAt)
      .orderBy(asc(pointsLots.expiresAt)),
    db
      .select({
        id: salesTransactions.id,
        occurredAt: salesTransactions.occurredAt,
        kind: salesTransactions.kind,
        externalId: salesTransactions.externalId,
        amountFen: salesTransactions.totalPaidFen,
        pointsEarned: salesTransactions.pointsEarned,
        bonusPoints: salesTransactions.bonusPoints,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
      })
      .from(salesTransactions)
      .innerJoin(stores, eq(stores.id, salesTransactions.storeId))
      .where(
        and(
          eq(salesTransactions.memberId, member.id),
          gte(salesTransactions.occurredAt, startsAt),
          lt(salesTransactions.occurredAt, endsBefore),
        ),
      )
      .orderBy(asc(salesTransactions.occurredAt), asc(salesTransactions.createdAt)),
    db
      .select({
        cardNo: storedValueCards.cardNo,
        status: storedValueCards.status,
        principalFen: sumInt(storedValueEntries.principalFen),
        bonusFen: sumInt(storedValueEntries.bonusFen),
      })
      .from(storedValueCards)
      .leftJoin(storedValueEntries, eq(storedValueEntries.cardId, storedValueCards.id))
      .where(eq(storedValueCards.memberId, member.id))
      .groupBy(storedValueCards.id, storedValueCards.cardNo, storedValueCards.status, storedValueCards.issuedAt)
      .orderBy(asc(storedValueCards.issuedAt), asc(storedValueCards.cardNo)),
  ]);

  const openingBalance = opening?.points ?? 0;
  let balance = openingBalance;
  const entries: StatementPointsEntry[] = entryRows.map((row) => {
    balance += row.points;
    return {
      id: row.id,
      occurredAt: row.occurredAt,
      kind: row.kind,
      points: row.points,
      balance,
      store: row.storeCode ? { code: row.storeCode, name: row.storeName!, nameEn: row.storeNameEn } : null,
    };
  });

  // Lots expiring at different instants of one local day are one line on the statement.
  const byDate = new Map<string, number>();
  for (const row of expiringRows) {
    const day = localDate(row.expiresAt, timeZone);
    byDate.set(day, (byDate.get(day) ?? 0) + row.points);
  }

  return {
    memberId: member.id,
    maskedName: maskName(member.name),
    memberCardNos: cardRows.map((row) => row.cardNo),
    tier: member.tier,
    homeStore: { id: homeStore.id, code: homeStore.code, name: homeStore.name, nameEn: homeStore.nameEn },
    timeZone,
    period,
    startsAt,
    endsBefore,
    generatedAt: now,
    points: {
      opening: openingBalance,
      closing: balance,
      entries,
      expiring: {
        until: format(addDays(now, STATEMENT_EXPIRY_DAYS, { in: zone }), DAY, { in: zone }),
        total: [...byDate.values()].reduce((sum, points) => sum + points, 0),
        byDate: [...byDate].map(([expiresOn, points]) => ({ expiresOn, points })),
      },
    },
    transactions: transactionRows.map((row) => ({
      id: row.id,
      occurredAt: row.occurredAt,
      kind: row.kind,
      externalId: row.externalId,
      store: { code: row.storeCode, name: row.storeName, nameEn: row.storeNameEn },
      amountFen: row.amountFen,
      points: row.pointsEarned + row.bonusPoints,
    })),
    cards: storedValueRows.map((row) => ({
      maskedCardNo: maskCardNo(row.cardNo),
      status: row.status,
      principalFen: row.principalFen,
      bonusFen: row.bonusFen,
      balanceFen: row.principalFen + row.bonusFen,
    })),
  };
}

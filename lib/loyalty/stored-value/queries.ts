import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  memberCards,
  members,
  salesTransactions,
  staff,
  storedValueCards,
  storedValueEntries,
  stores,
} from "@/db/schema";
import { storeFilter, type StaffPrincipal, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams, listText } from "@/lib/list-params";
import { normalizeCardNo } from "@/lib/members/card-number";
import { maskName, maskPhone } from "@/lib/members/masking";
import { normalizeChinaMobile } from "@/lib/members/phone";
import { membersInScope } from "@/lib/members/scope";
import { settingAt, settingOverview, type SettingVersionView } from "@/lib/settings/versioned";
import { containsPattern } from "@/lib/sql-like";
import {
  CARD_STATUSES,
  normalizeStoredValueCardNo,
  TOP_UP_BONUS_RULE,
  type CardStatus,
  type StoredValueEntryKind,
  type TopUpBonusRule,
} from "./schemas";

// Correlated subqueries name the outer card explicitly: drizzle leaves column names unqualified in
// single-table selects, which would bind them to the inner table instead.
const CARD_ID = sql.raw(`"stored_value_cards"."id"`);
const principalOfCard =
  sql<number>`(select coalesce(sum(e.principal_fen), 0) from stored_value_entries e where e.card_id = ${CARD_ID})`.mapWith(
    Number,
  );
const bonusOfCard =
  sql<number>`(select coalesce(sum(e.bonus_fen), 0) from stored_value_entries e where e.card_id = ${CARD_ID})`.mapWith(
    Number,
  );
const balanceOfCard =
  sql<number>`(select coalesce(sum(e.principal_fen + e.bonus_fen), 0) from stored_value_entries e where e.card_id = ${CARD_ID})`.mapWith(
    Number,
  );

export type CardStore = { id: string; code: string; name: string; nameEn: string | null; timeZone: string };

const storeColumns = {
  id: stores.id,
  code: stores.code,
  name: stores.name,
  nameEn: stores.nameEn,
  timeZone: stores.timeZone,
};

// ── List ──────────────────────────────────────────────────────────────────────────────────────

export const cardListParamsSchema = z.object({
  q: listText(40),
  status: z.enum(CARD_STATUSES).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  member: z.uuid().optional().catch(undefined),
  sort: z.enum(["issuedAt", "cardNo", "balance", "status"]).default("issuedAt").catch("issuedAt"),
  ...listParams({ dir: "desc" }),
});
export type CardListParams = z.output<typeof cardListParamsSchema>;

export type CardListRow = {
  id: string;
  cardNo: string;
  status: CardStatus;
  memberId: string | null;
  /** Always masked (lib/members/masking). */
  memberName: string | null;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
  store: CardStore;
  issuedAt: Date;
};

/** Cards of the staff member's stores: server-side filter (status, store, member, card number), sort and paging. */
export async function listCards(
  db: Db,
  scope: StoreScope,
  params: CardListParams,
): Promise<{ rows: CardListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [storeFilter(storedValueCards.storeId, scope)];
  if (params.q) conditions.push(ilike(storedValueCards.cardNo, containsPattern(normalizeStoredValueCardNo(params.q))));
  if (params.status) conditions.push(eq(storedValueCards.status, params.status));
  if (params.store) conditions.push(eq(storedValueCards.storeId, params.store));
  if (params.member) conditions.push(eq(storedValueCards.memberId, params.member));
  const where = and(...conditions);
  const sortBy = {
    issuedAt: storedValueCards.issuedAt,
    cardNo: storedValueCards.cardNo,
    balance: balanceOfCard,
    status: storedValueCards.status,
  }[params.sort];
  const order = params.dir === "asc" ? asc(sortBy) : desc(sortBy);

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: storedValueCards.id,
        cardNo: storedValueCards.cardNo,
        status: storedValueCards.status,
        memberId: storedValueCards.memberId,
        memberName: members.name,
        principalFen: principalOfCard,
        bonusFen: bonusOfCard,
        store: storeColumns,
        issuedAt: storedValueCards.issuedAt,
      })
      .from(storedValueCards)
      .innerJoin(stores, eq(stores.id, storedValueCards.storeId))
      .leftJoin(members, eq(members.id, storedValueCards.memberId))
      .where(where)
      .orderBy(order, asc(storedValueCards.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(storedValueCards).where(where),
  ]);
  return {
    rows: rows.map((row) => ({
      ...row,
      memberName: row.memberId ? maskName(row.memberName) : null,
      balanceFen: row.principalFen + row.bonusFen,
    })),
    total: total?.value ?? 0,
  };
}

/** The store a card belongs to (a use case's scope); not found when there is no such card. */
export async function cardStoreId(db: Db, cardId: string): Promise<string> {
  const [card] = await db
    .select({ storeId: storedValueCards.storeId })
    .from(storedValueCards)
    .where(eq(storedValueCards.id, cardId));
  if (!card) throw new AppError("not_found");
  return card.storeId;
}

// ── Detail with the ledger ────────────────────────────────────────────────────────────────────

export const ledgerParamsSchema = z.object({ ...listParams({ dir: "desc" }) });
export type LedgerParams = z.output<typeof ledgerParamsSchema>;

export type LedgerRow = {
  id: number;
  kind: StoredValueEntryKind;
  principalFen: number;
  bonusFen: number;
  /** The card's balance right after this entry. */
  balanceAfterFen: number;
  createdAt: Date;
  storeCode: string | null;
  /** The POS id of the purchase or refund, when the entry came from one. */
  transactionExternalId: string | null;
  note: string | null;
  staffName: string | null;
};

export type CardDetail = {
  id: string;
  cardNo: string;
  status: CardStatus;
  statusChangedAt: Date;
  issuedAt: Date;
  issuedByName: string | null;
  store: CardStore;
  member: { id: string; maskedName: string; maskedPhone: string } | null;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
  /** The card the balance moved to on reissue, and the card(s) this one replaced. */
  replacedBy: { id: string; cardNo: string } | null;
  replaces: { id: string; cardNo: string }[];
  ledger: { rows: LedgerRow[]; total: number };
};

/** One card of the staff member's stores with its ledger page (newest first); null when not found or out of scope. */
export async function getCardDetail(
  db: Db,
  scope: StoreScope,
  cardId: string,
  ledger: LedgerParams = { page: 1, pageSize: 25, dir: "desc" },
): Promise<CardDetail | null> {
  if (!z.uuid().safeParse(cardId).success) return null;
  const issuer = alias(staff, "issuer");
  const successor = alias(storedValueCards, "successor");
  const [card] = await db
    .select({
      id: storedValueCards.id,
      cardNo: storedValueCards.cardNo,
      status: storedValueCards.status,
      statusChangedAt: storedValueCards.statusChangedAt,
      issuedAt: storedValueCards.issuedAt,
      issuedByName: issuer.displayName,
      store: storeColumns,
      memberId: storedValueCards.memberId,
      memberName: members.name,
      memberPhone: members.phoneE164,
      replacedById: storedValueCards.replacedById,
      replacedByNo: successor.cardNo,
    })
    .from(storedValueCards)
    .innerJoin(stores, eq(stores.id, storedValueCards.storeId))
    .leftJoin(members, eq(members.id, storedValueCards.memberId))
    .leftJoin(issuer, eq(issuer.id, storedValueCards.issuedBy))
    .leftJoin(successor, eq(successor.id, storedValueCards.replacedById))
    .where(and(eq(storedValueCards.id, cardId), storeFilter(storedValueCards.storeId, scope)));
  if (!card) return null;

  const entryStore = alias(stores, "entry_store");
  const [balance, replaces, rows, [total]] = await Promise.all([
    db
      .select({
        principalFen: sql<number>`coalesce(sum(${storedValueEntries.principalFen}), 0)`.mapWith(Number),
        bonusFen: sql<number>`coalesce(sum(${storedValueEntries.bonusFen}), 0)`.mapWith(Number),
      })
      .from(storedValueEntries)
      .where(eq(storedValueEntries.cardId, card.id)),
    db
      .select({ id: storedValueCards.id, cardNo: storedValueCards.cardNo })
      .from(storedValueCards)
      .where(eq(storedValueCards.replacedById, card.id))
      .orderBy(asc(storedValueCards.issuedAt)),
    db
      .select({
        id: storedValueEntries.id,
        kind: storedValueEntries.kind,
        principalFen: storedValueEntries.principalFen,
        bonusFen: storedValueEntries.bonusFen,
        // Window sums run over every entry of the card (WHERE), before LIMIT picks the page.
        balanceAfterFen:
          sql<number>`sum(${storedValueEntries.principalFen} + ${storedValueEntries.bonusFen}) over (order by ${storedValueEntries.id})`.mapWith(
            Number,
          ),
        createdAt: storedValueEntries.createdAt,
        storeCode: entryStore.code,
        transactionExternalId: salesTransactions.externalId,
        note: storedValueEntries.note,
        staffName: staff.displayName,
      })
      .from(storedValueEntries)
      .leftJoin(entryStore, eq(entryStore.id, storedValueEntries.storeId))
      .leftJoin(salesTransactions, eq(salesTransactions.id, storedValueEntries.transactionId))
      .leftJoin(staff, eq(staff.id, storedValueEntries.createdBy))
      .where(eq(storedValueEntries.cardId, card.id))
      .orderBy(ledger.dir === "asc" ? asc(storedValueEntries.id) : desc(storedValueEntries.id))
      .limit(ledger.pageSize)
      .offset((ledger.page - 1) * ledger.pageSize),
    db.select({ value: count() }).from(storedValueEntries).where(eq(storedValueEntries.cardId, card.id)),
  ]);
  const principalFen = balance[0]?.principalFen ?? 0;
  const bonusFen = balance[0]?.bonusFen ?? 0;
  return {
    id: card.id,
    cardNo: card.cardNo,
    status: card.status,
    statusChangedAt: card.statusChangedAt,
    issuedAt: card.issuedAt,
    issuedByName: card.issuedByName,
    store: card.store,
    member: card.memberId
      ? { id: card.memberId, maskedName: maskName(card.memberName), maskedPhone: maskPhone(card.memberPhone) }
      : null,
    principalFen,
    bonusFen,
    balanceFen: principalFen + bonusFen,
    replacedBy: card.replacedById && card.replacedByNo ? { id: card.replacedById, cardNo: card.replacedByNo } : null,
    replaces,
    ledger: { rows, total: total?.value ?? 0 },
  };
}

// ── The member's 360° view ────────────────────────────────────────────────────────────────────

export type MemberStoredValueCard = {
  id: string;
  cardNo: string;
  status: CardStatus;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
  store: CardStore;
  issuedAt: Date;
};
export type MemberStoredValueSummary = { cards: MemberStoredValueCard[]; totalFen: number };

/** A member's cards in the staff member's stores (usable ones first) and their total balance. */
export async function memberStoredValueSummary(
  db: Db,
  scope: StoreScope,
  memberId: string,
): Promise<MemberStoredValueSummary> {
  const rows = await db
    .select({
      id: storedValueCards.id,
      cardNo: storedValueCards.cardNo,
      status: storedValueCards.status,
      principalFen: principalOfCard,
      bonusFen: bonusOfCard,
      store: storeColumns,
      issuedAt: storedValueCards.issuedAt,
    })
    .from(storedValueCards)
    .innerJoin(stores, eq(stores.id, storedValueCards.storeId))
    .where(and(eq(storedValueCards.memberId, memberId), storeFilter(storedValueCards.storeId, scope)))
    .orderBy(
      sql`case ${storedValueCards.status} when 'active' then 0 when 'frozen' then 1 else 2 end`,
      desc(storedValueCards.issuedAt),
      asc(storedValueCards.id),
    )
    .limit(50);
  const cards = rows.map((row) => ({ ...row, balanceFen: row.principalFen + row.bonusFen }));
  return { cards, totalFen: cards.reduce((sum, card) => sum + card.balanceFen, 0) };
}

// ── The issue form's member look-up ───────────────────────────────────────────────────────────

export type CardMemberMatch = { id: string; maskedName: string; maskedPhone: string; storeCode: string };

/** Members in the staff member's scope with this mobile number or member card number (masked). */
export async function findMembersForCard(
  db: Db,
  staffMember: StaffPrincipal,
  query: string,
): Promise<CardMemberMatch[]> {
  const text = query.trim();
  if (!text) return [];
  const phone = normalizeChinaMobile(text);
  const byCard = sql`exists (select 1 from ${memberCards} mc where mc.member_id = ${members.id} and mc.card_no = ${normalizeCardNo(text)})`;
  const rows = await db
    .select({ id: members.id, name: members.name, phone: members.phoneE164, storeCode: stores.code })
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(
      and(
        membersInScope(staffMember),
        isNotErased(),
        phone.ok ? or(eq(members.phoneE164, phone.e164), byCard) : byCard,
      ),
    )
    .orderBy(asc(members.name))
    .limit(5);
  return rows.map((row) => ({
    id: row.id,
    maskedName: maskName(row.name),
    maskedPhone: maskPhone(row.phone),
    storeCode: row.storeCode,
  }));
}

function isNotErased(): SQL {
  return sql`${members.erasedAt} is null`;
}

/** The member to pre-fill the issue form with, masked; null when out of scope. */
export async function getCardHolder(
  db: Db,
  staffMember: StaffPrincipal,
  memberId: string,
): Promise<CardMemberMatch | null> {
  if (!z.uuid().safeParse(memberId).success) return null;
  const [row] = await db
    .select({ id: members.id, name: members.name, phone: members.phoneE164, storeCode: stores.code })
    .from(members)
    .innerJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(eq(members.id, memberId), membersInScope(staffMember), isNotErased()));
  return row
    ? { id: row.id, maskedName: maskName(row.name), maskedPhone: maskPhone(row.phone), storeCode: row.storeCode }
    : null;
}

/** The top-up bonus rule in force at `at` (the top-up forms show the bonus it gives). */
export async function topUpBonusRuleAt(db: Db, at: Date = new Date()): Promise<TopUpBonusRule> {
  return settingAt(db, TOP_UP_BONUS_RULE, at);
}

export type TopUpBonusRuleVersion = Omit<SettingVersionView<TopUpBonusRule>, "value"> & { rule: TopUpBonusRule };

/** The rule in force at `now` and every saved version, newest effective time first (see settingOverview). */
export async function topUpBonusRuleOverview(
  db: Db,
  now: Date = new Date(),
): Promise<{ inForce: TopUpBonusRule; usingDefaults: boolean; versions: TopUpBonusRuleVersion[] }> {
  const overview = await settingOverview(db, TOP_UP_BONUS_RULE, now);
  return { ...overview, versions: overview.versions.map(({ value, ...version }) => ({ ...version, rule: value })) };
}

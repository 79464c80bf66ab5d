import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  memberPresenceCodes,
  members,
  memberTierEvents,
  salesTransactions,
  storedValueCards,
  storedValueEntries,
} from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import { hashMemberCode } from "@/lib/loyalty/member-presence/service";
import { appendEntry } from "@/lib/loyalty/stored-value/ledger";
import { issueCard } from "@/lib/loyalty/stored-value/service";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "./members";
import { createTestAccount } from "./run-as";
import { createTestStore, inTx, uniqueSuffix, type TestStore } from "./test-db";

/**
 * Loyalty fixtures. Each builder is bound to a context read when it runs (the file's database and
 * store are only set in its beforeAll), so a file binds them once:
 *
 *     const { newMember, purchase } = tierFixtures(() => ({ db, storeId: store.id }));
 */

export const YUAN = 100;

export type MakerAndChecker = {
  store: TestStore;
  otherStore: TestStore;
  makerManager: StaffAccount;
  checkerManager: StaffAccount;
};

/**
 * A store with two managers, "Maker Manager" to request points adjustments and "Checker Manager" to
 * decide them, and another store neither belongs to.
 */
export async function createMakerAndChecker(db: Db): Promise<MakerAndChecker> {
  const store = await createTestStore(db);
  const otherStore = await createTestStore(db);
  const makerManager = await createTestAccount(db, ["manager"], [store.id], { displayName: "Maker Manager" });
  const checkerManager = await createTestAccount(db, ["manager"], [store.id], { displayName: "Checker Manager" });
  return { store, otherStore, makerManager, checkerManager };
}

export type TierMemberOptions = { tier?: string; tierSince?: string; grantedUntil?: string | null; storeId?: string };

/** Members at a tier since a given time, their purchases and refunds (rows only, no points), and what the tier code wrote. */
export function tierFixtures(context: () => { db: Db; storeId: string }) {
  return {
    /** A member at `tier` (normal) since `tierSince` (2020), with a grant until `grantedUntil` (none); returns the id. */
    async newMember(options: TierMemberOptions = {}) {
      const { db, storeId } = context();
      const row = await insertMember(db, { storeId: options.storeId ?? storeId, tier: options.tier ?? "normal" });
      await db
        .update(members)
        .set({
          tierSince: new Date(options.tierSince ?? "2020-01-01T00:00:00+08:00"),
          tierGrantedUntil: options.grantedUntil ?? null,
        })
        .where(eq(members.id, row.id));
      return row.id;
    },

    /** A purchase of `yuan` at `occurredAt`; returns the transaction id. */
    async purchase(memberId: string, occurredAt: string, yuan: number, storeId = context().storeId) {
      const [row] = await context()
        .db.insert(salesTransactions)
        .values({
          storeId,
          memberId,
          externalId: `P-${uniqueSuffix(10)}`,
          kind: "purchase",
          occurredAt: new Date(occurredAt),
          netPaidFen: yuan * YUAN,
        })
        .returning({ id: salesTransactions.id });
      return row!.id;
    },

    /** A refund of `yuan` of the purchase `originalId`, at `occurredAt`. */
    async refund(memberId: string, originalId: string, occurredAt: string, yuan: number) {
      const { db, storeId } = context();
      await db.insert(salesTransactions).values({
        storeId,
        memberId,
        externalId: `R-${uniqueSuffix(10)}`,
        kind: "refund",
        originalId,
        occurredAt: new Date(occurredAt),
        netPaidFen: -yuan * YUAN,
      });
    },

    async memberRow(id: string) {
      const [row] = await context().db.select().from(members).where(eq(members.id, id));
      return row!;
    },

    /** The member's tier events, oldest first. */
    async eventsOf(memberId: string) {
      return context()
        .db.select()
        .from(memberTierEvents)
        .where(eq(memberTierEvents.memberId, memberId))
        .orderBy(asc(memberTierEvents.id));
    },
  };
}

export type TestCardOptions = { storeId?: string; principalFen?: number; bonusFen?: number; memberId?: string | null };

/** Stored-value cards issued through the real service by `actor` (in `storeId` unless told), and what their ledger holds. */
export function storedValueFixtures(context: () => { db: Db; storeId: string; actor: Actor }) {
  return {
    /**
     * A card with a first top-up entry of `principalFen` and a bonus of `bonusFen` (none by default),
     * anonymous unless `memberId`. The entry is written directly, whatever top-up bonus rule is in
     * force, so a test states the balance it needs.
     */
    async newCard(options: TestCardOptions = {}) {
      const { db, storeId, actor } = context();
      return inTx(db, async (tx) => {
        const card = await issueCard(tx, actor, {
          storeId: options.storeId ?? storeId,
          memberId: options.memberId ?? null,
        });
        const principalFen = options.principalFen ?? 0;
        const bonusFen = options.bonusFen ?? 0;
        if (principalFen > 0 || bonusFen > 0)
          await appendEntry(tx, {
            cardId: card.cardId,
            kind: "top_up",
            principalFen,
            bonusFen,
            storeId: options.storeId ?? storeId,
            createdBy: actor.staffId,
          });
        return card;
      });
    },

    /** The card's ledger entries, oldest first. */
    async entriesOf(cardId: string) {
      return context()
        .db.select()
        .from(storedValueEntries)
        .where(eq(storedValueEntries.cardId, cardId))
        .orderBy(asc(storedValueEntries.id));
    },

    async cardRow(cardId: string) {
      const [row] = await context().db.select().from(storedValueCards).where(eq(storedValueCards.id, cardId));
      return row!;
    },
  };
}

/** The code every granted member code has: tests that spend through the API send it as memberCode. */
export const TEST_MEMBER_CODE = "246810";

/**
 * Gives the member a fresh presence code (TEST_MEMBER_CODE, 2 minutes) as the member app would,
 * without the app's issuing limit: for tests that send many spending requests. Ends earlier codes.
 */
export async function grantMemberCode(db: Db, memberId: string, apiKeyId: string): Promise<string> {
  await db
    .update(memberPresenceCodes)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(memberPresenceCodes.memberId, memberId), isNull(memberPresenceCodes.usedAt)));
  await db.insert(memberPresenceCodes).values({
    memberId,
    codeHash: hashMemberCode(memberId, TEST_MEMBER_CODE).toString("hex"),
    issuedByApiKeyId: apiKeyId,
    expiresAt: sql`now() + interval '2 minutes'`,
  });
  return TEST_MEMBER_CODE;
}

import { randomInt } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  apiKeys,
  apiMemberLookups,
  memberCards,
  memberConsents,
  memberImportantDates,
  memberNotes,
  memberPresenceCodes,
  members,
  memberTags,
  memberTierEvents,
  memberWishlistItems,
  pointsAdjustments,
  pointsEntries,
  pointsLots,
  redemptions,
  salesTransactions,
  staff,
  storedValueCards,
} from "@/db/schema";
import type { Role, StaffPrincipal } from "@/lib/auth/policy";
import { MEMBER_OWNED_TABLES } from "@/lib/members/registry";
import { CARE_ROW_SEEDERS } from "./care-rows";
import { CLIENTELING_ROW_SEEDERS } from "./clienteling-rows";
import { nameSearchKeys } from "@/lib/members/search/keys";
import { createTestStaff, createTestStore, uniqueSuffix, type TestStaff, type TestStore } from "./test-db";

/**
 * Member fixtures for any domain's tests (merge, erasure, export, duplicates, loyalty…). Members are
 * inserted directly (search keys included) so that these tests do not depend on the member service.
 */

export type TestMemberOptions = {
  storeId: string;
  name?: string;
  phone?: string | null;
  birthday?: string | null;
  email?: string | null;
  address?: string | null;
  advisorId?: string | null;
  tier?: string;
  lifecycleStage?: (typeof members.$inferInsert)["lifecycleStage"];
  gender?: (typeof members.$inferInsert)["gender"];
  registeredAt?: Date;
  profile?: (typeof members.$inferInsert)["profile"];
};

/** A random, valid mainland mobile number in E.164. */
export function randomPhone(): string {
  return `+861${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
}

export async function insertMember(db: Db, options: TestMemberOptions) {
  const name = options.name ?? `测试${uniqueSuffix(4)}`;
  const phone = options.phone === undefined ? randomPhone() : options.phone;
  const [row] = await db
    .insert(members)
    .values({
      homeStoreId: options.storeId,
      name,
      ...nameSearchKeys(name),
      phoneE164: phone,
      phoneLast4: phone ? phone.slice(-4) : null,
      birthday: options.birthday ?? null,
      email: options.email ?? null,
      address: options.address ?? null,
      advisorId: options.advisorId ?? null,
      tier: options.tier ?? "normal",
      lifecycleStage: options.lifecycleStage ?? "potential",
      gender: options.gender ?? "unknown",
      registeredAt: options.registeredAt ?? new Date(),
      profile: options.profile ?? {},
    })
    .returning();
  return row!;
}

/** Inserts rows for one member into a member-owned table; one seeder per registered table. */
export const RELATED_ROW_SEEDERS: Record<string, (db: Db, memberId: string, marker: string) => Promise<void>> = {
  ...CLIENTELING_ROW_SEEDERS,
  ...CARE_ROW_SEEDERS,
  member_cards: async (db, memberId, marker) => {
    await db.insert(memberCards).values({ cardNo: `C${marker}${uniqueSuffix(6)}`.toUpperCase(), memberId });
  },
  member_consents: async (db, memberId) => {
    await db.insert(memberConsents).values({ memberId, channel: "sms", granted: true, source: "test" });
  },
  member_tags: async (db, memberId, marker) => {
    await db.insert(memberTags).values({ memberId, tag: `tag-${marker}` });
  },
  member_notes: async (db, memberId, marker) => {
    await db.insert(memberNotes).values({ memberId, body: `note ${marker}: 客户喜欢翡翠` });
  },
  member_important_dates: async (db, memberId) => {
    await db.insert(memberImportantDates).values({ memberId, kind: "anniversary", date: "2015-05-20" });
  },
  member_wishlist_items: async (db, memberId, marker) => {
    await db.insert(memberWishlistItems).values({ memberId, description: `wish ${marker}` });
  },
  sales_transactions: async (db, memberId, marker) => {
    const [member] = await db.select({ storeId: members.homeStoreId }).from(members).where(eq(members.id, memberId));
    await db.insert(salesTransactions).values({
      storeId: member!.storeId,
      memberId,
      externalId: `T-${memberId.slice(0, 8)}-${marker}`,
      kind: "purchase",
      occurredAt: new Date(),
      netPaidFen: 100_00,
    });
  },
  points_entries: async () => {
    // Seeded with its lot by points_lots below (an entry and its lot belong together).
  },
  points_lots: async (db, memberId) => {
    const [entry] = await db
      .insert(pointsEntries)
      .values({ memberId, kind: "activity", points: 50 })
      .returning({ id: pointsEntries.id });
    await db.insert(pointsLots).values({
      memberId,
      entryId: entry!.id,
      points: 50,
      remaining: 50,
      earnedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  },
  points_adjustments: async (db, memberId) => {
    const [someone] = await db.select({ id: staff.id }).from(staff).limit(1);
    await db
      .insert(pointsAdjustments)
      .values({ memberId, points: 9000, reason: "test", status: "pending", requestedBy: someone!.id });
  },
  member_tier_events: async (db, memberId) => {
    await db.insert(memberTierEvents).values({ memberId, kind: "upgrade", fromTier: "normal", toTier: "silver" });
  },
  stored_value_cards: async (db, memberId, marker) => {
    const [member] = await db.select({ storeId: members.homeStoreId }).from(members).where(eq(members.id, memberId));
    await db
      .insert(storedValueCards)
      .values({ cardNo: `SV${marker}${uniqueSuffix(8)}`, memberId, storeId: member!.storeId });
  },
  redemptions: async (db, memberId) => {
    await db.insert(redemptions).values({ memberId, type: "parking", hours: 1, points: 200 });
  },
  member_presence_codes: async (db, memberId) => {
    const apiKeyId = await someApiKeyOfMembersStore(db, memberId);
    await db
      .insert(memberPresenceCodes)
      .values({ memberId, codeHash: "00", issuedByApiKeyId: apiKeyId, expiresAt: new Date(Date.now() + 120_000) });
  },
  api_member_lookups: async (db, memberId) => {
    const apiKeyId = await someApiKeyOfMembersStore(db, memberId);
    await db.insert(apiMemberLookups).values({ apiKeyId, memberId, lookedUpBy: "phone", found: true });
  },
};

/** A key row of the member's home store (no usable secret), for rows that name the key that made them. */
async function someApiKeyOfMembersStore(db: Db, memberId: string): Promise<string> {
  const [member] = await db.select({ storeId: members.homeStoreId }).from(members).where(eq(members.id, memberId));
  const [key] = await db
    .insert(apiKeys)
    .values({ storeId: member!.storeId, name: "fixture", prefix: "atr_fixture", keyHash: uniqueSuffix(32) })
    .returning({ id: apiKeys.id });
  return key!.id;
}

/** One row (per seeder) in every registered member-owned table for this member. */
export async function seedRelatedRows(db: Db, memberId: string, marker = uniqueSuffix(4)) {
  for (const entry of MEMBER_OWNED_TABLES) {
    const seed = RELATED_ROW_SEEDERS[entry.name];
    if (seed) await seed(db, memberId, marker);
  }
}

/** Rows per registered member-owned table for one member, read through the registry. */
export async function relatedRowCounts(db: Db, memberId: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const entry of MEMBER_OWNED_TABLES) {
    const [row] = await db.select({ value: count() }).from(entry.table).where(eq(entry.memberId, memberId));
    result[entry.name] = row?.value ?? 0;
  }
  return result;
}

export type TestPrincipal = StaffPrincipal & { actor: TestStaff["actor"] };

/** A staff member in the database plus the principal the business functions take. */
export async function createPrincipal(
  db: Db,
  roles: Role[],
  storeIds: string[],
  options: { allStores?: boolean } = {},
): Promise<TestPrincipal> {
  const created = await createTestStaff(db, { roles, storeIds, allStores: options.allStores ?? false });
  return {
    id: created.id,
    username: created.username,
    displayName: "Test Staff",
    roles,
    storeIds,
    allStores: options.allStores ?? false,
    actor: created.actor,
  };
}

/** A new store and a manager of it (for tests that each work in a store of their own). */
export async function storeWithManager(db: Db): Promise<{ store: TestStore; manager: TestPrincipal }> {
  const store = await createTestStore(db);
  return { store, manager: await createPrincipal(db, ["manager"], [store.id]) };
}

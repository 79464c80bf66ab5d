import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { memberCards, members, stores } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { contactView } from "../masking";
import { MEMBER_OWNED_TABLES } from "../registry";
import { membersInScope } from "../scope";

/**
 * Why members look like one person:
 * - `phone`: the same normalised phone (the unique index prevents it today; kept for imported or
 *   future data that bypasses it),
 * - `name_birthday`: the same name and birthday,
 * - `name_phone_last4`: the same name and the same last four phone digits (a number re-registered),
 * - `email`: the same email, ignoring case,
 * - `card`: card numbers that differ only in case, spaces, dashes or leading zeros.
 */
export const DUPLICATE_RULES = ["phone", "name_birthday", "name_phone_last4", "email", "card"] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

export const duplicateListParamsSchema = z.object({
  rule: z.enum(DUPLICATE_RULES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).default(1).catch(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 25, 50].includes(n))
    .default(10)
    .catch(10),
});
export type DuplicateListParams = z.output<typeof duplicateListParamsSchema>;

export type DuplicateMember = {
  id: string;
  maskedName: string;
  maskedPhone: string;
  maskedEmail: string;
  birthday: string | null;
  storeCode: string | null;
  tier: string;
  registeredAt: Date;
  cardNos: string[];
  /** Rows in each member-owned table (what a merge would move). */
  related: Record<string, number>;
  relatedTotal: number;
};

export type DuplicateGroup = { rule: DuplicateRule; members: DuplicateMember[] };

/**
 * Groups of likely duplicates among the members of the staff member's stores (merged-away and
 * erased members excluded), one page of groups at a time. A member can appear in several groups
 * (same name + birthday and same email). Data is masked; group keys (names, emails) never leave here.
 */
export async function listDuplicateGroups(
  db: Db,
  staff: StaffPrincipal,
  params: DuplicateListParams,
): Promise<{ groups: DuplicateGroup[]; total: number }> {
  const ruleFilter = params.rule ? sql`where rule = ${params.rule}` : sql``;
  const normalisedCard = sql`ltrim(upper(regexp_replace(${memberCards.cardNo}, '[^0-9A-Za-z]', '', 'g')), '0')`;
  const result = await db.execute(sql`
    with m as (
      select ${members.id} as id, ${members.name} as name, ${members.birthday} as birthday, ${members.phoneE164} as phone,
             ${members.phoneLast4} as last4, lower(${members.email}::text) as email
      from ${members}
      where ${membersInScope(staff)} and ${members.erasedAt} is null
    ),
    candidates as (
      select 'phone' as rule, phone as key, id from m where phone is not null
      union all
      select 'name_birthday', name || '|' || birthday::text, id from m where birthday is not null
      union all
      select 'name_phone_last4', name || '|' || last4, id from m where last4 is not null and last4 <> ''
      union all
      select 'email', email, id from m where email is not null and email <> ''
      union all
      select 'card', ${normalisedCard}, m.id from ${memberCards} join m on m.id = ${memberCards.memberId}
    ),
    groups as (
      select rule, key, string_agg(distinct id::text, ',') as ids
      from candidates
      group by rule, key
      having count(distinct id) > 1
    )
    select rule, ids, count(*) over () as total
    from groups
    ${ruleFilter}
    order by array_position(array['phone','name_birthday','name_phone_last4','email','card'], rule), key
    limit ${params.pageSize} offset ${(params.page - 1) * params.pageSize}
  `);
  const page = rowsOf<{ rule: DuplicateRule; ids: string; total: number | string }>(result);
  if (page.length === 0) {
    // The page may lie past the end; the total still matters for the pager.
    if (params.page > 1) return { groups: [], total: await countDuplicateGroups(db, staff, params) };
    return { groups: [], total: 0 };
  }
  const total = Number(page[0]!.total);
  const memberIds = [...new Set(page.flatMap((g) => g.ids.split(",")))];
  const details = await loadDuplicateMembers(db, staff, memberIds);
  return {
    total,
    groups: page.map((g) => ({
      rule: g.rule,
      members: g.ids
        .split(",")
        .map((id) => details.get(id))
        .filter((m): m is DuplicateMember => !!m)
        .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime()),
    })),
  };
}

async function countDuplicateGroups(db: Db, staff: StaffPrincipal, params: DuplicateListParams): Promise<number> {
  const { total } = await listDuplicateGroups(db, staff, { ...params, page: 1, pageSize: 10 });
  return total;
}

/** The masked rows shown for the members of a page of groups, in a bounded number of queries. */
async function loadDuplicateMembers(
  db: Db,
  staff: StaffPrincipal,
  ids: string[],
): Promise<Map<string, DuplicateMember>> {
  const [rows, cards, ...perTable] = await Promise.all([
    db
      .select({
        id: members.id,
        name: members.name,
        phoneE164: members.phoneE164,
        email: members.email,
        address: members.address,
        advisorId: members.advisorId,
        birthday: members.birthday,
        tier: members.tier,
        registeredAt: members.registeredAt,
        storeCode: stores.code,
      })
      .from(members)
      .leftJoin(stores, eq(stores.id, members.homeStoreId))
      .where(inArray(members.id, ids)),
    db
      .select({ memberId: memberCards.memberId, cardNo: memberCards.cardNo })
      .from(memberCards)
      .where(inArray(memberCards.memberId, ids))
      .orderBy(asc(memberCards.cardNo)),
    ...MEMBER_OWNED_TABLES.map((entry) =>
      db
        .select({ memberId: sql<string>`${entry.memberId}`, value: count() })
        .from(entry.table)
        .where(inArray(entry.memberId, ids))
        .groupBy(entry.memberId),
    ),
  ]);
  const map = new Map<string, DuplicateMember>();
  for (const row of rows) {
    const view = contactView(staff, row);
    const related: Record<string, number> = {};
    MEMBER_OWNED_TABLES.forEach((entry, i) => {
      related[entry.name] = perTable[i]!.find((r) => r.memberId === row.id)?.value ?? 0;
    });
    map.set(row.id, {
      id: row.id,
      maskedName: view.name,
      maskedPhone: view.phone,
      maskedEmail: view.email,
      birthday: row.birthday,
      storeCode: row.storeCode,
      tier: row.tier,
      registeredAt: row.registeredAt,
      cardNos: cards.filter((c) => c.memberId === row.id).map((c) => c.cardNo),
      related,
      relatedTotal: Object.values(related).reduce((a, b) => a + b, 0),
    });
  }
  return map;
}

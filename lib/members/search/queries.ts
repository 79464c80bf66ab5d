import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, staff, stores } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { listParams, listText } from "@/lib/list-params";
import { escapeLike } from "@/lib/sql-like";
import { normalizeCardNo } from "../card-number";
import { contactView } from "../masking";
import { normalizeChinaMobile } from "../phone";
import { LIFECYCLE_STAGES, MEMBER_TIERS } from "../schemas";
import { membersInScope } from "../scope";
import { classifyMemberQuery } from "./keys";

export const memberListParamsSchema = z.object({
  q: listText(64),
  tier: z.enum(MEMBER_TIERS).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  stage: z.enum(LIFECYCLE_STAGES).optional().catch(undefined),
  advisor: z.uuid().optional().catch(undefined),
  tag: listText(20),
  sort: z.enum(["name", "registeredAt", "tier"]).default("name").catch("name"),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type MemberListParams = z.output<typeof memberListParamsSchema>;

export type MemberListRow = {
  id: string;
  /** Masked unless the reader is this member's advisor (contactView). */
  name: string;
  phone: string;
  masked: boolean;
  ownClient: boolean;
  tier: string;
  lifecycleStage: (typeof LIFECYCLE_STAGES)[number];
  storeName: string | null;
  storeNameEn: string | null;
  advisorName: string | null;
  registeredAt: Date;
};

export type MemberSearchResult = {
  rows: MemberListRow[];
  /** Matches counted up to COUNT_CAP (then `capped`): counting every row of a one-letter search at 1M members is not worth its time. */
  total: number;
  capped: boolean;
  /** False when there was nothing to search for (no text, no filter): the page asks the user to type. */
  searched: boolean;
};

export const MEMBER_SEARCH_COUNT_CAP = 1000;

// Correlated subqueries name their tables explicitly: drizzle leaves column names unqualified in
// single-table selects (the count below), which would bind them to the inner table instead.
const MEMBER_ID = sql.raw(`"members"."id"`);

function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** Characters of a name fragment as the grams were built (keys.ts): NFKC, no spaces or dots, lower case. */
function fragmentCharacters(text: string): string[] {
  return [
    ...text
      .normalize("NFKC")
      .replace(/[\s·•・.]/g, "")
      .toLowerCase(),
  ];
}

/**
 * The members matching a search box entry, as a derived table named "members": a UNION ALL of
 * index lookups, one per way of reading the entry (classifyMemberQuery): phone → unique index,
 * last 4 → btree, card → primary key, Chinese fragment → GIN on the character-gram array, pinyin →
 * trigram GIN, initials → btree prefix. Each branch is indexable on its own, each row is fetched
 * once (a branch skips rows an earlier branch already returned), and the outer query filters,
 * sorts and pages these rows directly instead of joining an id list back to the table.
 */
export function memberSearchSource(raw: string): SQL | null {
  const { kinds, text } = classifyMemberQuery(raw);
  const predicates: SQL[] = [];
  for (const kind of kinds) {
    if (kind === "phone") {
      const phone = normalizeChinaMobile(text);
      if (phone.ok) predicates.push(sql`m.phone_e164 = ${phone.e164}`);
    } else if (kind === "phone_suffix") {
      predicates.push(sql`m.phone_last4 = ${text}`);
    } else if (kind === "card") {
      predicates.push(sql`m.id in (select c.member_id from member_cards c where c.card_no = ${normalizeCardNo(text)})`);
    } else if (kind === "name") {
      const chars = fragmentCharacters(text);
      if (chars.length === 0) continue;
      if (chars.length === 1) {
        predicates.push(sql`m.name_grams @> ${textArray(chars)}`);
      } else {
        const pairs = [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
        // One or two characters: the gram is the fragment itself, exact. Longer: every pair is
        // present, which does not prove they are adjacent in that order, so the name is rechecked.
        const recheck =
          chars.length > 2
            ? sql` and regexp_replace(lower(m.name), '[[:space:]·•・.]', '', 'g') like ${`%${escapeLike(chars.join(""))}%`}`
            : sql``;
        predicates.push(sql`(m.name_grams @> ${textArray(pairs)}${recheck})`);
      }
    } else if (kind === "pinyin") {
      predicates.push(sql`m.name_initials like ${`${escapeLike(text)}%`}`);
      // pg_trgm needs three letters to use its index; shorter entries are served by the initials.
      if (text.length >= 3) predicates.push(sql`m.name_pinyin like ${`%${escapeLike(text)}%`}`);
    }
  }
  if (!predicates.length) return null;
  const branches = predicates.map((predicate, i) => {
    const earlier = predicates.slice(0, i).map((p) => sql` and not coalesce(${p}, false)`);
    return sql`select m.* from members m where ${predicate}${sql.join(earlier, sql``)}`;
  });
  return sql`(${sql.join(branches, sql` union all `)}) as "members"`;
}

/** A members column read through the name "members" (the table or the search's derived table), typed like the column. */
function onMembers<T extends AnyPgColumn>(
  column: T,
): SQL<T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)> {
  return sql`${column}`.mapWith(column) as SQL<T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)>;
}

const TIER_RANK = sql`case ${members.tier} when 'diamond' then 4 when 'gold' then 3 when 'silver' then 2 else 1 end`;

/**
 * The member search behind /members: one box (phone, last 4, card, Chinese name fragment, pinyin,
 * initials) plus filters, store scope inside the WHERE, server-side sort and paging. An advisor's
 * own clients come first. Names and phones come back masked per contactView.
 */
export async function searchMembers(
  db: Db,
  staffMember: StaffPrincipal,
  params: MemberListParams,
): Promise<MemberSearchResult> {
  const conditions: (SQL | undefined)[] = [membersInScope(staffMember)];
  const source = params.q ? memberSearchSource(params.q) : null;
  if (params.q && !source) return { rows: [], total: 0, capped: false, searched: true };
  if (params.tier) conditions.push(eq(members.tier, params.tier));
  if (params.store) conditions.push(eq(members.homeStoreId, params.store));
  if (params.stage) conditions.push(eq(members.lifecycleStage, params.stage));
  if (params.advisor) conditions.push(eq(members.advisorId, params.advisor));
  if (params.tag)
    conditions.push(
      sql`exists (select 1 from member_tags mt where mt.member_id = ${MEMBER_ID} and mt.tag = ${params.tag})`,
    );
  const searched = source !== null || conditions.length > 1;
  if (!searched) return { rows: [], total: 0, capped: false, searched: false };
  const where = and(...conditions);

  const sortExpression = { name: members.namePinyin, registeredAt: members.registeredAt, tier: TIER_RANK }[params.sort];
  const order: SQL[] = [];
  if (staffMember.roles.includes("advisor"))
    order.push(sql`coalesce(${members.advisorId} = ${staffMember.id}, false) desc`);
  order.push(params.dir === "asc" ? asc(sortExpression) : desc(sortExpression));
  if (params.sort === "tier") order.push(asc(members.namePinyin));
  order.push(asc(members.id));

  const advisor = alias(staff, "advisor");
  // The search's own rows (a derived table named "members"), or the whole table when only filtering.
  const from = (source ?? sql`members`) as unknown as typeof members;
  const hits = db
    .select({ one: sql<number>`1`.as("one") })
    .from(from)
    .where(where)
    .limit(MEMBER_SEARCH_COUNT_CAP + 1)
    .as("hits");
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        // Written against the name "members" rather than the table object: the search's rows come
        // from a derived table of that name, which drizzle does not know as the members table.
        id: onMembers(members.id),
        name: onMembers(members.name),
        phoneE164: onMembers(members.phoneE164),
        advisorId: onMembers(members.advisorId),
        tier: onMembers(members.tier),
        lifecycleStage: onMembers(members.lifecycleStage),
        registeredAt: onMembers(members.registeredAt),
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        advisorName: advisor.displayName,
      })
      .from(from)
      .leftJoin(stores, eq(stores.id, members.homeStoreId))
      .leftJoin(advisor, eq(advisor.id, members.advisorId))
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: sql<number>`count(*)::int` }).from(hits),
  ]);
  const count = Number(counted?.value ?? 0);
  return {
    rows: rows.map((row) => {
      const view = contactView(staffMember, {
        name: row.name,
        phoneE164: row.phoneE164,
        email: null,
        address: null,
        advisorId: row.advisorId,
      });
      return {
        id: row.id,
        name: view.name,
        phone: view.phone,
        masked: view.masked,
        ownClient: row.advisorId === staffMember.id,
        tier: row.tier,
        lifecycleStage: row.lifecycleStage,
        storeName: row.storeName,
        storeNameEn: row.storeNameEn,
        advisorName: row.advisorName,
        registeredAt: row.registeredAt,
      };
    }),
    total: Math.min(count, MEMBER_SEARCH_COUNT_CAP),
    capped: count > MEMBER_SEARCH_COUNT_CAP,
    searched: true,
  };
}

/**
 * Distinct tags carried by members in the staff member's scope, for the list filter (another
 * store's tags would leak what it records about its clients): a loose index scan over
 * member_tags(tag), one index probe per distinct tag, each skipping rows of members out of scope.
 */
export async function listMemberTags(db: Db, staffMember: StaffPrincipal, limit = 200): Promise<string[]> {
  const inScope = sql`exists (select 1 from members where members.id = t.member_id and ${membersInScope(staffMember)})`;
  const result = await db.execute(sql`
    with recursive tags(tag) as (
      (select t.tag from member_tags t where ${inScope} order by t.tag limit 1)
      union all
      select (select t.tag from member_tags t where t.tag > tags.tag and ${inScope} order by t.tag limit 1)
      from tags
      where tags.tag is not null
    )
    select tag from tags where tag is not null limit ${limit}
  `);
  return rowsOf<{ tag: string }>(result).map((row) => row.tag);
}

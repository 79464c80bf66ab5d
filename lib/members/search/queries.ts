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
 * One way of reading a search box entry: `match` is every member it finds; `parts` divide that set
 * into disjoint pieces that an index each returns in name order (one piece, `match` itself, for most
 * readings).
 */
type Reading = { match: SQL; parts: SQL[] };

const reading = (match: SQL): Reading => ({ match, parts: [match] });

/**
 * The index look-ups a search box entry stands for, one reading per way of understanding it
 * (classifyMemberQuery): phone → unique index, last 4 → btree, card → primary key, Chinese fragment
 * → the character grams, pinyin → trigram GIN, initials → btree. Each part is indexable on its own
 * and, for the name sort, ordered by an index (members_search_*_idx): a 2-character fragment is the
 * name's first or second pair (generated columns name_pair1, name_pair2) or, in a longer name, a
 * later one; initials are the whole initials or a longer name's prefix. A part leaves out members an
 * earlier reading found, so that each member comes once.
 */
export function memberSearchParts(raw: string): SQL[] {
  const { kinds, text } = classifyMemberQuery(raw);
  const readings: Reading[] = [];
  for (const kind of kinds) {
    if (kind === "phone") {
      const phone = normalizeChinaMobile(text);
      if (phone.ok) readings.push(reading(sql`members.phone_e164 = ${phone.e164}`));
    } else if (kind === "phone_suffix") {
      readings.push(reading(sql`members.phone_last4 = ${text}`));
    } else if (kind === "card") {
      readings.push(
        reading(sql`members.id in (select c.member_id from member_cards c where c.card_no = ${normalizeCardNo(text)})`),
      );
    } else if (kind === "name") {
      const chars = fragmentCharacters(text);
      if (chars.length === 0) continue;
      if (chars.length === 1) {
        readings.push(reading(sql`members.name_grams @> ${textArray(chars)}`));
      } else if (chars.length === 2) {
        // The gram is the fragment itself, exact; the name holds it once (grams are distinct), at one rank.
        const pair = chars.join("");
        readings.push({
          match: sql`members.name_grams @> ${textArray([pair])}`,
          parts: [
            sql`members.name_pair1 = ${pair}`,
            sql`members.name_pair2 = ${pair}`,
            sql`(members.name_pair3 is not null and members.name_grams @> ${textArray([pair])} and members.name_pair1 <> ${pair} and members.name_pair2 <> ${pair})`,
          ],
        });
      } else {
        const pairs = [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
        // Every pair is present, which does not prove they are adjacent in that order, so the name is rechecked.
        readings.push(
          reading(
            sql`(members.name_grams @> ${textArray(pairs)} and regexp_replace(lower(members.name), '[[:space:]·•・.]', '', 'g') like ${`%${escapeLike(chars.join(""))}%`})`,
          ),
        );
      }
    } else if (kind === "pinyin") {
      // The initials themselves (in name order from the index), then longer initials that start with
      // them: the byte-wise range after them up to the next prefix ("zx" → ("zx", "zy")), written as
      // a range so that a prepared statement's generic plan scans just that part of the index.
      const next = text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) + 1);
      readings.push({
        match: sql`members.name_initials like ${`${escapeLike(text)}%`}`,
        parts: [
          sql`members.name_initials = ${text}`,
          sql`(members.name_initials ~>~ ${text} and members.name_initials ~<~ ${next})`,
        ],
      });
      // pg_trgm needs three letters to use its index; shorter entries are served by the initials.
      if (text.length >= 3) readings.push(reading(sql`members.name_pinyin like ${`%${escapeLike(text)}%`}`));
    }
  }
  return readings.flatMap((r, i) => {
    const earlier = readings.slice(0, i).map((e) => sql` and not coalesce(${e.match}, false)`);
    return r.parts.map((part) => sql`${part}${sql.join(earlier, sql``)}`);
  });
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
  const parts = params.q ? memberSearchParts(params.q) : null;
  if (parts?.length === 0) return { rows: [], total: 0, capped: false, searched: true };
  if (params.tier) conditions.push(eq(members.tier, params.tier));
  if (params.store) conditions.push(eq(members.homeStoreId, params.store));
  if (params.stage) conditions.push(eq(members.lifecycleStage, params.stage));
  if (params.advisor) conditions.push(eq(members.advisorId, params.advisor));
  if (params.tag)
    conditions.push(
      sql`exists (select 1 from member_tags mt where mt.member_id = ${MEMBER_ID} and mt.tag = ${params.tag})`,
    );
  const searched = parts !== null || conditions.length > 1;
  if (!searched) return { rows: [], total: 0, capped: false, searched: false };
  const where = and(...conditions)!;

  const sortExpression = { name: members.namePinyin, registeredAt: members.registeredAt, tier: TIER_RANK }[params.sort];
  const order: SQL[] = [];
  if (staffMember.roles.includes("advisor"))
    order.push(sql`coalesce(${members.advisorId} = ${staffMember.id}, false) desc`);
  order.push(params.dir === "asc" ? asc(sortExpression) : desc(sortExpression));
  if (params.sort === "tier") order.push(asc(members.namePinyin));
  order.push(asc(members.id));

  // Every part with the filters, sorted and cut at this page's end on its own, so that an index in
  // name order (members_search_*_idx) stops after a page of rows instead of fetching and sorting
  // every match; the outer query merges the parts' rows and takes the page. The count reads the
  // same parts, without the sort, up to the cap.
  const offset = (params.page - 1) * params.pageSize;
  const part = (predicate: SQL | undefined, columns: SQL, sorted: boolean) =>
    sql`(select ${columns} from members where ${and(predicate, where)}${sorted ? sql` order by ${sql.join(order, sql`, `)} limit ${offset + params.pageSize}` : sql``})`;
  const rowParts = (parts ?? [undefined]).map((p) => part(p, sql`members.*`, true));
  const countParts = (parts ?? [undefined]).map((p) => part(p, sql`1`, false));
  const from = sql`(${sql.join(rowParts, sql` union all `)}) as "members"` as unknown as typeof members;

  const advisor = alias(staff, "advisor");
  const [rows, counted] = await Promise.all([
    db
      .select({
        // Written against the name "members" rather than the table object: the rows come from a
        // derived table of that name, which drizzle does not know as the members table.
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
      .orderBy(...order)
      .limit(params.pageSize)
      .offset(offset),
    db
      .execute(
        sql`select count(*)::int as value from (${sql.join(countParts, sql` union all `)} limit ${MEMBER_SEARCH_COUNT_CAP + 1}) as hits`,
      )
      .then((result) => rowsOf<{ value: number }>(result)[0]),
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

import { and, asc, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getMemberLoyalty } from "@/lib/loyalty/member-360";
import { listParams } from "@/lib/list-params";
import { escapeLike } from "@/lib/sql-like";
import { rowsOf, type Db } from "@/db/client";
import { memberCards, memberConsents, memberImportantDates, memberNotes, members, memberTags, memberWishlistItems, staff, staffRoles, staffStores, stores } from "@/db/schema";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { seesUnmasked } from "./masking";
import { normalizeChinaMobile } from "./phone";
import { contactView } from "./privacy";
import { clientelingProfileSchema, type ClientelingProfile } from "./profile";
import { CONSENT_CHANNELS, LIFECYCLE_STAGES, MEMBER_TIERS, type ConsentChannel } from "./schemas";
import { membersInScope } from "./scope";
import { classifyMemberQuery } from "./search-keys";

// ---------------------------------------------------------------------------------------------
// Search

export const memberListParamsSchema = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  tier: z.enum(MEMBER_TIERS).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  stage: z.enum(LIFECYCLE_STAGES).optional().catch(undefined),
  advisor: z.uuid().optional().catch(undefined),
  tag: z.string().trim().min(1).max(20).optional().catch(undefined),
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
  rfmSegment: string | null;
  storeCode: string | null;
  storeName: string | null;
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

/** Characters of a name fragment as the grams were built (search-keys.ts): NFKC, no spaces or dots, lower case. */
function fragmentCharacters(text: string): string[] {
  return [...text.normalize("NFKC").replace(/[\s·•・.]/g, "").toLowerCase()];
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
      const variants = [...new Set([text, text.toUpperCase()])];
      predicates.push(sql`m.id in (select c.member_id from member_cards c where c.card_no in (${sql.join(variants.map((v) => sql`${v}`), sql`, `)}))`);
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
function onMembers<T extends AnyPgColumn>(column: T): SQL<T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)> {
  return sql`${column}`.mapWith(column) as SQL<T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)>;
}

const TIER_RANK = sql`case ${members.tier} when 'diamond' then 4 when 'gold' then 3 when 'silver' then 2 else 1 end`;

/**
 * The member search behind /members: one box (phone, last 4, card, Chinese name fragment, pinyin,
 * initials) plus filters, store scope inside the WHERE, server-side sort and paging. An advisor's
 * own clients come first. Names and phones come back masked per contactView.
 */
export async function searchMembers(db: Db, staffMember: StaffPrincipal, params: MemberListParams): Promise<MemberSearchResult> {
  const conditions: (SQL | undefined)[] = [membersInScope(staffMember)];
  const source = params.q ? memberSearchSource(params.q) : null;
  if (params.q && !source) return { rows: [], total: 0, capped: false, searched: true };
  if (params.tier) conditions.push(eq(members.tier, params.tier));
  if (params.store) conditions.push(eq(members.homeStoreId, params.store));
  if (params.stage) conditions.push(eq(members.lifecycleStage, params.stage));
  if (params.advisor) conditions.push(eq(members.advisorId, params.advisor));
  if (params.tag) conditions.push(sql`exists (select 1 from member_tags mt where mt.member_id = ${MEMBER_ID} and mt.tag = ${params.tag})`);
  const searched = source !== null || conditions.length > 1;
  if (!searched) return { rows: [], total: 0, capped: false, searched: false };
  const where = and(...conditions);

  const sortExpression = { name: members.namePinyin, registeredAt: members.registeredAt, tier: TIER_RANK }[params.sort];
  const order: SQL[] = [];
  if (staffMember.roles.includes("advisor")) order.push(sql`coalesce(${members.advisorId} = ${staffMember.id}, false) desc`);
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
        rfmSegment: onMembers(members.rfmSegment),
        registeredAt: onMembers(members.registeredAt),
        storeCode: stores.code,
        storeName: stores.name,
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
      const view = contactView(staffMember, { name: row.name, phoneE164: row.phoneE164, email: null, address: null, advisorId: row.advisorId });
      return {
        id: row.id,
        name: view.name,
        phone: view.phone,
        masked: view.masked,
        ownClient: row.advisorId === staffMember.id,
        tier: row.tier,
        lifecycleStage: row.lifecycleStage,
        rfmSegment: row.rfmSegment,
        storeCode: row.storeCode,
        storeName: row.storeName,
        advisorName: row.advisorName,
        registeredAt: row.registeredAt,
      };
    }),
    total: Math.min(count, MEMBER_SEARCH_COUNT_CAP),
    capped: count > MEMBER_SEARCH_COUNT_CAP,
    searched: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Choices for filters and forms

/** Active advisors who work at a store in the staff member's scope (or at every store). */
export async function listAdvisorsInScope(db: Db, staffMember: StaffPrincipal) {
  const scope = storeScopeOf(staffMember);
  const rows = await db
    .selectDistinct({ id: staff.id, displayName: staff.displayName, allStores: staff.allStores, storeId: staffStores.storeId })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(staffStores, eq(staffStores.staffId, staff.id))
    .where(
      and(
        eq(staff.active, true),
        scope.kind === "all" ? undefined : or(eq(staff.allStores, true), scope.storeIds.length ? sql`${staffStores.storeId} in (${sql.join(scope.storeIds.map((id) => sql`${id}`), sql`, `)})` : sql`false`),
      ),
    )
    .orderBy(asc(staff.displayName));
  // One row per advisor with the stores (in scope) they serve; `allStores` advisors serve every store.
  const byId = new Map<string, { id: string; displayName: string; allStores: boolean; storeIds: string[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, displayName: row.displayName, allStores: row.allStores, storeIds: [] };
    if (row.storeId && !entry.storeIds.includes(row.storeId)) entry.storeIds.push(row.storeId);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

/**
 * Distinct tags in use, for the list filter: a loose index scan over member_tags(tag), one index
 * probe per distinct tag however many members carry it.
 */
export async function listMemberTags(db: Db, limit = 200): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive tags(tag) as (
      (select t.tag from member_tags t order by t.tag limit 1)
      union all
      select (select t.tag from member_tags t where t.tag > tags.tag order by t.tag limit 1)
      from tags
      where tags.tag is not null
    )
    select tag from tags where tag is not null limit ${limit}
  `);
  return rowsOf<{ tag: string }>(result).map((row) => row.tag);
}

// ---------------------------------------------------------------------------------------------
// The 360° view

export const MEMBER_360_NOTES_LIMIT = 100;
export const MEMBER_360_LIST_LIMIT = 100;

export type ConsentInForce = { granted: boolean; recordedAt: Date; source: string } | null;

/**
 * Everything the 360° page shows, in two round trips whatever the member's history: the member
 * row (scope-checked) and then its child rows in parallel. Sections that later issues own
 * (purchases, points, stored value, appointments, tickets, complaints) are present and empty, so
 * that the page renders their empty states now and fills in without a redesign.
 */
export async function getMember360(db: Db, staffMember: StaffPrincipal, memberId: string) {
  if (!z.uuid().safeParse(memberId).success) return null;
  const advisor = alias(staff, "advisor");
  const [member] = await db
    .select({
      id: members.id,
      name: members.name,
      phoneE164: members.phoneE164,
      email: members.email,
      address: members.address,
      advisorId: members.advisorId,
      gender: members.gender,
      birthday: members.birthday,
      tier: members.tier,
      lifecycleStage: members.lifecycleStage,
      rfmRecency: members.rfmRecency,
      rfmFrequency: members.rfmFrequency,
      rfmMonetary: members.rfmMonetary,
      rfmSegment: members.rfmSegment,
      registrationChannel: members.registrationChannel,
      registeredAt: members.registeredAt,
      privacyPolicyVersion: members.privacyPolicyVersion,
      profile: members.profile,
      erasedAt: members.erasedAt,
      homeStoreId: members.homeStoreId,
      storeCode: stores.code,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      storeTimeZone: stores.timeZone,
      advisorName: advisor.displayName,
    })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .leftJoin(advisor, eq(advisor.id, members.advisorId))
    .where(and(eq(members.id, memberId), membersInScope(staffMember)));
  if (!member) return null;

  const author = alias(staff, "author");
  const [loyalty, cards, consentRows, tags, notes, importantDates, wishlist] = await Promise.all([
    getMemberLoyalty(db, staffMember, { id: member.id, timeZone: member.storeTimeZone ?? "Asia/Shanghai" }),
    db
      .select({ cardNo: memberCards.cardNo, source: memberCards.source, createdAt: memberCards.createdAt })
      .from(memberCards)
      .where(eq(memberCards.memberId, member.id))
      .orderBy(asc(memberCards.createdAt))
      .limit(MEMBER_360_LIST_LIMIT),
    db
      .selectDistinctOn([memberConsents.channel], { channel: memberConsents.channel, granted: memberConsents.granted, recordedAt: memberConsents.recordedAt, source: memberConsents.source })
      .from(memberConsents)
      .where(eq(memberConsents.memberId, member.id))
      .orderBy(memberConsents.channel, desc(memberConsents.recordedAt), desc(memberConsents.id)),
    db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, member.id)).orderBy(asc(memberTags.tag)),
    db
      .select({ id: memberNotes.id, body: memberNotes.body, createdAt: memberNotes.createdAt, authorName: author.displayName })
      .from(memberNotes)
      .leftJoin(author, eq(author.id, memberNotes.authorStaffId))
      .where(eq(memberNotes.memberId, member.id))
      .orderBy(desc(memberNotes.createdAt), desc(memberNotes.id))
      .limit(MEMBER_360_NOTES_LIMIT),
    db
      .select({ id: memberImportantDates.id, kind: memberImportantDates.kind, label: memberImportantDates.label, date: memberImportantDates.date })
      .from(memberImportantDates)
      .where(eq(memberImportantDates.memberId, member.id))
      .orderBy(asc(sql`to_char(${memberImportantDates.date}, 'MM-DD')`), asc(memberImportantDates.id))
      .limit(MEMBER_360_LIST_LIMIT),
    db
      .select({ id: memberWishlistItems.id, description: memberWishlistItems.description, sku: memberWishlistItems.sku, priceFen: memberWishlistItems.priceFen, createdAt: memberWishlistItems.createdAt })
      .from(memberWishlistItems)
      .where(eq(memberWishlistItems.memberId, member.id))
      .orderBy(desc(memberWishlistItems.createdAt), desc(memberWishlistItems.id))
      .limit(MEMBER_360_LIST_LIMIT),
  ]);

  const consents = Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, null])) as Record<ConsentChannel, ConsentInForce>;
  for (const row of consentRows) consents[row.channel] = { granted: row.granted, recordedAt: row.recordedAt, source: row.source };
  const parsedProfile = clientelingProfileSchema.safeParse(member.profile ?? {});
  const profile: ClientelingProfile = parsedProfile.success ? parsedProfile.data : {};

  return {
    id: member.id,
    contact: contactView(staffMember, member),
    ownClient: member.advisorId === staffMember.id,
    erased: member.erasedAt !== null,
    gender: member.gender,
    birthday: member.birthday,
    tier: member.tier,
    lifecycleStage: member.lifecycleStage,
    rfm: { recency: member.rfmRecency, frequency: member.rfmFrequency, monetary: member.rfmMonetary, segment: member.rfmSegment },
    registrationChannel: member.registrationChannel,
    registeredAt: member.registeredAt,
    privacyPolicyVersion: member.privacyPolicyVersion,
    homeStore: { id: member.homeStoreId, code: member.storeCode, name: member.storeName, nameEn: member.storeNameEn },
    advisor: member.advisorId ? { id: member.advisorId, name: member.advisorName } : null,
    consents,
    cards,
    tags: tags.map((t) => t.tag),
    notes,
    importantDates,
    wishlist,
    profile,
    timeZone: member.storeTimeZone ?? "Asia/Shanghai",
    loyalty,
    appointments: [] as { id: string; at: Date; type: string; status: string }[],
    serviceTickets: [] as { id: string; at: Date; type: string; status: string }[],
    complaints: [] as { id: string; at: Date; category: string; status: string }[],
  };
}
export type Member360 = NonNullable<Awaited<ReturnType<typeof getMember360>>>;

/**
 * The edit form's starting values. Contact details are included only for a reader who sees them
 * unmasked; everyone else gets the masked text as a placeholder and leaves the field blank to keep it.
 */
export async function getMemberForEdit(db: Db, staffMember: StaffPrincipal, memberId: string) {
  if (!z.uuid().safeParse(memberId).success) return null;
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), membersInScope(staffMember)));
  if (!member) return null;
  const [consentRows, tags] = await Promise.all([
    db
      .selectDistinctOn([memberConsents.channel], { channel: memberConsents.channel, granted: memberConsents.granted })
      .from(memberConsents)
      .where(eq(memberConsents.memberId, member.id))
      .orderBy(memberConsents.channel, desc(memberConsents.recordedAt), desc(memberConsents.id)),
    db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, member.id)).orderBy(asc(memberTags.tag)),
  ]);
  const unmasked = seesUnmasked(staffMember, member);
  const consents = { sms: false, wechat: false, email: false };
  for (const row of consentRows) consents[row.channel] = row.granted;
  return {
    id: member.id,
    erased: member.erasedAt !== null,
    masked: contactView(staffMember, member),
    contact: unmasked
      ? { name: member.name, phone: member.phoneE164?.replace(/^\+86/, "") ?? "", email: member.email ?? "", address: member.address ?? "" }
      : null,
    gender: member.gender,
    birthday: member.birthday,
    homeStoreId: member.homeStoreId,
    advisorId: member.advisorId,
    privacyPolicyVersion: member.privacyPolicyVersion,
    consents,
    tags: tags.map((t) => t.tag),
  };
}

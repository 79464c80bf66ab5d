import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  memberCards,
  memberConsents,
  memberImportantDates,
  memberNotes,
  members,
  memberTags,
  memberWishlistItems,
  staff,
  staffRoles,
  staffStores,
  stores,
} from "@/db/schema";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { DEFAULT_TIME_ZONE } from "@/lib/time";
import { clientelingProfileSchema, type ClientelingProfile } from "./clienteling/schemas";
import { contactView, seesUnmasked } from "./masking";
import { CONSENT_CHANNELS, type ConsentChannel } from "./schemas";
import { membersInScope } from "./scope";

/** Active advisors who work at a store in the staff member's scope (or at every store). */
export async function listAdvisorsInScope(db: Db, staffMember: StaffPrincipal) {
  const scope = storeScopeOf(staffMember);
  const rows = await db
    .selectDistinct({
      id: staff.id,
      displayName: staff.displayName,
      allStores: staff.allStores,
      storeId: staffStores.storeId,
    })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(staffStores, eq(staffStores.staffId, staff.id))
    .where(
      and(
        eq(staff.active, true),
        scope.kind === "all"
          ? undefined
          : or(
              eq(staff.allStores, true),
              scope.storeIds.length
                ? sql`${staffStores.storeId} in (${sql.join(
                    scope.storeIds.map((id) => sql`${id}`),
                    sql`, `,
                  )})`
                : sql`false`,
            ),
      ),
    )
    .orderBy(asc(staff.displayName));
  // One row per advisor with the stores (in scope) they serve; `allStores` advisors serve every store.
  const byId = new Map<string, { id: string; displayName: string; allStores: boolean; storeIds: string[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? {
      id: row.id,
      displayName: row.displayName,
      allStores: row.allStores,
      storeIds: [],
    };
    if (row.storeId && !entry.storeIds.includes(row.storeId)) entry.storeIds.push(row.storeId);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------
// The 360° view: this domain's section of it (other domains load theirs with their own
// get…ForMember query, side by side with this one).

export const MEMBER_360_NOTES_LIMIT = 100;
export const MEMBER_360_LIST_LIMIT = 100;

export type ConsentInForce = { granted: boolean; recordedAt: Date } | null;

/**
 * The member's id and home-store time zone when the member is in the staff member's stores (else
 * null): the 360° page reads this first, then asks every domain for its section in parallel.
 */
export async function findMemberInScope(
  db: Db,
  staffMember: StaffPrincipal,
  memberId: string,
): Promise<{ id: string; timeZone: string } | null> {
  if (!z.uuid().safeParse(memberId).success) return null;
  const [row] = await db
    .select({ id: members.id, timeZone: stores.timeZone })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(eq(members.id, memberId), membersInScope(staffMember)));
  return row ? { id: row.id, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE } : null;
}

/**
 * The member's own part of the 360° page: profile, contact (masked per contactView), consents in
 * force, cards, tags, notes, important dates and wishlist, in one statement: the scope-checked
 * member row with its bounded child lists as JSON beside it (read only for a row in scope). Null
 * when the member is not in scope.
 */
export async function getMemberForView(db: Db, staffMember: StaffPrincipal, memberId: string) {
  if (!z.uuid().safeParse(memberId).success) return null;
  const advisor = alias(staff, "advisor");
  const [row] = await db
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
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
      advisorName: advisor.displayName,
      cards: sql<string[] | null>`(select json_agg(c.card_no order by c.created_at) from
        (select card_no, created_at from ${memberCards} where member_id = ${members.id}
          order by created_at limit ${MEMBER_360_LIST_LIMIT}) c)`,
      consents: sql<{ channel: ConsentChannel; granted: boolean; recordedAt: string }[] | null>`(select json_agg(
          json_build_object('channel', c.channel, 'granted', c.granted, 'recordedAt', c.recorded_at)) from
        (select distinct on (channel) channel, granted, recorded_at from ${memberConsents} where member_id = ${members.id}
          order by channel, recorded_at desc, id desc) c)`,
      tags: sql<
        string[] | null
      >`(select json_agg(tag order by tag) from ${memberTags} where member_id = ${members.id})`,
      // The lists as JSON, dates as strings (made Dates again below).
      notes: sql<{ id: string; body: string; createdAt: string; authorName: string | null }[] | null>`(select
          json_agg(json_build_object('id', n.id, 'body', n.body, 'createdAt', n.created_at, 'authorName', n.author_name)
                   order by n.created_at desc, n.id desc)
          from (select n.id, n.body, n.created_at, a.display_name as author_name
                  from ${memberNotes} n left join ${staff} a on a.id = n.author_staff_id
                 where n.member_id = ${members.id}
                 order by n.created_at desc, n.id desc limit ${MEMBER_360_NOTES_LIMIT}) n)`,
      importantDates: sql<
        | { id: string; kind: (typeof memberImportantDates.$inferSelect)["kind"]; label: string | null; date: string }[]
        | null
      >`(select json_agg(json_build_object('id', d.id, 'kind', d.kind, 'label', d.label, 'date', d.date)
                         order by to_char(d.date, 'MM-DD'), d.id)
           from (select id, kind, label, date from ${memberImportantDates} where member_id = ${members.id}
                  order by to_char(date, 'MM-DD'), id limit ${MEMBER_360_LIST_LIMIT}) d)`,
      wishlist: sql<{ id: string; description: string; sku: string | null; priceFen: number | null }[] | null>`(select
          json_agg(json_build_object('id', w.id, 'description', w.description, 'sku', w.sku, 'priceFen', w.price_fen)
                   order by w.created_at desc, w.id desc)
          from (select id, description, sku, price_fen, created_at from ${memberWishlistItems} where member_id = ${members.id}
                 order by created_at desc, id desc limit ${MEMBER_360_LIST_LIMIT}) w)`,
    })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .leftJoin(advisor, eq(advisor.id, members.advisorId))
    .where(and(eq(members.id, memberId), membersInScope(staffMember)));
  if (!row) return null;
  const member = row;
  const cards = (row.cards ?? []).map((cardNo) => ({ cardNo }));
  const tags = (row.tags ?? []).map((tag) => ({ tag }));
  const consentRows = (row.consents ?? []).map((c) => ({ ...c, recordedAt: new Date(c.recordedAt) }));

  const consents = Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, null])) as Record<
    ConsentChannel,
    ConsentInForce
  >;
  for (const row of consentRows) consents[row.channel] = { granted: row.granted, recordedAt: row.recordedAt };
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
    rfm: {
      recency: member.rfmRecency,
      frequency: member.rfmFrequency,
      monetary: member.rfmMonetary,
      segment: member.rfmSegment,
    },
    registrationChannel: member.registrationChannel,
    registeredAt: member.registeredAt,
    privacyPolicyVersion: member.privacyPolicyVersion,
    homeStore: { name: member.storeName, nameEn: member.storeNameEn },
    /** The home store's time zone (the member's local dates are its dates). */
    timeZone: member.timeZone ?? DEFAULT_TIME_ZONE,
    advisorName: member.advisorName,
    consents,
    cardNos: cards.map((c) => c.cardNo),
    tags: tags.map((t) => t.tag),
    profile,
    notes: (row.notes ?? []).map((note) => ({ ...note, createdAt: new Date(note.createdAt) })),
    importantDates: row.importantDates ?? [],
    wishlist: row.wishlist ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// The edit form

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
    db
      .select({ tag: memberTags.tag })
      .from(memberTags)
      .where(eq(memberTags.memberId, member.id))
      .orderBy(asc(memberTags.tag)),
  ]);
  const unmasked = seesUnmasked(staffMember, member);
  const consents = { sms: false, wechat: false, email: false };
  for (const row of consentRows) consents[row.channel] = row.granted;
  return {
    id: member.id,
    erased: member.erasedAt !== null,
    masked: contactView(staffMember, member),
    contact: unmasked
      ? {
          name: member.name,
          phone: member.phoneE164?.replace(/^\+86/, "") ?? "",
          email: member.email ?? "",
          address: member.address ?? "",
        }
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

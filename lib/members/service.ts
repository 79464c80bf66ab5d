import { randomInt } from "node:crypto";
import { and, desc, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { memberCards, memberConsents, members, memberTags, staff, staffRoles, staffStores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, hasPermission, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { normalizeCardNo } from "./card-number";
import { contactView } from "./masking";
import {
  CONSENT_CHANNELS,
  type ConsentChannel,
  type ConsentState,
  type consentChangeSchema,
  type CreateMemberValues,
  type issueMemberCardSchema,
  type setTagsSchema,
  type UpdateMemberValues,
} from "./schemas";
import { membersInScope, memberInScopeOrThrow, writableMember } from "./scope";
import { nameSearchKeys } from "./search/keys";

/**
 * Member writes. Each function runs inside the caller's transaction (the use case opens one), checks
 * store scope itself, and writes an audit entry that names ids and field names only: never the
 * personal data itself. The clienteling writes of the 360° view are in clienteling/service.ts.
 */

export type CreateMemberResult =
  | { kind: "created"; memberId: string }
  /** The phone belongs to a member this staff member can see: open that member instead. */
  | { kind: "existing"; existingMemberId: string }
  /** Nothing was created: members with the same name and birthday exist; resubmit with confirmDuplicates. */
  | {
      kind: "warning";
      warnings: { code: "sameNameBirthday"; members: { id: string; name: string; phone: string }[] }[];
    };

function phoneLast4(e164: string): string {
  return e164.slice(-4);
}

/** The member holding this phone (following a merge to the survivor), or null. */
async function memberIdByPhone(db: Db, phoneE164: string): Promise<string | null> {
  const [row] = await db
    .select({ id: members.id, mergedIntoId: members.mergedIntoId })
    .from(members)
    .where(eq(members.phoneE164, phoneE164));
  if (!row) return null;
  return row.mergedIntoId ?? row.id;
}

async function isInScope(db: Db, staff: StaffPrincipal, memberId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), membersInScope(staff)));
  return !!row;
}

/**
 * A phone held outside the caller's stores: the number cannot be used, and neither the message nor
 * its key says that it exists in another store (docs/domain.md#identity-and-registration).
 */
const phoneUnavailableError = () => new AppError("conflict", { fieldErrors: { phone: ["phoneUnavailable"] } });

/** A phone that is taken: in scope the caller may link to it; elsewhere it is a conflict that names no one. */
async function phoneTakenError(db: Db, staff: StaffPrincipal, existingId: string): Promise<AppError> {
  if (await isInScope(db, staff, existingId))
    return new AppError("conflict", { messageKey: "memberPhoneTaken", fieldErrors: { phone: ["phoneTaken"] } });
  return phoneUnavailableError();
}

/**
 * An advisor sees their clients unmasked (docs/domain.md#masking-and-reveal), so choosing a
 * member's advisor is a manager's decision: without `members.assign_advisor` it is refused on the
 * field, never quietly dropped, so that the staff member knows it did not happen.
 */
function assertMayAssignAdvisor(staff: StaffPrincipal) {
  if (!hasPermission(staff, "members.assign_advisor"))
    throw new AppError("forbidden", { fieldErrors: { advisorId: ["advisorAssignNotAllowed"] } });
}

/**
 * The advisor must be an active staff member with the advisor role who works at the member's home
 * store (or at every store).
 */
async function assertAdvisorServesStore(db: Db, advisorId: string, storeId: string) {
  const [row] = await db
    .select({ id: staff.id })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "advisor")))
    .leftJoin(staffStores, and(eq(staffStores.staffId, staff.id), eq(staffStores.storeId, storeId)))
    .where(
      and(
        eq(staff.id, advisorId),
        eq(staff.active, true),
        or(eq(staff.allStores, true), eq(staffStores.storeId, storeId)),
      ),
    )
    .limit(1);
  if (!row) throw new AppError("validation", { fieldErrors: { advisorId: ["unknownAdvisor"] } });
}

/** Members in scope with this exact name and birthday (the "possible duplicate" warning), masked for the reader. */
export async function findSameNameAndBirthday(
  db: Db,
  staff: StaffPrincipal,
  name: string,
  birthday: string,
  excludeId?: string,
) {
  const rows = await db
    .select({ id: members.id, name: members.name, phoneE164: members.phoneE164, advisorId: members.advisorId })
    .from(members)
    .where(
      and(
        eq(members.name, name),
        eq(members.birthday, birthday),
        isNull(members.erasedAt),
        membersInScope(staff),
        excludeId ? ne(members.id, excludeId) : undefined,
      ),
    )
    .limit(5);
  return rows.map((row) => {
    const view = contactView(staff, { ...row, email: null, address: null });
    return { id: row.id, name: view.name, phone: view.phone };
  });
}

/** In-force consent per channel (the latest row of the append-only history). */
async function currentConsents(db: Db, memberId: string): Promise<Partial<Record<ConsentChannel, boolean>>> {
  const rows = await db
    .selectDistinctOn([memberConsents.channel], { channel: memberConsents.channel, granted: memberConsents.granted })
    .from(memberConsents)
    .where(eq(memberConsents.memberId, memberId))
    .orderBy(memberConsents.channel, desc(memberConsents.recordedAt), desc(memberConsents.id));
  return Object.fromEntries(rows.map((r) => [r.channel, r.granted]));
}

/** Appends a consent row for every channel whose state changes; returns the channels that changed. */
async function appendConsentChanges(
  db: Db,
  actor: Actor,
  memberId: string,
  wanted: Partial<ConsentState>,
  options: { recordUnchanged?: boolean } = {},
) {
  const current = options.recordUnchanged ? {} : await currentConsents(db, memberId);
  const changed = CONSENT_CHANNELS.filter(
    (channel) => wanted[channel] !== undefined && current[channel] !== wanted[channel],
  );
  if (changed.length) {
    await db.insert(memberConsents).values(
      changed.map((channel) => ({
        memberId,
        channel,
        granted: wanted[channel]!,
        source: "staff",
        recordedBy: actor.staffId,
      })),
    );
  }
  return changed;
}

async function replaceTags(db: Db, memberId: string, tags: readonly string[]) {
  const before = await db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, memberId));
  const oldSet = new Set(before.map((r) => r.tag));
  const newSet = new Set(tags);
  const removed = [...oldSet].filter((t) => !newSet.has(t));
  const added = [...newSet].filter((t) => !oldSet.has(t));
  if (removed.length)
    await db.delete(memberTags).where(and(eq(memberTags.memberId, memberId), inArray(memberTags.tag, removed)));
  if (added.length)
    await db
      .insert(memberTags)
      .values(added.map((tag) => ({ memberId, tag })))
      .onConflictDoNothing();
  return { added, removed };
}

/**
 * Registers a member. An existing phone is never registered twice: inside the staff member's
 * stores the caller gets that member's id to open instead, elsewhere a conflict that does not say
 * whose phone it is. Same name + birthday returns a warning unless `confirmDuplicates`.
 */
export async function createMember(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: CreateMemberValues,
): Promise<CreateMemberResult> {
  authorize(staff, "members.write", { storeId: input.homeStoreId });
  if (input.advisorId) assertMayAssignAdvisor(staff);
  const existingId = await memberIdByPhone(db, input.phone);
  if (existingId) {
    if (await isInScope(db, staff, existingId)) return { kind: "existing", existingMemberId: existingId };
    throw await phoneTakenError(db, staff, existingId);
  }
  if (input.birthday && !input.confirmDuplicates) {
    const same = await findSameNameAndBirthday(db, staff, input.name, input.birthday);
    if (same.length) return { kind: "warning", warnings: [{ code: "sameNameBirthday", members: same }] };
  }
  if (input.advisorId) await assertAdvisorServesStore(db, input.advisorId, input.homeStoreId);

  // The unique index settles two registrations of one phone at the same moment.
  const [created] = await db
    .insert(members)
    .values({
      homeStoreId: input.homeStoreId,
      name: input.name,
      ...nameSearchKeys(input.name),
      gender: input.gender,
      birthday: input.birthday,
      phoneE164: input.phone,
      phoneLast4: phoneLast4(input.phone),
      email: input.email,
      address: input.address,
      registrationChannel: input.registrationChannel,
      advisorId: input.advisorId,
      privacyPolicyVersion: input.privacyPolicyVersion,
    })
    .onConflictDoNothing({ target: members.phoneE164 })
    .returning({ id: members.id });
  if (!created) {
    const raced = await memberIdByPhone(db, input.phone);
    if (raced && (await isInScope(db, staff, raced))) return { kind: "existing", existingMemberId: raced };
    throw phoneUnavailableError();
  }
  // The initial state of every channel is recorded, refusals included: it documents what was asked.
  await appendConsentChanges(db, actor, created.id, input.consents, { recordUnchanged: true });
  if (input.tags.length) await db.insert(memberTags).values(input.tags.map((tag) => ({ memberId: created.id, tag })));
  await recordAudit(db, {
    action: "member.create",
    ...byActor(actor),
    entityType: "member",
    entityId: created.id,
    storeId: input.homeStoreId,
    details: {
      registrationChannel: input.registrationChannel,
      advisorId: input.advisorId,
      consents: CONSENT_CHANNELS.filter((c) => input.consents[c]),
      duplicateWarningOverridden: input.confirmDuplicates || undefined,
    },
  });
  return { kind: "created", memberId: created.id };
}

/**
 * Edits identity, consents and tags in one go. Contact fields left out are kept; the audit entry
 * lists the names of the fields that changed.
 */
export async function updateMember(db: Db, staff: StaffPrincipal, actor: Actor, input: UpdateMemberValues) {
  const member = await memberInScopeOrThrow(db, staff, input.id, { forUpdate: true });
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
  if (input.homeStoreId !== member.homeStoreId) authorize(staff, "members.write", { storeId: input.homeStoreId });
  // The form sends the advisor back unchanged; only a change (removal included) is an assignment.
  if (input.advisorId !== member.advisorId) assertMayAssignAdvisor(staff);

  const changes: Partial<typeof members.$inferInsert> = {};
  if (input.name !== undefined && input.name !== member.name)
    Object.assign(changes, { name: input.name, ...nameSearchKeys(input.name) });
  if (input.phone !== undefined && input.phone !== member.phoneE164) {
    const holder = await memberIdByPhone(db, input.phone);
    if (holder && holder !== member.id) throw await phoneTakenError(db, staff, holder);
    Object.assign(changes, { phoneE164: input.phone, phoneLast4: phoneLast4(input.phone) });
  }
  if (input.email !== undefined && input.email !== member.email) changes.email = input.email;
  if (input.address !== undefined && input.address !== member.address) changes.address = input.address;
  if (input.gender !== member.gender) changes.gender = input.gender;
  if (input.birthday !== member.birthday) changes.birthday = input.birthday;
  if (input.homeStoreId !== member.homeStoreId) changes.homeStoreId = input.homeStoreId;
  if (input.advisorId !== member.advisorId) changes.advisorId = input.advisorId;
  if (input.privacyPolicyVersion !== member.privacyPolicyVersion)
    changes.privacyPolicyVersion = input.privacyPolicyVersion;
  // An unchanged advisor stays valid even if the member moves store; a new one must serve the store.
  if (input.advisorId && (input.advisorId !== member.advisorId || input.homeStoreId !== member.homeStoreId)) {
    await assertAdvisorServesStore(db, input.advisorId, input.homeStoreId);
  }

  const fields = Object.keys(changes).filter(
    (f) => !["namePinyin", "nameInitials", "nameGrams", "phoneLast4"].includes(f),
  );
  if (fields.length) {
    await db
      .update(members)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(members.id, member.id));
  }
  const consentChannels = await appendConsentChanges(db, actor, member.id, input.consents);
  const tags = await replaceTags(db, member.id, input.tags);
  if (fields.length || consentChannels.length || tags.added.length || tags.removed.length) {
    await recordAudit(db, {
      action: "member.update",
      ...byActor(actor),
      entityType: "member",
      entityId: member.id,
      storeId: changes.homeStoreId ?? member.homeStoreId,
      details: {
        fields,
        consentChannels,
        tagsAdded: tags.added.length,
        tagsRemoved: tags.removed.length,
        fromStoreId: changes.homeStoreId ? member.homeStoreId : undefined,
        // Staff ids, not personal data: who was the advisor before and after.
        advisorChange: "advisorId" in changes ? { from: member.advisorId, to: changes.advisorId } : undefined,
      },
    });
  }
  return { memberId: member.id, changedFields: fields };
}

/**
 * Issues a member card: the number typed from a pre-printed card, or a generated "M" + 10 digits.
 * A number that belongs to someone already is refused on its field; a generated one is retried.
 */
export async function issueMemberCard(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof issueMemberCardSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const cardNo =
      input.cardNo !== undefined
        ? normalizeCardNo(input.cardNo)
        : `M${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
    const [card] = await db
      .insert(memberCards)
      .values({ cardNo, memberId: member.id, source: "issued" })
      .onConflictDoNothing()
      .returning({ cardNo: memberCards.cardNo });
    if (card) {
      await recordAudit(db, {
        action: "member.card.issue",
        ...byActor(actor),
        entityType: "member",
        entityId: member.id,
        storeId: member.homeStoreId,
        details: { cardNo },
      });
      return { cardNo };
    }
    if (input.cardNo) throw new AppError("validation", { fieldErrors: { cardNo: ["cardNoTaken"] } });
  }
  throw new AppError("conflict");
}

export async function setTags(db: Db, staff: StaffPrincipal, actor: Actor, input: z.output<typeof setTagsSchema>) {
  const member = await writableMember(db, staff, input.memberId);
  const { added, removed } = await replaceTags(db, member.id, input.tags);
  if (added.length || removed.length) {
    await recordAudit(db, {
      action: "member.tags.set",
      ...byActor(actor),
      entityType: "member",
      entityId: member.id,
      storeId: member.homeStoreId,
      details: { added, removed },
    });
  }
  return { added, removed };
}

/** Appends one consent row (source `staff`); consent history is never edited. */
export async function recordConsentChange(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof consentChangeSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  await db.insert(memberConsents).values({
    memberId: member.id,
    channel: input.channel,
    granted: input.granted,
    source: "staff",
    recordedBy: actor.staffId,
  });
  await recordAudit(db, {
    action: "member.consent.change",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { channel: input.channel, granted: input.granted },
  });
}

import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { memberImportantDates, memberNotes, members, memberWishlistItems } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { writableMember } from "../scope";
import type {
  addImportantDateSchema,
  addNoteSchema,
  addWishlistItemSchema,
  ClientelingProfile,
  removeImportantDateSchema,
  removeWishlistItemSchema,
  updateProfileSchema,
} from "./schemas";

/**
 * Clienteling writes of the 360° view (profile, notes, important dates, wishlist). As in the member
 * service: the caller's transaction, scope checked on the member, audit entries without personal data.
 */

/** Replaces the clienteling profile (preferences) as one document. */
export async function updateProfile(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof updateProfileSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  const profile: ClientelingProfile = input.profile;
  await db.update(members).set({ profile, updatedAt: new Date() }).where(eq(members.id, member.id));
  await recordAudit(db, {
    action: "member.profile.update",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: {
      fields: Object.keys(input.profile).filter((k) => input.profile[k as keyof typeof input.profile] !== undefined),
    },
  });
  return { memberId: member.id };
}

export async function addNote(db: Db, staff: StaffPrincipal, actor: Actor, input: z.output<typeof addNoteSchema>) {
  const member = await writableMember(db, staff, input.memberId);
  const [note] = await db
    .insert(memberNotes)
    .values({ memberId: member.id, authorStaffId: actor.staffId, body: input.body })
    .returning({ id: memberNotes.id });
  await recordAudit(db, {
    action: "member.note.add",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { noteId: note!.id },
  });
  return { noteId: note!.id };
}

export async function addImportantDate(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof addImportantDateSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  const [row] = await db
    .insert(memberImportantDates)
    .values({ memberId: member.id, kind: input.kind, label: input.label, date: input.date })
    .returning({ id: memberImportantDates.id });
  await recordAudit(db, {
    action: "member.important_date.add",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { importantDateId: row!.id, kind: input.kind },
  });
  return { id: row!.id };
}

export async function removeImportantDate(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof removeImportantDateSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  const deleted = await db
    .delete(memberImportantDates)
    .where(and(eq(memberImportantDates.id, input.id), eq(memberImportantDates.memberId, member.id)))
    .returning({ id: memberImportantDates.id });
  if (!deleted.length) throw new AppError("not_found");
  await recordAudit(db, {
    action: "member.important_date.remove",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { importantDateId: input.id },
  });
}

export async function addWishlistItem(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof addWishlistItemSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  const [row] = await db
    .insert(memberWishlistItems)
    .values({
      memberId: member.id,
      description: input.description,
      sku: input.sku,
      priceFen: input.priceFen,
      addedBy: actor.staffId,
    })
    .returning({ id: memberWishlistItems.id });
  await recordAudit(db, {
    action: "member.wishlist.add",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { wishlistItemId: row!.id },
  });
  return { id: row!.id };
}

export async function removeWishlistItem(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof removeWishlistItemSchema>,
) {
  const member = await writableMember(db, staff, input.memberId);
  const deleted = await db
    .delete(memberWishlistItems)
    .where(and(eq(memberWishlistItems.id, input.id), eq(memberWishlistItems.memberId, member.id)))
    .returning({ id: memberWishlistItems.id });
  if (!deleted.length) throw new AppError("not_found");
  await recordAudit(db, {
    action: "member.wishlist.remove",
    ...byActor(actor),
    entityType: "member",
    entityId: member.id,
    storeId: member.homeStoreId,
    details: { wishlistItemId: input.id },
  });
}

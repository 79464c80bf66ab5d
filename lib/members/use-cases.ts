import { defineUseCase } from "@/lib/actions/use-case";
import {
  addImportantDateSchema,
  addNoteSchema,
  addWishlistItemSchema,
  consentChangeSchema,
  createMemberSchema,
  issueMemberCardSchema,
  removeImportantDateSchema,
  removeWishlistItemSchema,
  setTagsSchema,
  updateMemberSchema,
  updateProfileSchema,
} from "./schemas";
import {
  addImportantDate,
  addNote,
  addWishlistItem,
  createMember,
  issueMemberCard,
  recordConsentChange,
  removeImportantDate,
  removeWishlistItem,
  setTags,
  updateMember,
  updateProfile,
} from "./service";

// Every write below except registration acts on an existing member: its store is checked on the
// member row the business function reads anyway (memberInScopeOrThrow), hence "in-run".

export const registerMemberUseCase = defineUseCase({
  permission: "members.write",
  input: createMemberSchema,
  scope: ({ input }) => input.homeStoreId,
  revalidate: () => ["/members"],
  run: ({ db, staff, actor, input }) => createMember(db, staff, actor, input),
});

export const editMemberUseCase = defineUseCase({
  permission: "members.write",
  input: updateMemberSchema,
  // The home store the member will have; the member's current store is checked in run.
  scope: ({ input }) => input.homeStoreId,
  revalidate: () => ["/members"],
  run: ({ db, staff, actor, input }) => updateMember(db, staff, actor, input),
});

export const updateMemberProfileUseCase = defineUseCase({
  permission: "members.write",
  input: updateProfileSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => updateProfile(db, staff, actor, input),
});

export const issueMemberCardUseCase = defineUseCase({
  permission: "members.write",
  input: issueMemberCardSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => issueMemberCard(db, staff, actor, input),
});

export const addMemberNoteUseCase = defineUseCase({
  permission: "members.write",
  input: addNoteSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => addNote(db, staff, actor, input),
});

export const setMemberTagsUseCase = defineUseCase({
  permission: "members.write",
  input: setTagsSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => setTags(db, staff, actor, input),
});

export const recordMemberConsentUseCase = defineUseCase({
  permission: "members.write",
  input: consentChangeSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => recordConsentChange(db, staff, actor, input),
});

export const addMemberImportantDateUseCase = defineUseCase({
  permission: "members.write",
  input: addImportantDateSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => addImportantDate(db, staff, actor, input),
});

export const removeMemberImportantDateUseCase = defineUseCase({
  permission: "members.write",
  input: removeImportantDateSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => removeImportantDate(db, staff, actor, input),
});

export const addMemberWishlistItemUseCase = defineUseCase({
  permission: "members.write",
  input: addWishlistItemSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => addWishlistItem(db, staff, actor, input),
});

export const removeMemberWishlistItemUseCase = defineUseCase({
  permission: "members.write",
  input: removeWishlistItemSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => removeWishlistItem(db, staff, actor, input),
});

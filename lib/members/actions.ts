"use server";

import { defineAction } from "@/lib/actions/define-action";
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

// Thin wrappers: session → members.write → zod → store scope (the home store here, the member's
// store inside each business function through memberInScopeOrThrow) → one transaction → audit.

export const createMemberAction = defineAction({
  permission: "members.write",
  input: createMemberSchema,
  storeId: (input) => input.homeStoreId,
  revalidate: ["/members"],
  run: ({ staff, actor, input, db }) => createMember(db, staff, actor, input),
});

export const updateMemberAction = defineAction({
  permission: "members.write",
  input: updateMemberSchema,
  storeId: (input) => input.homeStoreId,
  revalidate: ["/members"],
  run: ({ staff, actor, input, db }) => updateMember(db, staff, actor, input),
});

export const updateMemberProfileAction = defineAction({
  permission: "members.write",
  input: updateProfileSchema,
  run: ({ staff, actor, input, db }) => updateProfile(db, staff, actor, input),
});

export const issueMemberCardAction = defineAction({
  permission: "members.write",
  input: issueMemberCardSchema,
  run: ({ staff, actor, input, db }) => issueMemberCard(db, staff, actor, input),
});

export const addMemberNoteAction = defineAction({
  permission: "members.write",
  input: addNoteSchema,
  run: ({ staff, actor, input, db }) => addNote(db, staff, actor, input),
});

export const setMemberTagsAction = defineAction({
  permission: "members.write",
  input: setTagsSchema,
  run: ({ staff, actor, input, db }) => setTags(db, staff, actor, input),
});

export const recordMemberConsentAction = defineAction({
  permission: "members.write",
  input: consentChangeSchema,
  run: ({ staff, actor, input, db }) => recordConsentChange(db, staff, actor, input),
});

export const addMemberImportantDateAction = defineAction({
  permission: "members.write",
  input: addImportantDateSchema,
  run: ({ staff, actor, input, db }) => addImportantDate(db, staff, actor, input),
});

export const removeMemberImportantDateAction = defineAction({
  permission: "members.write",
  input: removeImportantDateSchema,
  run: ({ staff, actor, input, db }) => removeImportantDate(db, staff, actor, input),
});

export const addMemberWishlistItemAction = defineAction({
  permission: "members.write",
  input: addWishlistItemSchema,
  run: ({ staff, actor, input, db }) => addWishlistItem(db, staff, actor, input),
});

export const removeMemberWishlistItemAction = defineAction({
  permission: "members.write",
  input: removeWishlistItemSchema,
  run: ({ staff, actor, input, db }) => removeWishlistItem(db, staff, actor, input),
});

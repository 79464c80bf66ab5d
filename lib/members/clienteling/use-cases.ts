import { defineUseCase } from "@/lib/actions/use-case";
import {
  addImportantDateSchema,
  addNoteSchema,
  addWishlistItemSchema,
  removeImportantDateSchema,
  removeWishlistItemSchema,
  updateProfileSchema,
} from "./schemas";
import {
  addImportantDate,
  addNote,
  addWishlistItem,
  removeImportantDate,
  removeWishlistItem,
  updateProfile,
} from "./service";

// Each write acts on an existing member: its store is checked on the member row the business
// function reads anyway (writableMember), hence "in-run".

export const updateMemberProfileUseCase = defineUseCase({
  permission: "members.write",
  input: updateProfileSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => updateProfile(db, staff, actor, input),
});

export const addMemberNoteUseCase = defineUseCase({
  permission: "members.write",
  input: addNoteSchema,
  scope: "in-run",
  run: ({ db, staff, actor, input }) => addNote(db, staff, actor, input),
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

"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  addMemberImportantDateUseCase,
  addMemberNoteUseCase,
  addMemberWishlistItemUseCase,
  editMemberUseCase,
  issueMemberCardUseCase,
  recordMemberConsentUseCase,
  registerMemberUseCase,
  removeMemberImportantDateUseCase,
  removeMemberWishlistItemUseCase,
  setMemberTagsUseCase,
  updateMemberProfileUseCase,
} from "./use-cases";

export const registerMemberAction = defineAction(registerMemberUseCase);
export const editMemberAction = defineAction(editMemberUseCase);
export const updateMemberProfileAction = defineAction(updateMemberProfileUseCase);
export const issueMemberCardAction = defineAction(issueMemberCardUseCase);
export const addMemberNoteAction = defineAction(addMemberNoteUseCase);
export const setMemberTagsAction = defineAction(setMemberTagsUseCase);
export const recordMemberConsentAction = defineAction(recordMemberConsentUseCase);
export const addMemberImportantDateAction = defineAction(addMemberImportantDateUseCase);
export const removeMemberImportantDateAction = defineAction(removeMemberImportantDateUseCase);
export const addMemberWishlistItemAction = defineAction(addMemberWishlistItemUseCase);
export const removeMemberWishlistItemAction = defineAction(removeMemberWishlistItemUseCase);

"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  addMemberImportantDateUseCase,
  addMemberNoteUseCase,
  addMemberWishlistItemUseCase,
  removeMemberImportantDateUseCase,
  removeMemberWishlistItemUseCase,
  updateMemberProfileUseCase,
} from "./use-cases";

export const updateMemberProfileAction = defineAction(updateMemberProfileUseCase);
export const addMemberNoteAction = defineAction(addMemberNoteUseCase);
export const addMemberImportantDateAction = defineAction(addMemberImportantDateUseCase);
export const removeMemberImportantDateAction = defineAction(removeMemberImportantDateUseCase);
export const addMemberWishlistItemAction = defineAction(addMemberWishlistItemUseCase);
export const removeMemberWishlistItemAction = defineAction(removeMemberWishlistItemUseCase);

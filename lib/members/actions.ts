"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  editMemberUseCase,
  issueMemberCardUseCase,
  recordMemberConsentUseCase,
  registerMemberUseCase,
  setMemberTagsUseCase,
} from "./use-cases";

export const registerMemberAction = defineAction(registerMemberUseCase);
export const editMemberAction = defineAction(editMemberUseCase);
export const issueMemberCardAction = defineAction(issueMemberCardUseCase);
export const setMemberTagsAction = defineAction(setMemberTagsUseCase);
export const recordMemberConsentAction = defineAction(recordMemberConsentUseCase);

"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  changeOwnPasswordUseCase,
  createStaffAccountUseCase,
  deactivateStaffAccountUseCase,
  reactivateStaffAccountUseCase,
  resetStaffAccountPasswordUseCase,
  setOwnLanguageUseCase,
  updateStaffAccountUseCase,
} from "./use-cases";

export const createStaffAction = defineAction(createStaffAccountUseCase);
export const updateStaffAction = defineAction(updateStaffAccountUseCase);
export const deactivateStaffAction = defineAction(deactivateStaffAccountUseCase);
export const reactivateStaffAction = defineAction(reactivateStaffAccountUseCase);
export const resetStaffPasswordAction = defineAction(resetStaffAccountPasswordUseCase);
export const setLocaleAction = defineAction(setOwnLanguageUseCase);
export const changePasswordAction = defineAction(changeOwnPasswordUseCase);

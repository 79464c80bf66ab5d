"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  changeOwnPasswordUseCase,
  createStaffAccount,
  deactivateStaffAccount,
  reactivateStaffAccount,
  resetStaffAccountPassword,
  setOwnLanguage,
  updateStaffAccount,
} from "./use-cases";

export const createStaffAction = defineAction(createStaffAccount);
export const updateStaffAction = defineAction(updateStaffAccount);
export const deactivateStaffAction = defineAction(deactivateStaffAccount);
export const reactivateStaffAction = defineAction(reactivateStaffAccount);
export const resetStaffPasswordAction = defineAction(resetStaffAccountPassword);
export const setLocaleAction = defineAction(setOwnLanguage);
export const changePasswordAction = defineAction(changeOwnPasswordUseCase);

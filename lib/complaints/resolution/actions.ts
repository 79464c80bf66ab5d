"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  decideCompensationUseCase,
  requestCompensationUseCase,
  setComplaintBudgetUseCase,
  setRegulatorReferralUseCase,
} from "./use-cases";

export const requestCompensationAction = defineAction(requestCompensationUseCase);
export const decideCompensationAction = defineAction(decideCompensationUseCase);
export const setRegulatorReferralAction = defineAction(setRegulatorReferralUseCase);
export const setComplaintBudgetAction = defineAction(setComplaintBudgetUseCase);

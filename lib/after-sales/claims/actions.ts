"use server";

import { defineAction } from "@/lib/actions/define-action";
import { decideDefectClaimUseCase, flagDefectClaimUseCase } from "./use-cases";

export const flagDefectClaimAction = defineAction(flagDefectClaimUseCase);
export const decideDefectClaimAction = defineAction(decideDefectClaimUseCase);

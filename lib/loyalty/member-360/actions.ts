"use server";

import { defineAction } from "@/lib/actions/define-action";
import { adjustmentContextUseCase, redemptionOptionsUseCase } from "./use-cases";

export const redemptionOptionsAction = defineAction(redemptionOptionsUseCase);
export const adjustmentContextAction = defineAction(adjustmentContextUseCase);

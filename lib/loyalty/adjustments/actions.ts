"use server";

import { defineAction } from "@/lib/actions/define-action";
import { decideAdjustmentUseCase, requestAdjustmentUseCase } from "./use-cases";

export const requestAdjustmentAction = defineAction(requestAdjustmentUseCase);
export const decideAdjustmentAction = defineAction(decideAdjustmentUseCase);

"use server";

import { defineAction } from "@/lib/actions/define-action";
import { addPickUseCase, linkPurchaseUseCase, removePickUseCase, unlinkPurchaseUseCase } from "./use-cases";

export const addPickAction = defineAction(addPickUseCase);
export const removePickAction = defineAction(removePickUseCase);
export const linkPurchaseAction = defineAction(linkPurchaseUseCase);
export const unlinkPurchaseAction = defineAction(unlinkPurchaseUseCase);

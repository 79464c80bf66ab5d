"use server";

import { defineAction } from "@/lib/actions/define-action";
import { memberPurchasesUseCase, registerItemUseCase, updateItemUseCase } from "./use-cases";

export const registerItemAction = defineAction(registerItemUseCase);
export const updateItemAction = defineAction(updateItemUseCase);
export const memberPurchasesAction = defineAction(memberPurchasesUseCase);

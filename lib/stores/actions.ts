"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createStoreUseCase, updateStoreUseCase } from "./use-cases";

export const createStoreAction = defineAction(createStoreUseCase);
export const updateStoreAction = defineAction(updateStoreUseCase);

"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  activateGiftUseCase,
  createGiftUseCase,
  deactivateGiftUseCase,
  restockGiftUseCase,
  updateGiftUseCase,
} from "./use-cases";

export const createGiftAction = defineAction(createGiftUseCase);
export const updateGiftAction = defineAction(updateGiftUseCase);
export const restockGiftAction = defineAction(restockGiftUseCase);
export const deactivateGiftAction = defineAction(deactivateGiftUseCase);
export const activateGiftAction = defineAction(activateGiftUseCase);

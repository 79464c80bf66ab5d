"use server";

import { defineAction } from "@/lib/actions/define-action";
import { activateGiftUseCase, createGiftUseCase, deactivateGiftUseCase, restockGiftUseCase, updateGiftUseCase } from "./gifts";

const revalidate = ["/loyalty/gifts"];

export const createGiftAction = defineAction({ ...createGiftUseCase, revalidate });
export const updateGiftAction = defineAction({ ...updateGiftUseCase, revalidate });
export const restockGiftAction = defineAction({ ...restockGiftUseCase, revalidate });
export const deactivateGiftAction = defineAction({ ...deactivateGiftUseCase, revalidate });
export const activateGiftAction = defineAction({ ...activateGiftUseCase, revalidate });

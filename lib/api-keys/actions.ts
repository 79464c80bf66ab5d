"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createStoreApiKeyUseCase, revokeStoreApiKeyUseCase } from "./use-cases";

export const createApiKeyAction = defineAction(createStoreApiKeyUseCase);
export const revokeApiKeyAction = defineAction(revokeStoreApiKeyUseCase);

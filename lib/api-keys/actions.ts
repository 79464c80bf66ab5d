"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createStoreApiKey, revokeStoreApiKey } from "./use-cases";

export const createApiKeyAction = defineAction(createStoreApiKey);
export const revokeApiKeyAction = defineAction(revokeStoreApiKey);

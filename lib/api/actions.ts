"use server";

import { defineAction } from "@/lib/actions/define-action";
import { storeScopeOf } from "@/lib/auth/policy";
import { createApiKey, revokeApiKey } from "./keys";
import { apiKeyIdSchema, createApiKeySchema } from "./schemas";

export const createApiKeyAction = defineAction({
  permission: "apikeys.manage",
  input: createApiKeySchema,
  storeId: (input) => input.storeId,
  revalidate: ["/admin/api-keys"],
  run: ({ actor, input, db }) => createApiKey(db, actor, input),
});

export const revokeApiKeyAction = defineAction({
  permission: "apikeys.manage",
  input: apiKeyIdSchema,
  revalidate: ["/admin/api-keys"],
  run: ({ staff, actor, input, db }) => revokeApiKey(db, actor, storeScopeOf(staff), input),
});

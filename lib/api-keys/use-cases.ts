import { defineUseCase } from "@/lib/actions/use-case";
import { storeScopeOf } from "@/lib/auth/policy";
import { apiKeyIdSchema, createApiKeySchema } from "./schemas";
import { createApiKey, revokeApiKey } from "./service";

const KEY_LIST = () => ["/admin/api-keys"];

/** A key acts for one store: only an administrator of that store may create it. */
export const createStoreApiKeyUseCase = defineUseCase({
  permission: "apikeys.manage",
  input: createApiKeySchema,
  scope: ({ input }) => input.storeId,
  revalidate: KEY_LIST,
  run: ({ actor, input, db }) => createApiKey(db, actor, input),
});

/** The key's store is checked in the revoking UPDATE's WHERE (a key of another store is not found). */
export const revokeStoreApiKeyUseCase = defineUseCase({
  permission: "apikeys.manage",
  input: apiKeyIdSchema,
  scope: "in-run",
  revalidate: KEY_LIST,
  run: ({ staff, actor, input, db }) => revokeApiKey(db, actor, storeScopeOf(staff), input),
});

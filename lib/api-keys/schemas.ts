import { z } from "zod";
import { listParams, listText } from "@/lib/list-params";

/** Requests a POS key may make per minute, unless the admin chooses otherwise. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/**
 * What a key may do (db/schema/api.ts `api_key_kind`): a till (`pos`) records sales, looks members
 * up and spends with a member's code; the member app's server (`member_app`) only issues those codes.
 */
export const API_KEY_KINDS = ["pos", "member_app"] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

export const createApiKeySchema = z.object({
  storeId: z.uuid({ message: "required" }),
  name: z.string().trim().min(1).max(80),
  kind: z.enum(API_KEY_KINDS).default("pos"),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;
export type CreateApiKeyFormInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.object({ id: z.uuid() });

export const apiKeyListParamsSchema = z.object({
  q: listText(80),
  store: z.uuid().optional().catch(undefined),
  status: z.enum(["active", "revoked"]).optional().catch(undefined),
  kind: z.enum(API_KEY_KINDS).optional().catch(undefined),
  sort: z.enum(["name", "store", "createdAt", "lastUsedAt"]).default("createdAt").catch("createdAt"),
  ...listParams({ dir: "desc" }),
});
export type ApiKeyListParams = z.output<typeof apiKeyListParamsSchema>;

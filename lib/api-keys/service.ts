import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor, type AuditEntry } from "@/lib/audit/service";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { hashApiKey } from "@/lib/api/authenticate";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type ApiKeyKind, type CreateApiKeyInput } from "./schemas";

/** Every key starts with this, so that a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "atr_live_";
/** Characters of the key kept in clear (prefix included), enough to tell keys apart in a list. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** Who creates or revokes a key: a staff member, or a named non-person actor such as the CLI. */
export type ApiKeyActor = Actor | { label: string };

function auditActor(actor: ApiKeyActor): Pick<AuditEntry, "actorStaffId" | "actorLabel" | "ip"> {
  return "staffId" in actor ? byActor(actor) : { actorLabel: actor.label };
}

/** 32 random bytes, base64url: the key is the only secret, so it carries 256 bits of entropy. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export type CreatedApiKey = {
  id: string;
  key: string;
  prefix: string;
  storeId: string;
  name: string;
  kind: ApiKeyKind;
  rateLimitPerMinute: number;
};

/**
 * Creates a key for a store and returns it once: only its hash and a short prefix are kept.
 * Defaults as the schema's: without a kind it is a till's key (`pos`), at the default rate limit.
 */
export async function createApiKey(
  db: Db,
  actor: ApiKeyActor,
  input: Omit<CreateApiKeyInput, "kind" | "rateLimitPerMinute"> &
    Partial<Pick<CreateApiKeyInput, "kind" | "rateLimitPerMinute">>,
): Promise<CreatedApiKey> {
  const kind = input.kind ?? "pos";
  const rateLimitPerMinute = input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const [store] = await db
    .select({ id: stores.id, code: stores.code })
    .from(stores)
    .where(eq(stores.id, input.storeId));
  if (!store) throw new AppError("validation", { fieldErrors: { storeId: ["unknownStore"] } });
  const key = generateApiKey();
  const prefix = key.slice(0, DISPLAY_PREFIX_LENGTH);
  const [row] = await db
    .insert(apiKeys)
    .values({
      storeId: store.id,
      name: input.name,
      kind,
      prefix,
      keyHash: hashApiKey(key),
      rateLimitPerMinute,
      createdBy: "staffId" in actor ? actor.staffId : null,
    })
    .returning({ id: apiKeys.id });
  await recordAudit(db, {
    action: "apikey.create",
    ...auditActor(actor),
    entityType: "api_key",
    entityId: row!.id,
    storeId: store.id,
    details: { name: input.name, kind, prefix, storeCode: store.code, rateLimitPerMinute },
  });
  return {
    id: row!.id,
    key,
    prefix,
    storeId: store.id,
    name: input.name,
    kind,
    rateLimitPerMinute,
  };
}

/**
 * Revokes a key; the next request with it is refused (authentication reads revoked_at every time).
 * A key outside the staff member's stores is not found. Revoking twice is refused as a conflict.
 */
export async function revokeApiKey(
  db: Db,
  actor: ApiKeyActor,
  scope: StoreScope,
  input: { id: string },
): Promise<{ id: string; revokedAt: Date }> {
  const [revoked] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedBy: "staffId" in actor ? actor.staffId : null })
    .where(and(eq(apiKeys.id, input.id), isNull(apiKeys.revokedAt), storeFilter(apiKeys.storeId, scope)))
    .returning({
      id: apiKeys.id,
      revokedAt: apiKeys.revokedAt,
      storeId: apiKeys.storeId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
    });
  if (!revoked) {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.id), storeFilter(apiKeys.storeId, scope)));
    throw existing ? new AppError("conflict", { messageKey: "apiKeyAlreadyRevoked" }) : new AppError("not_found");
  }
  await recordAudit(db, {
    action: "apikey.revoke",
    ...auditActor(actor),
    entityType: "api_key",
    entityId: revoked.id,
    storeId: revoked.storeId,
    details: { name: revoked.name, prefix: revoked.prefix },
  });
  return { id: revoked.id, revokedAt: revoked.revokedAt! };
}

import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { errorOf } from "@/tests/helpers/errors";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
} from "@/tests/helpers/test-db";
import { runAs } from "@/tests/helpers/run-as";
import { listApiKeys } from "./queries";
import { apiKeyIdSchema, apiKeyListParamsSchema } from "./schemas";
import { createApiKey, revokeApiKey } from "./service";
import { createStoreApiKeyUseCase } from "./use-cases";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const ALL = { kind: "all" } as const;

describe("API keys", () => {
  it("stores only the key's SHA-256 and a short prefix, and returns the key once", async () => {
    const store = await createTestStore(db);
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const created = await db.transaction((tx) =>
      createApiKey(tx, admin.actor, { storeId: store.id, name: "POS 1", rateLimitPerMinute: 120 }),
    );

    expect(created.key).toMatch(/^atr_live_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(created.key.startsWith(row!.prefix)).toBe(true);
    expect(row!.prefix.length).toBeLessThan(created.key.length / 2);
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row).toMatchObject({
      storeId: store.id,
      name: "POS 1",
      rateLimitPerMinute: 120,
      createdBy: admin.id,
      revokedAt: null,
      lastUsedAt: null,
    });

    const [audit] = await auditEntries(db, { action: "apikey.create", entityId: created.id });
    expect(audit).toMatchObject({ actorStaffId: admin.id, storeId: store.id });
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it("creates a member-app key: its kind is stored, returned and audited", async () => {
    const store = await createTestStore(db);
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const created = await runAs(db, createStoreApiKeyUseCase, admin, {
      storeId: store.id,
      name: "Mini-program",
      kind: "member_app",
    });
    expect(created.kind).toBe("member_app");
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.kind).toBe("member_app");
    const [audit] = await auditEntries(db, { action: "apikey.create", entityId: created.id });
    expect(audit!.details).toMatchObject({ kind: "member_app", name: "Mini-program" });

    // Without a kind, a till's key (the form's, the CLI's and the column's default).
    const till = await runAs(db, createStoreApiKeyUseCase, admin, { storeId: store.id, name: "Till" });
    expect(till.kind).toBe("pos");
    const [tillRow] = await db.select().from(apiKeys).where(eq(apiKeys.id, till.id));
    expect(tillRow!.kind).toBe("pos");
    const [tillAudit] = await auditEntries(db, { action: "apikey.create", entityId: till.id });
    expect(tillAudit!.details).toMatchObject({ kind: "pos" });
    const bare = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "Bare" });
    expect(bare).toMatchObject({ kind: "pos", rateLimitPerMinute: 600 });
  });

  it("refuses an unknown kind on its field, creating nothing", async () => {
    const store = await createTestStore(db);
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const name = `kiosk ${uniqueSuffix()}`;
    const error = await errorOf(runAs(db, createStoreApiKeyUseCase, admin, { storeId: store.id, name, kind: "kiosk" }));
    expect(error.code).toBe("validation");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["kind"]);
    expect(await db.select().from(apiKeys).where(eq(apiKeys.name, name))).toHaveLength(0);
  });

  it("two keys never share a value", async () => {
    const store = await createTestStore(db);
    const a = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "a", rateLimitPerMinute: 600 });
    const b = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "b", rateLimitPerMinute: 600 });
    expect(a.key).not.toBe(b.key);
  });

  it("audits a key created from the command line with the label cli", async () => {
    const store = await createTestStore(db);
    const created = await createApiKey(
      db,
      { label: "cli" },
      { storeId: store.id, name: "from cli", rateLimitPerMinute: 600 },
    );
    const [audit] = await auditEntries(db, { action: "apikey.create", entityId: created.id });
    expect(audit).toMatchObject({ actorLabel: "cli", actorStaffId: null });
  });

  it("refuses an unknown store", async () => {
    const error = await errorOf(
      createApiKey(db, { label: "cli" }, { storeId: crypto.randomUUID(), name: "x", rateLimitPerMinute: 600 }),
    );
    expect(error.code).toBe("validation");
    expect(error.fieldErrors).toHaveProperty("storeId");
  });

  it("revokes a key (audited); revoking it again is a conflict", async () => {
    const store = await createTestStore(db);
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const created = await createApiKey(db, admin.actor, {
      storeId: store.id,
      name: "to revoke",
      rateLimitPerMinute: 600,
    });
    const revoked = await revokeApiKey(db, admin.actor, ALL, { id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row).toMatchObject({ revokedBy: admin.id });
    expect(await auditEntries(db, { action: "apikey.revoke", entityId: created.id })).toHaveLength(1);
    expect((await errorOf(revokeApiKey(db, admin.actor, ALL, { id: created.id }))).code).toBe("conflict");
  });

  it("treats a key of a store outside the scope as not found", async () => {
    const own = await createTestStore(db);
    const other = await createTestStore(db);
    const manager = await createTestStaff(db, { roles: ["manager"], storeIds: [own.id] });
    const created = await createApiKey(
      db,
      { label: "cli" },
      { storeId: other.id, name: "other", rateLimitPerMinute: 600 },
    );
    const error = await errorOf(
      revokeApiKey(db, manager.actor, { kind: "stores", storeIds: [own.id] }, { id: created.id }),
    );
    expect(error.code).toBe("not_found");
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.revokedAt).toBeNull();
  });

  it("lists keys with their store, filtered, sorted and paged on the server, within the scope", async () => {
    const store = await createTestStore(db);
    const other = await createTestStore(db);
    const tag = uniqueSuffix(6);
    const names = [`${tag}-b`, `${tag}-a`, `${tag}-c`];
    const ids: string[] = [];
    for (const name of names)
      ids.push((await createApiKey(db, { label: "cli" }, { storeId: store.id, name, rateLimitPerMinute: 600 })).id);
    await createApiKey(db, { label: "cli" }, { storeId: other.id, name: `${tag}-other`, rateLimitPerMinute: 600 });
    await revokeApiKey(db, { label: "cli" }, ALL, { id: ids[2]! });

    const byName = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, sort: "name", dir: "asc" }));
    expect(byName.total).toBe(4);
    expect(byName.rows.map((r) => r.name)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`, `${tag}-other`]);
    expect(byName.rows[0]).toMatchObject({
      storeCode: store.code,
      storeName: store.name,
      revokedAt: null,
      lastUsedAt: null,
    });

    const active = await listApiKeys(
      db,
      ALL,
      apiKeyListParamsSchema.parse({ q: tag, status: "active", store: store.id }),
    );
    expect(active.rows.map((r) => r.name).sort()).toEqual([`${tag}-a`, `${tag}-b`]);
    const revoked = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, status: "revoked" }));
    expect(revoked.rows.map((r) => r.name)).toEqual([`${tag}-c`]);

    const paged = await listApiKeys(
      db,
      ALL,
      apiKeyListParamsSchema.parse({ q: tag, sort: "name", dir: "desc", pageSize: "10", page: "1" }),
    );
    expect(paged.rows[0]!.name).toBe(`${tag}-other`);

    const scoped = await listApiKeys(
      db,
      { kind: "stores", storeIds: [other.id] },
      apiKeyListParamsSchema.parse({ q: tag }),
    );
    expect(scoped.rows.map((r) => r.name)).toEqual([`${tag}-other`]);
  });

  it("only holders of apikeys.manage may create keys", async () => {
    const store = await createTestStore(db);
    for (const role of ["manager", "advisor", "after_sales", "service"] as const) {
      const staff = await createTestStaff(db, { roles: [role], storeIds: [store.id] });
      const error = await errorOf(
        runAs(db, createStoreApiKeyUseCase, staff, { storeId: store.id, name: `by ${role}` }),
      );
      expect(error.code).toBe("forbidden");
    }
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const created = await runAs(
      db,
      createStoreApiKeyUseCase,
      admin,
      { storeId: store.id, name: "by admin" },
      { ip: "10.0.0.9" },
    );
    expect(created.key).toMatch(/^atr_live_/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.rateLimitPerMinute).toBe(600);
    expect(apiKeyIdSchema.safeParse({ id: "nope" }).success).toBe(false);
    const [audit] = await auditEntries(db, { action: "apikey.create", entityId: created.id });
    expect(audit).toMatchObject({ actorStaffId: admin.id, ip: "10.0.0.9", storeId: store.id });
  });
});

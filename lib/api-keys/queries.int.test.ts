import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiMemberLookups } from "@/db/schema";
import { createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { listApiKeys } from "./queries";
import { apiKeyListParamsSchema } from "./schemas";
import { createApiKey } from "./service";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const ALL = { kind: "all" } as const;
const CLI = { label: "cli" };
const HOUR_MS = 3_600_000;

/** Look-ups as the POS API logs them, `hoursAgo` before now. */
async function logLookups(apiKeyId: string, found: boolean, count: number, hoursAgo = 1) {
  if (count === 0) return;
  const createdAt = new Date(Date.now() - hoursAgo * HOUR_MS);
  await db.insert(apiMemberLookups).values(
    Array.from({ length: count }, (_, i) => ({
      apiKeyId,
      found,
      createdAt,
      lookedUpBy: i % 2 ? "phone" : "card_no",
    })),
  );
}

describe("listApiKeys", () => {
  it("returns each key's kind and its look-ups of the last 24 hours, found and not found", async () => {
    const store = await createTestStore(db);
    const tag = uniqueSuffix(6);
    const till = await createApiKey(db, CLI, { storeId: store.id, name: `${tag}-till`, rateLimitPerMinute: 600 });
    const app = await createApiKey(db, CLI, {
      storeId: store.id,
      name: `${tag}-app`,
      kind: "member_app",
      rateLimitPerMinute: 600,
    });
    const quiet = await createApiKey(db, CLI, { storeId: store.id, name: `${tag}-quiet`, rateLimitPerMinute: 600 });
    await logLookups(till.id, true, 12);
    await logLookups(till.id, false, 3, 23);
    // Older than a day: not counted.
    await logLookups(till.id, true, 5, 25);
    await logLookups(till.id, false, 2, 48);
    await logLookups(quiet.id, false, 4, 30);

    const { rows, total } = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, sort: "name" }));
    expect(total).toBe(3);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(till.id)).toMatchObject({ kind: "pos", lookupsFound: 12, lookupsMissed: 3 });
    expect(byId.get(app.id)).toMatchObject({ kind: "member_app", lookupsFound: 0, lookupsMissed: 0 });
    expect(byId.get(quiet.id)).toMatchObject({ kind: "pos", lookupsFound: 0, lookupsMissed: 0 });
  });

  it("counts look-ups per key without multiplying the keys across pages", async () => {
    const store = await createTestStore(db);
    const tag = uniqueSuffix(6);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const name = `${tag}-${String(i).padStart(2, "0")}`;
      ids.push((await createApiKey(db, CLI, { storeId: store.id, name, rateLimitPerMinute: 600 })).id);
      await logLookups(ids[i]!, true, i);
      await logLookups(ids[i]!, false, i % 3);
    }

    const params = { q: tag, sort: "name", dir: "asc", pageSize: "10" };
    const first = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ ...params, page: "1" }));
    const second = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ ...params, page: "2" }));
    expect(first.total).toBe(12);
    expect(second.total).toBe(12);
    expect(first.rows).toHaveLength(10);
    const all = [...first.rows, ...second.rows];
    expect(all.map((row) => row.id)).toEqual(ids);
    expect(all.map((row) => [row.lookupsFound, row.lookupsMissed])).toEqual(ids.map((_, i) => [i, i % 3]));
  });

  it("filters by kind, and ignores an unknown kind in the URL", async () => {
    const store = await createTestStore(db);
    const tag = uniqueSuffix(6);
    await createApiKey(db, CLI, { storeId: store.id, name: `${tag}-till`, rateLimitPerMinute: 600 });
    await createApiKey(db, CLI, { storeId: store.id, name: `${tag}-app`, kind: "member_app", rateLimitPerMinute: 600 });

    const apps = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, kind: "member_app" }));
    expect(apps.rows.map((row) => row.name)).toEqual([`${tag}-app`]);
    expect(apps.total).toBe(1);
    const tills = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, kind: "pos" }));
    expect(tills.rows.map((row) => row.name)).toEqual([`${tag}-till`]);
    const unknown = await listApiKeys(db, ALL, apiKeyListParamsSchema.parse({ q: tag, kind: "kiosk" }));
    expect(unknown.total).toBe(2);
  });

  it("a store scope sees only its stores' keys and their look-ups", async () => {
    const own = await createTestStore(db);
    const other = await createTestStore(db);
    const tag = uniqueSuffix(6);
    const mine = await createApiKey(db, CLI, { storeId: own.id, name: `${tag}-own`, rateLimitPerMinute: 600 });
    const theirs = await createApiKey(db, CLI, { storeId: other.id, name: `${tag}-other`, rateLimitPerMinute: 600 });
    await logLookups(mine.id, true, 2);
    await logLookups(theirs.id, true, 7);

    const scoped = await listApiKeys(
      db,
      { kind: "stores", storeIds: [own.id] },
      apiKeyListParamsSchema.parse({ q: tag }),
    );
    expect(scoped.total).toBe(1);
    expect(scoped.rows).toEqual([expect.objectContaining({ id: mine.id, lookupsFound: 2, lookupsMissed: 0 })]);
  });
});

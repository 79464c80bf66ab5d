import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { authenticateApiKey } from "./authenticate";
import { DbRateLimiter } from "./rate-limit";
import { defineApiRoute, handleApiRequest } from "./route";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

const whoAmI = defineApiRoute({
  method: "GET",
  path: "/api/v1/who-am-i",
  operationId: "testWhoAmI",
  summary: "test",
  response: z.object({ storeId: z.string() }),
  names: { response: "TestWhoAmI" },
  successStatus: 200,
  errors: [],
  async run({ storeId }) {
    return { storeId };
  },
});

const call = (key: string) =>
  handleApiRequest(
    db,
    new Request("http://pos.test/api/v1/who-am-i", { headers: { Authorization: `Bearer ${key}` } }),
    whoAmI,
    {},
    { limiter: new DbRateLimiter() },
  );

const setActive = (storeId: string, active: boolean) => db.update(stores).set({ active }).where(eq(stores.id, storeId));

describe(`API key of a deactivated store on ${testDriver()}`, () => {
  it("is refused with the same 401 as an unknown key while its store is inactive, and works again once reactivated", async () => {
    const store = await createTestStore(db);
    const { key } = await createApiKey(
      db,
      { label: "cli" },
      { storeId: store.id, name: `pos ${uniqueSuffix(4)}`, rateLimitPerMinute: 600 },
    );
    expect((await call(key)).status).toBe(200);

    await setActive(store.id, false);
    const refused = await call(key);
    const unknown = await call("atr_live_notARealKeyAtAll");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(await unknown.json());
    expect(refused.headers.get("WWW-Authenticate")).toBe(unknown.headers.get("WWW-Authenticate"));
    await expect(authenticateApiKey(db, `Bearer ${key}`)).rejects.toMatchObject({
      status: 401,
      code: "unauthenticated",
    });

    await setActive(store.id, true);
    expect((await call(key)).status).toBe(200);
  });
});

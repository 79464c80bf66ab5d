import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openDatabase, rowsOf, type DatabaseHandle, type Db } from "@/db/client";
import { apiKeys, auditLog, idempotencyKeys } from "@/db/schema";
import { recordAudit } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { countingBody, streamedPost } from "@/tests/helpers/counting-stream";
import { JSON_BODY_MAX_BYTES } from "./body";
import { DbRateLimiter } from "./rate-limit";
import { defineApiRoute, handleApiRequest } from "./route";

let db: Db;
let storeId: string;
setupTestDatabase(async (opened) => {
  db = opened;
  storeId = (await createTestStore(db)).id;
});

async function newKey(options: { rateLimitPerMinute?: number } = {}) {
  return createApiKey(
    db,
    { label: "cli" },
    { storeId, name: `test ${uniqueSuffix(4)}`, rateLimitPerMinute: options.rateLimitPerMinute ?? 600 },
  );
}

type Call = {
  key?: string | null;
  idempotencyKey?: string | null;
  body?: unknown;
  rawBody?: string;
  path?: string;
  authorization?: string;
};

function request(
  method: "GET" | "POST",
  { key, idempotencyKey, body, rawBody, path = "/api/v1/test", authorization }: Call,
): Request {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (authorization) headers.set("Authorization", authorization);
  else if (key) headers.set("Authorization", `Bearer ${key}`);
  if (idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
  return new Request(`http://pos.test${path}`, {
    method,
    headers,
    body: method === "POST" ? (rawBody ?? JSON.stringify(body)) : undefined,
  });
}

async function send(response: Promise<Response>) {
  const res = await response;
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** A test write: one audit row per business execution, marked so that the test can count them. */
let executions = 0;
const crashedOnce = new Set<string>();
const writeRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/test",
  operationId: "testWrite",
  summary: "test",
  body: z.object({
    marker: z.string().min(1),
    amountFen: z.number().int().min(0),
    fail: z.enum(["none", "business", "duplicate", "crash", "crash-once", "unstorable"]).default("none"),
  }),
  response: z.object({ marker: z.string(), storeId: z.uuid(), at: z.string() }),
  names: { response: "TestWrite" },
  successStatus: 201,
  errors: [{ status: 409, code: "insufficient_points" }],
  async run({ db, storeId, apiKeyId, body }) {
    executions++;
    await recordAudit(db, { action: "test.api.write", entityId: body.marker, storeId, details: { apiKeyId } });
    // Widens the window in which concurrent duplicates overlap on a real server (PGlite serialises anyway).
    if (testDriver() === "postgres") await db.execute(sql`select pg_sleep(0.05)`);
    if (body.fail === "business")
      throw new AppError("insufficient_points", { detail: "Member has 0 points; 100 needed." });
    // A statement the database refuses as a duplicate (a second store with this one's code): 409 conflict.
    if (body.fail === "duplicate")
      await db.execute(
        sql`insert into stores (code, name, business_hours) select code, name, business_hours from stores where id = ${storeId}`,
      );
    if (body.fail === "crash") throw new Error("database on fire: secret internals");
    if (body.fail === "crash-once" && !crashedOnce.has(body.marker)) {
      crashedOnce.add(body.marker);
      throw new Error("connection reset");
    }
    // jsonb cannot hold U+0000: the response is stored with the commit, and that store fails.
    if (body.fail === "unstorable") return { marker: `${body.marker}\u0000`, storeId, at: new Date(0).toISOString() };
    return { marker: body.marker, storeId, at: new Date(0).toISOString() };
  },
});

const readRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/things/{id}",
  operationId: "testRead",
  summary: "test",
  params: z.object({ id: z.uuid() }),
  query: z.object({ q: z.string().min(2) }),
  response: z.object({ id: z.string(), q: z.string(), storeId: z.string() }),
  names: { response: "TestRead" },
  successStatus: 200,
  errors: [],
  async run({ params, query, storeId }) {
    return { id: params.id, q: query.q, storeId };
  },
});

const get = (call: Call & { id?: string; q?: string }, limiter = new DbRateLimiter()) => {
  const id = call.id ?? crypto.randomUUID();
  return send(
    handleApiRequest(
      db,
      request("GET", { ...call, path: `/api/v1/things/${id}?q=${call.q ?? "ok"}` }),
      readRoute,
      { id },
      { limiter },
    ),
  );
};
const post = (call: Call, limiter = new DbRateLimiter()) =>
  send(handleApiRequest(db, request("POST", call), writeRoute, {}, { limiter }));

async function writes(marker: string) {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, "test.api.write"), eq(auditLog.entityId, marker)));
  return row!.n;
}

describe("API key authentication", () => {
  it("answers 401 with the error envelope for a missing, malformed or unknown key", async () => {
    for (const call of [
      {},
      { authorization: "Basic abc" },
      { authorization: "Bearer" },
      { key: "atr_live_notARealKeyAtAll" },
    ] as Call[]) {
      const res = await get(call);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("accepts a valid key and passes its store to the business call", async () => {
    const { key } = await newKey();
    const res = await get({ key, q: "hello" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ q: "hello", storeId });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("stops a revoked key at once", async () => {
    const created = await newKey();
    expect((await get({ key: created.key })).status).toBe(200);
    await revokeApiKey(db, { label: "cli" }, { kind: "all" }, { id: created.id });
    const res = await get({ key: created.key });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("records the key's last use, writing it at most once a minute", async () => {
    const created = await newKey();
    const lastUsed = async () =>
      (await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, created.id)))[0]!.at;
    expect(await lastUsed()).toBeNull();
    await get({ key: created.key });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await get({ key: created.key });
    expect(await lastUsed()).toEqual(first);
    // A use more than a minute ago is refreshed on the next request.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now() - interval '2 minutes'` })
      .where(eq(apiKeys.id, created.id));
    const stale = await lastUsed();
    await get({ key: created.key });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(stale!.getTime());
  });
});

describe("rate limit", () => {
  // A frozen clock: the requests of a test fall in one window even across a minute boundary.
  const frozen = () => {
    const at = Date.now();
    return () => at;
  };

  it("answers 429 rate_limited with Retry-After once the key's per-minute allowance is spent", async () => {
    const { key } = await newKey({ rateLimitPerMinute: 2 });
    const limiter = new DbRateLimiter(frozen());
    expect((await get({ key }, limiter)).status).toBe(200);
    expect((await get({ key }, limiter)).status).toBe(200);
    const limited = await get({ key }, limiter);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: { code: "rate_limited" } });
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60); // until the current one-minute window ends
  });

  it("counts the limit in the database: two app instances together allow only the key's limit", async () => {
    const { key } = await newKey({ rateLimitPerMinute: 2 });
    const now = frozen();
    const [first, second] = [new DbRateLimiter(now), new DbRateLimiter(now)];
    expect((await get({ key }, first)).status).toBe(200);
    expect((await get({ key }, second)).status).toBe(200);
    expect((await get({ key }, first)).status).toBe(429);
    expect((await get({ key }, second)).status).toBe(429);
  });

  it("a limited write runs nothing and claims no idempotency key", async () => {
    const { key, id } = await newKey({ rateLimitPerMinute: 1 });
    const limiter = new DbRateLimiter(frozen());
    const marker = `rl-${uniqueSuffix()}`;
    expect((await post({ key, idempotencyKey: `a-${marker}`, body: { marker, amountFen: 1 } }, limiter)).status).toBe(
      201,
    );
    const limited = await post({ key, idempotencyKey: `b-${marker}`, body: { marker, amountFen: 1 } }, limiter);
    expect(limited.status).toBe(429);
    expect(await writes(marker)).toBe(1);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, id))).toHaveLength(1);
  });
});

describe("request parsing and the error envelope", () => {
  it("refuses a streamed body over the limit with 413 without reading the rest of it", async () => {
    const { key, id } = await newKey();
    const body = countingBody(8 * JSON_BODY_MAX_BYTES);
    const req = streamedPost("http://pos.test/api/v1/test", body.stream, {
      "Content-Type": "application/json",
      Authorization: `Bearer ${key}`,
      "Idempotency-Key": `big-${uniqueSuffix()}`,
    });
    expect(req.headers.get("content-length")).toBeNull();
    const res = await send(handleApiRequest(db, req, writeRoute, {}, { limiter: new DbRateLimiter() }));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: "validation" } });
    expect(body.pulled()).toBeLessThanOrEqual(JSON_BODY_MAX_BYTES + 2 * 64 * 1024);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, id))).toHaveLength(0);
  });

  it("answers a malformed path parameter with 404", async () => {
    const { key } = await newKey();
    const res = await send(
      handleApiRequest(db, request("GET", { key, path: "/api/v1/things/not-a-uuid?q=ok" }), readRoute, {
        id: "not-a-uuid",
      }),
    );
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: "not_found" } });
  });

  it("answers a bad query with 422 validation and the field", async () => {
    const { key } = await newKey();
    const res = await get({ key, q: "x" });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: { code: "validation", fields: { q: [expect.any(String)] } } });
  });

  it("requires an Idempotency-Key on writes (400) and runs nothing without one", async () => {
    const { key } = await newKey();
    const marker = `nokey-${uniqueSuffix()}`;
    const res = await post({ key, body: { marker, amountFen: 1 } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: "idempotency_key_required" } });
    const blank = await post({ key, idempotencyKey: "has space", body: { marker, amountFen: 1 } });
    expect(blank.status).toBe(400);
    expect(await writes(marker)).toBe(0);
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const { key } = await newKey();
    const res = await post({ key, idempotencyKey: uniqueSuffix(), rawBody: '{"marker": "x",' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: "invalid_json" } });
  });

  it("answers a body that fails the schema with 422 validation, fields by path", async () => {
    const { key } = await newKey();
    const res = await post({
      key,
      idempotencyKey: uniqueSuffix(),
      body: { marker: "", amountFen: 1.5, fail: "sometimes" },
    });
    expect(res.status).toBe(422);
    const fields = (res.json.error as { fields: Record<string, string[]> }).fields;
    expect(Object.keys(fields).sort()).toEqual(["amountFen", "fail", "marker"]);
    expect(fields.marker![0]).toEqual(expect.any(String));
  });

  it("refuses a NUL character in the body or the query with 422 naming the field, before the business call", async () => {
    const { key } = await newKey();
    const before = executions;
    const res = await post({ key, idempotencyKey: uniqueSuffix(), body: { marker: "a\u0000b", amountFen: 1 } });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      error: { code: "validation", fields: { marker: [expect.stringContaining("NUL")] } },
    });
    expect(executions).toBe(before);
    const query = await get({ key, q: "ab%00" });
    expect(query.status).toBe(422);
    expect(query.json).toMatchObject({
      error: { code: "validation", fields: { q: [expect.stringContaining("NUL")] } },
    });
  });

  it("does not store a validation failure: the same key with a corrected body then succeeds", async () => {
    const { key } = await newKey();
    const idempotencyKey = uniqueSuffix();
    const marker = `fix-${uniqueSuffix()}`;
    expect((await post({ key, idempotencyKey, body: { marker, amountFen: -1 } })).status).toBe(422);
    expect((await post({ key, idempotencyKey, body: { marker, amountFen: 1 } })).status).toBe(201);
  });

  it("answers an unexpected error with 500 internal without leaking its message, rolling back its writes and the idempotency claim", async () => {
    const { key, id } = await newKey();
    const idempotencyKey = uniqueSuffix();
    const marker = `crash-${uniqueSuffix()}`;
    const crashed = await post({ key, idempotencyKey, body: { marker, amountFen: 1, fail: "crash" } });
    expect(crashed.status).toBe(500);
    expect(crashed.json).toMatchObject({ error: { code: "internal" } });
    expect(JSON.stringify(crashed.json)).not.toContain("secret");
    expect(await writes(marker)).toBe(0);
    expect(
      await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.apiKeyId, id), eq(idempotencyKeys.key, idempotencyKey))),
    ).toEqual([]);
  });

  it("a response the database cannot store fails the request with 500, committing none of its writes nor the claim", async () => {
    const { key, id } = await newKey();
    const idempotencyKey = uniqueSuffix();
    const marker = `unstorable-${uniqueSuffix()}`;
    const failed = await post({ key, idempotencyKey, body: { marker, amountFen: 1, fail: "unstorable" } });
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ error: { code: "internal" } });
    expect(await writes(marker)).toBe(0);
    expect(
      await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.apiKeyId, id), eq(idempotencyKeys.key, idempotencyKey))),
    ).toEqual([]);
  });

  it("after an unexpected error, a retry with the same key and body runs the request", async () => {
    const { key } = await newKey();
    const idempotencyKey = uniqueSuffix();
    const marker = `retry-${uniqueSuffix()}`;
    const body = { marker, amountFen: 1, fail: "crash-once" };
    expect((await post({ key, idempotencyKey, body })).status).toBe(500);
    const retry = await post({ key, idempotencyKey, body });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await writes(marker)).toBe(1);
  });
});

describe("database out of reach", () => {
  it("answers 503 unavailable with Retry-After, for a read and a write, so that a till retries later", async () => {
    // Nothing listens on port 1: postgres.js fails to connect (ECONNREFUSED), as when the server is down.
    const down = openDatabase({ url: "postgres://atrium@127.0.0.1:1/atrium", poolMax: 1 });
    const quiet = console.error;
    console.error = () => {};
    try {
      const { key } = await newKey();
      const id = crypto.randomUUID();
      const read = await send(
        handleApiRequest(down.db, request("GET", { key, path: `/api/v1/things/${id}?q=ok` }), readRoute, { id }),
      );
      const write = await send(
        handleApiRequest(
          down.db,
          request("POST", { key, idempotencyKey: uniqueSuffix(), body: { marker: "down", amountFen: 1 } }),
          writeRoute,
        ),
      );
      for (const answer of [read, write]) {
        expect(answer.status).toBe(503);
        expect(answer.json).toMatchObject({ error: { code: "unavailable" } });
        expect(Number(answer.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect(JSON.stringify(answer.json)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      }
    } finally {
      console.error = quiet;
      await down.close();
    }
  });
});

describe("idempotency", () => {
  it("replays the first response to the same key and body and changes nothing", async () => {
    const { key } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `replay-${uniqueSuffix()}`;
    const body = { marker, amountFen: 100 };
    const first = await post({ key, idempotencyKey, body });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const before = executions;
    // Same document, keys in another order: the same request.
    const replay = await post({ key, idempotencyKey, rawBody: JSON.stringify({ amountFen: 100, marker }) });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(executions).toBe(before);
    expect(await writes(marker)).toBe(1);
  });

  it("refuses the same key with a different body (422 idempotency_mismatch), running nothing", async () => {
    const { key } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `mismatch-${uniqueSuffix()}`;
    expect((await post({ key, idempotencyKey, body: { marker, amountFen: 100 } })).status).toBe(201);
    const other = await post({ key, idempotencyKey, body: { marker, amountFen: 200 } });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ error: { code: "idempotency_mismatch" } });
    expect(await writes(marker)).toBe(1);
  });

  it("refuses the same key on another path as a different request", async () => {
    const { key } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const body = { marker: `path-${uniqueSuffix()}`, amountFen: 1 };
    expect((await post({ key, idempotencyKey, body })).status).toBe(201);
    expect((await post({ key, idempotencyKey, body, path: "/api/v1/other" })).status).toBe(422);
  });

  it("keeps idempotency keys per API key: another key may use the same value", async () => {
    const a = await newKey();
    const b = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `perkey-${uniqueSuffix()}`;
    expect((await post({ key: a.key, idempotencyKey, body: { marker, amountFen: 1 } })).status).toBe(201);
    const second = await post({ key: b.key, idempotencyKey, body: { marker, amountFen: 1 } });
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await writes(marker)).toBe(2);
  });

  it("stores a business error as the first response: its writes are rolled back and a replay returns it", async () => {
    const { key } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `biz-${uniqueSuffix()}`;
    const body = { marker, amountFen: 1, fail: "business" };
    const first = await post({ key, idempotencyKey, body });
    expect(first.status).toBe(409);
    expect(first.json).toEqual({ error: { code: "insufficient_points", message: "Member has 0 points; 100 needed." } });
    expect(await writes(marker)).toBe(0);
    const before = executions;
    const replay = await post({ key, idempotencyKey, body });
    expect(replay.status).toBe(409);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(executions).toBe(before);
  });

  it("stores a conflict the database raised as the first response, like a business error: writes rolled back, replayed", async () => {
    const { key, id } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `dup-${uniqueSuffix()}`;
    const body = { marker, amountFen: 1, fail: "duplicate" };
    const first = await post({ key, idempotencyKey, body });
    expect(first.status).toBe(409);
    expect(first.json).toMatchObject({ error: { code: "conflict" } });
    expect(await writes(marker)).toBe(0);
    const [stored] = await db
      .select({ status: idempotencyKeys.responseStatus })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.apiKeyId, id), eq(idempotencyKeys.key, idempotencyKey)));
    expect(stored).toEqual({ status: 409 });
    const before = executions;
    const replay = await post({ key, idempotencyKey, body });
    expect(replay.status).toBe(409);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(executions).toBe(before);
  });

  it("20 simultaneous requests with one key run the business function once and all get the first response", async () => {
    const { key } = await newKey();
    const idempotencyKey = crypto.randomUUID();
    const marker = `burst-${uniqueSuffix()}`;
    const body = { marker, amountFen: 500 };
    // On PostgreSQL, a pool as large as the burst so that all 20 are in flight at once.
    let burstDb = db;
    let burstHandle: DatabaseHandle | undefined;
    if (testDriver() === "postgres") {
      const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
        { name: string },
      ];
      const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
      url.pathname = `/${name}`;
      burstHandle = openDatabase({ url: url.toString(), poolMax: 20 });
      burstDb = burstHandle.db;
    }
    try {
      const limiter = new DbRateLimiter();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          send(handleApiRequest(burstDb, request("POST", { key, idempotencyKey, body }), writeRoute, {}, { limiter })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(results.filter((r) => r.headers.get("Idempotent-Replayed") === null)).toHaveLength(1);
      for (const r of results) expect(r.json).toEqual(results[0]!.json);
      expect(await writes(marker)).toBe(1);
    } finally {
      await burstHandle?.close();
    }
  });
});

import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { salesTransactions, storedValueCards, storedValueEntries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { DbRateLimiter } from "@/lib/api/rate-limit";
import { handleApiRequest, type ApiRouteDefinition } from "@/lib/api/route";
import { grantMemberCode } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { createRefundRoute, createTransactionRoute, lookupMemberRoute } from "./purchases/routes";
import {
  createRefundResponseSchema,
  createTransactionResponseSchema,
  memberLookupResponseSchema,
} from "./purchases/schemas";
import { createRedemptionRoute } from "./redemptions/routes";
import { redemptionResponseSchema } from "./redemptions/schemas";

/**
 * Every status code of the real POS API v1 routes, through the same pipeline the route files use
 * (handleApiRequest with the real definitions and business functions).
 */

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let keyA: string;
let keyAId: string;
setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  const created = await createApiKey(
    db,
    { label: "cli" },
    { storeId: storeA.id, name: "POS A", rateLimitPerMinute: 10_000 },
  );
  keyA = created.key;
  keyAId = created.id;
});

type Sent = {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string[]> } };
};

async function call(
  definition: ApiRouteDefinition,
  method: "GET" | "POST",
  path: string,
  options: {
    key?: string | null;
    body?: unknown;
    idempotencyKey?: string | null;
    params?: Record<string, string>;
    limiter?: DbRateLimiter;
    db?: Db;
  } = {},
): Promise<Sent> {
  const headers = new Headers({ "Content-Type": "application/json" });
  const key = options.key === undefined ? keyA : options.key;
  if (key) headers.set("Authorization", `Bearer ${key}`);
  const idempotencyKey = options.idempotencyKey === undefined ? crypto.randomUUID() : options.idempotencyKey;
  if (method === "POST" && idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
  const request = new Request(`http://pos.test${path}`, {
    method,
    headers,
    body: method === "POST" ? JSON.stringify(options.body) : undefined,
  });
  const res = await handleApiRequest(options.db ?? db, request, definition, options.params ?? {}, {
    limiter: options.limiter ?? new DbRateLimiter(),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Sent["json"] };
}

const national = (e164: string) => e164.replace(/^\+86/, "");

function purchaseBody(overrides: Record<string, unknown> = {}) {
  return {
    externalId: `EXT-${uniqueSuffix(10)}`,
    storeCode: storeA.code,
    occurredAt: new Date().toISOString(),
    member: null,
    items: [{ sku: "AU-BR-001", name: "足金手镯", category: "gold", quantity: 1, unitPriceFen: 10_000 }],
    discountFen: 0,
    payments: [{ method: "wechat", amountFen: 10_000 }],
    ...overrides,
  };
}

const postPurchase = (body: unknown, options: Parameters<typeof call>[3] = {}) =>
  call(createTransactionRoute, "POST", "/api/v1/transactions", { body, ...options });
const postRefund = (externalId: string, body: unknown, options: Parameters<typeof call>[3] = {}) =>
  call(createRefundRoute, "POST", `/api/v1/transactions/${encodeURIComponent(externalId)}/refunds`, {
    body,
    params: { externalId },
    ...options,
  });
const postRedemption = (memberId: string, body: unknown, options: Parameters<typeof call>[3] = {}) =>
  call(createRedemptionRoute, "POST", `/api/v1/members/${memberId}/redemptions`, {
    body,
    params: { id: memberId },
    ...options,
  });
const lookup = (query: string, options: Parameters<typeof call>[3] = {}) =>
  call(lookupMemberRoute, "GET", `/api/v1/members/lookup?${query}`, options);

async function purchasesWithExternalId(externalId: string) {
  return db
    .select({ id: salesTransactions.id })
    .from(salesTransactions)
    .where(and(eq(salesTransactions.externalId, externalId), eq(salesTransactions.kind, "purchase")));
}

/** A member of store A with `points` earned through a real purchase (1 point per ¥1 at tier normal). */
async function memberWithPoints(points: number) {
  const member = await insertMember(db, { storeId: storeA.id });
  if (points > 0) {
    const res = await postPurchase(
      purchaseBody({
        member: { phone: national(member.phoneE164!) },
        items: [{ sku: "S", name: "银饰", category: "silver", quantity: 1, unitPriceFen: points * 100 }],
        payments: [{ method: "cash", amountFen: points * 100 }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.json.pointsBalance).toBe(points);
  }
  return member;
}

describe("POST /api/v1/transactions", () => {
  it("201: records a member's purchase and answers with points and tier", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const body = purchaseBody({ member: { phone: national(member.phoneE164!) } });
    const res = await postPurchase(body);
    expect(res.status).toBe(201);
    const parsed = createTransactionResponseSchema.parse(res.json);
    expect(parsed).toMatchObject({ pointsEarned: 100, pointsBalance: 100, tier: "normal", tierChanged: false });
    expect(await purchasesWithExternalId(body.externalId)).toEqual([{ id: parsed.transactionId }]);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("201: records a non-member sale", async () => {
    const res = await postPurchase(purchaseBody());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ pointsEarned: 0, pointsBalance: null, tier: null, tierChanged: false });
  });

  it("a replay with the same Idempotency-Key returns the first response and records nothing more", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const body = purchaseBody({ member: { phone: national(member.phoneE164!) } });
    const idempotencyKey = crypto.randomUUID();
    const first = await postPurchase(body, { idempotencyKey });
    const replay = await postPurchase(body, { idempotencyKey });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await purchasesWithExternalId(body.externalId)).toHaveLength(1);
    const changed = await postPurchase(
      { ...body, discountFen: 100, payments: [{ method: "wechat", amountFen: 9_900 }] },
      { idempotencyKey },
    );
    expect(changed.status).toBe(422);
    expect(changed.json.error?.code).toBe("idempotency_mismatch");
  });

  // A race: on PGlite (one connection) the requests would run one after another and prove nothing.
  it.runIf(testDriver() === "postgres")(
    "20 simultaneous replays of one Idempotency-Key record one transaction (needs real PostgreSQL)",
    async () => {
      const member = await insertMember(db, { storeId: storeA.id });
      const body = purchaseBody({ member: { phone: national(member.phoneE164!) } });
      const idempotencyKey = crypto.randomUUID();
      // Every request on its own connection, so that they really overlap.
      const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`)) as [
        { name: string },
      ];
      const url = new URL(process.env.ATRIUM_TEST_PG_URL!);
      url.pathname = `/${name}`;
      const burstHandle = openDatabase({ url: url.toString(), poolMax: 20 });
      try {
        const limiter = new DbRateLimiter();
        const results = await Promise.all(
          Array.from({ length: 20 }, () => postPurchase(body, { idempotencyKey, db: burstHandle.db, limiter })),
        );
        expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
        for (const r of results) expect(r.json).toEqual(results[0]!.json);
        expect(await purchasesWithExternalId(body.externalId)).toHaveLength(1);
        expect(results[0]!.json.pointsBalance).toBe(100);
      } finally {
        await burstHandle.close();
      }
    },
  );

  it("401 without a valid key", async () => {
    expect((await postPurchase(purchaseBody(), { key: null })).status).toBe(401);
    expect((await postPurchase(purchaseBody(), { key: "atr_live_wrong" })).status).toBe(401);
  });

  it("403 when the body names another store than the key's, and nothing is recorded", async () => {
    const body = purchaseBody({ storeCode: storeB.code });
    const res = await postPurchase(body);
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("forbidden");
    expect(await purchasesWithExternalId(body.externalId)).toEqual([]);
  });

  it("400 without an Idempotency-Key", async () => {
    const res = await postPurchase(purchaseBody(), { idempotencyKey: null });
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe("idempotency_key_required");
  });

  it("422 validation when payments do not add up, with the field", async () => {
    const res = await postPurchase(purchaseBody({ payments: [{ method: "wechat", amountFen: 9_999 }] }));
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe("validation");
    expect(res.json.error?.fields).toHaveProperty("payments");
  });

  it("422 validation naming occurredAt for a time in year 0000, 0001 or 9999 (was a 500); nothing is recorded", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    for (const occurredAt of [
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "0001-01-01T00:00:00+08:00",
      "9999-12-31T23:59:59Z",
    ]) {
      const body = purchaseBody({ occurredAt, member: { phone: national(member.phoneE164!) } });
      const res = await postPurchase(body);
      expect(res.status, occurredAt).toBe(422);
      expect(res.json.error?.fields).toHaveProperty("occurredAt");
      expect(await purchasesWithExternalId(body.externalId)).toEqual([]);
    }
    // A till's clock a few hours ahead is still a sale.
    const ahead = new Date(Date.now() + 6 * 3_600_000).toISOString();
    expect((await postPurchase(purchaseBody({ occurredAt: ahead }))).status).toBe(201);
  });

  it("409 insufficient_points when paying with more points than the member has; nothing is recorded", async () => {
    const member = await memberWithPoints(50);
    const body = purchaseBody({
      member: { phone: national(member.phoneE164!) },
      payments: [
        { method: "points", points: 500, amountFen: 500 },
        { method: "wechat", amountFen: 9_500 },
      ],
      memberCode: await grantMemberCode(db, member.id, keyAId),
    });
    const res = await postPurchase(body);
    expect(res.status).toBe(409);
    expect(res.json.error?.code).toBe("insufficient_points");
    expect(await purchasesWithExternalId(body.externalId)).toEqual([]);
    expect((await lookup(`phone=${national(member.phoneE164!)}`)).json.pointsBalance).toBe(50);
  });

  it("409 insufficient_balance when the stored-value card holds less; nothing is recorded", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const cardNo = `SV${uniqueSuffix(10).toUpperCase()}`;
    const [card] = await db
      .insert(storedValueCards)
      .values({ cardNo, memberId: member.id, storeId: storeA.id })
      .returning({ id: storedValueCards.id });
    await db
      .insert(storedValueEntries)
      .values({ cardId: card!.id, kind: "top_up", principalFen: 1_000, storeId: storeA.id });
    const body = purchaseBody({
      member: { phone: national(member.phoneE164!) },
      payments: [
        { method: "stored_value", cardNo, amountFen: 5_000 },
        { method: "cash", amountFen: 5_000 },
      ],
      memberCode: await grantMemberCode(db, member.id, keyAId),
    });
    const res = await postPurchase(body);
    expect(res.status).toBe(409);
    expect(res.json.error?.code).toBe("insufficient_balance");
    expect(await purchasesWithExternalId(body.externalId)).toEqual([]);
  });

  it("422 member_not_found for an unknown member", async () => {
    const body = purchaseBody({ member: { phone: "13900000000" } });
    const res = await postPurchase(body);
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe("member_not_found");
    expect(await purchasesWithExternalId(body.externalId)).toEqual([]);
  });

  it("429 with Retry-After once the key's rate limit is spent", async () => {
    const { key } = await createApiKey(
      db,
      { label: "cli" },
      { storeId: storeA.id, name: "slow POS", rateLimitPerMinute: 1 },
    );
    const limiter = new DbRateLimiter();
    expect((await postPurchase(purchaseBody(), { key, limiter })).status).toBe(201);
    const limited = await postPurchase(purchaseBody(), { key, limiter });
    expect(limited.status).toBe(429);
    expect(limited.json.error?.code).toBe("rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });
});

describe("POST /api/v1/transactions/{externalId}/refunds", () => {
  async function memberPurchase() {
    const member = await insertMember(db, { storeId: storeA.id });
    const body = purchaseBody({ member: { phone: national(member.phoneE164!) } });
    expect((await postPurchase(body)).status).toBe(201);
    return { member, externalId: body.externalId };
  }

  it("201: refunds half and reverses half the points", async () => {
    const { externalId } = await memberPurchase();
    const res = await postRefund(externalId, { refundId: `R-${uniqueSuffix()}`, amountFen: 5_000 });
    expect(res.status).toBe(201);
    expect(createRefundResponseSchema.parse(res.json)).toMatchObject({
      pointsReversed: 50,
      pointsBalance: 50,
      storedValueReturnedFen: 0,
      pointsReturned: 0,
    });
  });

  it("422 validation naming occurredAt for a refund in year 0001 or 9999; nothing is refunded", async () => {
    const { externalId } = await memberPurchase();
    const refunds = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(salesTransactions)
          .where(and(eq(salesTransactions.storeId, storeA.id), eq(salesTransactions.kind, "refund")))
      )[0]!.n;
    const before = await refunds();
    for (const occurredAt of ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]) {
      const res = await postRefund(externalId, { refundId: `R-${uniqueSuffix()}`, amountFen: 5_000, occurredAt });
      expect(res.status, occurredAt).toBe(422);
      expect(res.json.error?.fields).toHaveProperty("occurredAt");
    }
    expect(await refunds()).toBe(before);
  });

  it("422 refund_exceeds_paid when refunding more than was paid", async () => {
    const { externalId } = await memberPurchase();
    const res = await postRefund(externalId, { refundId: `R-${uniqueSuffix()}`, amountFen: 10_001 });
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe("refund_exceeds_paid");
  });

  it("404 for an unknown transaction", async () => {
    const res = await postRefund(`NOPE-${uniqueSuffix()}`, { refundId: "R-1", amountFen: 100 });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("not_found");
  });

  it("404 for an externalId holding a NUL, which nothing stored can hold (was a 500)", async () => {
    const res = await postRefund("EXT-\u0000", { refundId: `R-${uniqueSuffix()}`, amountFen: 100 });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("not_found");
  });

  it("404 for another store's transaction: a key sees only its own store's sales", async () => {
    const { key } = await createApiKey(
      db,
      { label: "cli" },
      { storeId: storeB.id, name: "POS B", rateLimitPerMinute: 600 },
    );
    const { externalId } = await memberPurchase();
    const res = await postRefund(externalId, { refundId: `R-${uniqueSuffix()}`, amountFen: 100 }, { key });
    expect(res.status).toBe(404);
  });

  it("403 when storeCode names another store", async () => {
    const { externalId } = await memberPurchase();
    const res = await postRefund(externalId, {
      refundId: `R-${uniqueSuffix()}`,
      amountFen: 100,
      storeCode: storeB.code,
    });
    expect(res.status).toBe(403);
  });

  it("401 without a key", async () => {
    expect((await postRefund("X", { refundId: "R", amountFen: 1 }, { key: null })).status).toBe(401);
  });
});

describe("GET /api/v1/members/lookup", () => {
  it("200: masked name, tier and points balance", async () => {
    const member = await memberWithPoints(120);
    const res = await lookup(`phone=${national(member.phoneE164!)}`);
    expect(res.status).toBe(200);
    const parsed = memberLookupResponseSchema.parse(res.json);
    expect(parsed).toMatchObject({ memberId: member.id, tier: "normal", pointsBalance: 120 });
    expect(parsed.maskedName).not.toBe(member.name);
    expect(parsed.maskedPhone).not.toContain(national(member.phoneE164!));
  });

  it("404 member_not_found when nobody matches", async () => {
    const res = await lookup("phone=13900000001");
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("member_not_found");
  });

  it("422 when both or neither of phone and cardNo are given", async () => {
    expect((await lookup("phone=13900000001&cardNo=C1")).status).toBe(422);
    expect((await lookup("")).status).toBe(422);
  });

  it("401 without a key", async () => {
    expect((await lookup("phone=13900000001", { key: null })).status).toBe(401);
  });
});

describe("POST /api/v1/members/{id}/redemptions", () => {
  it("201: parking for 1 hour spends 200 points", async () => {
    const member = await memberWithPoints(300);
    const memberCode = await grantMemberCode(db, member.id, keyAId);
    const res = await postRedemption(member.id, { type: "parking", hours: 1, memberCode });
    expect(res.status).toBe(201);
    expect(redemptionResponseSchema.parse(res.json)).toMatchObject({ pointsSpent: 200, pointsBalance: 100 });
  });

  it("409 insufficient_points when the balance is short, spending nothing", async () => {
    const member = await memberWithPoints(100);
    const memberCode = await grantMemberCode(db, member.id, keyAId);
    const res = await postRedemption(member.id, { type: "cash_offset", points: 10_000, memberCode });
    expect(res.status).toBe(409);
    expect(res.json.error?.code).toBe("insufficient_points");
    expect((await lookup(`phone=${national(member.phoneE164!)}`)).json.pointsBalance).toBe(100);
  });

  it("404 for a malformed member id", async () => {
    const res = await postRedemption("not-a-uuid", { type: "parking", hours: 1 });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("not_found");
  });

  it("an unknown member id is refused: no member code can exist for it", async () => {
    const res = await postRedemption(crypto.randomUUID(), { type: "parking", hours: 1, memberCode: "123456" });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("member_code_invalid");
  });

  it("422 validation for an unknown redemption type", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    const res = await postRedemption(member.id, { type: "spa", hours: 1 });
    expect(res.status).toBe(422);
  });

  it("401 without a key", async () => {
    expect((await postRedemption(crypto.randomUUID(), { type: "parking", hours: 1 }, { key: null })).status).toBe(401);
  });
});

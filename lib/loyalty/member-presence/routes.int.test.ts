import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Db } from "@/db/client";
import { apiMemberLookups, memberPresenceCodes, storedValueCards, storedValueEntries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { runJob } from "@/lib/jobs/run-job";
import { callApi, type ApiCallOptions } from "@/tests/helpers/api";
import { grantMemberCode } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { pointsBalance } from "../points/queries";
import { createTransactionRoute, lookupMemberRoute } from "../purchases/routes";
import { createRedemptionRoute } from "../redemptions/routes";
import { issueMemberCodeRoute } from "./routes";
import {
  LOOKUP_MISSES_PER_KEY,
  LOOKUPS_PER_MEMBER,
  MEMBER_CODE_MAX_ATTEMPTS,
  MEMBER_CODES_PER_WINDOW,
} from "./schemas";

/**
 * Spending points or stored value through the POS API needs the member's presence code, which only
 * the member app's key can issue; the member look-up is logged per key and limited. Through the real
 * pipeline (handleApiRequest) with real keys.
 */

let db: Db;
let store: TestStore;
let posKey: { id: string; key: string };
let appKey: { id: string; key: string };
setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  posKey = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "till", rateLimitPerMinute: 1e6 });
  appKey = await createApiKey(
    db,
    { label: "cli" },
    { storeId: store.id, name: "mini-program", kind: "member_app", rateLimitPerMinute: 1e6 },
  );
});

const pos = (definition: Parameters<typeof callApi>[1], options: Omit<ApiCallOptions, "key"> & { key?: string }) =>
  callApi(db, definition, { key: posKey.key, ...options });
const national = (e164: string) => e164.replace(/^\+86/, "");

function sale(overrides: Record<string, unknown>) {
  return {
    externalId: `P-${uniqueSuffix(10)}`,
    storeCode: store.code,
    occurredAt: new Date().toISOString(),
    member: null,
    items: [{ sku: "AG-1", name: "银饰", category: "silver", quantity: 1, unitPriceFen: 10_000 }],
    discountFen: 0,
    payments: [{ method: "cash", amountFen: 10_000 }],
    ...overrides,
  };
}

/** A member with 1,000 points, earned through a cash purchase (no code needed: nothing is spent). */
async function memberWithPoints() {
  const member = await insertMember(db, { storeId: store.id });
  const phone = national(member.phoneE164!);
  const res = await pos(createTransactionRoute, {
    body: sale({
      member: { phone },
      items: [{ sku: "S", name: "银饰", category: "silver", quantity: 1, unitPriceFen: 100_000 }],
      payments: [{ method: "cash", amountFen: 100_000 }],
    }),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: member.id, phone };
}

async function issueCode(phone: string) {
  const res = await callApi(db, issueMemberCodeRoute, { key: appKey.key, body: { member: { phone } } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { memberId: string; code: string; expiresAt: string };
}

const redeemParking = (memberId: string, memberCode?: string) =>
  pos(createRedemptionRoute, {
    path: `/api/v1/members/${memberId}/redemptions`,
    params: { id: memberId },
    body: { type: "parking", hours: 1, ...(memberCode === undefined ? {} : { memberCode }) },
  });

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("who may call what", () => {
  it("only a member-app key issues codes, and a member-app key calls none of the till's operations", async () => {
    const member = await memberWithPoints();
    const byTill = await pos(issueMemberCodeRoute, { body: { member: { phone: member.phone } } });
    expect(byTill.status).toBe(403);
    expect(byTill.json.error?.code).toBe("forbidden");
    const asApp = { key: appKey.key };
    expect((await callApi(db, createTransactionRoute, { ...asApp, body: sale({}) })).status).toBe(403);
    expect(
      (await callApi(db, lookupMemberRoute, { ...asApp, path: `/api/v1/members/lookup?phone=${member.phone}` })).status,
    ).toBe(403);
    const code = (await issueCode(member.phone)).code;
    const redeemed = await callApi(db, createRedemptionRoute, {
      ...asApp,
      path: `/api/v1/members/${member.id}/redemptions`,
      params: { id: member.id },
      body: { type: "parking", hours: 1, memberCode: code },
    });
    expect(redeemed.status).toBe(403);
    expect(await pointsBalance(db, member.id)).toBe(1_000);
  });

  it("a code is 6 digits, for 2 minutes, for the member the app named", async () => {
    const member = await memberWithPoints();
    const before = Date.now();
    const issued = await issueCode(member.phone);
    expect(issued.memberId).toBe(member.id);
    expect(issued.code).toMatch(/^[0-9]{6}$/);
    const lifetime = new Date(issued.expiresAt).getTime() - before;
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(125_000);
    const [row] = await db.select().from(memberPresenceCodes).where(eq(memberPresenceCodes.memberId, member.id));
    expect(row!.codeHash).not.toContain(issued.code);
  });

  it(`the app may issue ${MEMBER_CODES_PER_WINDOW} codes per member in 10 minutes; the next is 429`, async () => {
    const member = await memberWithPoints();
    for (let i = 0; i < MEMBER_CODES_PER_WINDOW; i++) await issueCode(member.phone);
    const res = await callApi(db, issueMemberCodeRoute, { key: appKey.key, body: { member: { phone: member.phone } } });
    expect(res.status).toBe(429);
    expect(res.json.error?.code).toBe("rate_limited");
  });

  it("an unknown member gets no code", async () => {
    const res = await callApi(db, issueMemberCodeRoute, {
      key: appKey.key,
      body: { member: { phone: "13900000002" } },
    });
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe("member_not_found");
  });
});

describe("redeeming points needs the member's code (it did not: any POS could spend with a member id)", () => {
  it("without a code: 422 naming memberCode, nothing spent", async () => {
    const member = await memberWithPoints();
    const res = await redeemParking(member.id);
    expect(res.status).toBe(422);
    expect(Object.keys(res.json.error?.fields ?? {})).toContain("memberCode");
    expect(await pointsBalance(db, member.id)).toBe(1_000);
  });

  it("with the code: 201; the code then is used up", async () => {
    const member = await memberWithPoints();
    const { code } = await issueCode(member.phone);
    expect((await redeemParking(member.id, code)).status).toBe(201);
    expect(await pointsBalance(db, member.id)).toBe(800);
    const again = await redeemParking(member.id, code);
    expect(again.status).toBe(403);
    expect(again.json.error?.code).toBe("member_code_invalid");
    expect(again.json.error?.fields?.memberCode).toBeDefined();
    expect(await pointsBalance(db, member.id)).toBe(800);
  });

  it("another member's code does not open this member's points", async () => {
    const [mine, theirs] = [await memberWithPoints(), await memberWithPoints()];
    const { code } = await issueCode(theirs.phone);
    await issueCode(mine.phone); // an open code of this member, but not the one sent
    const res = await redeemParking(mine.id, code);
    // 1 in 10⁶ the two codes are the same; then the right member's code was sent.
    if (res.status !== 201) expect(res.json.error?.code).toBe("member_code_invalid");
  });

  it(`a wrong code counts; ${MEMBER_CODE_MAX_ATTEMPTS} wrong tries end the code`, async () => {
    const member = await memberWithPoints();
    const { code } = await issueCode(member.phone);
    for (let i = 0; i < MEMBER_CODE_MAX_ATTEMPTS; i++) {
      const res = await redeemParking(member.id, wrong(code));
      expect(res.status).toBe(403);
    }
    const [row] = await db.select().from(memberPresenceCodes).where(eq(memberPresenceCodes.memberId, member.id));
    expect(row!.failedAttempts).toBe(MEMBER_CODE_MAX_ATTEMPTS);
    expect((await redeemParking(member.id, code)).status).toBe(403);
    expect(await pointsBalance(db, member.id)).toBe(1_000);
  });

  it("an expired code and a code ended by a newer one are refused", async () => {
    const member = await memberWithPoints();
    const first = await issueCode(member.phone);
    const second = await issueCode(member.phone);
    if (first.code !== second.code) expect((await redeemParking(member.id, first.code)).status).toBe(403);
    await db
      .update(memberPresenceCodes)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(memberPresenceCodes.memberId, member.id));
    expect((await redeemParking(member.id, second.code)).status).toBe(403);
    expect(await pointsBalance(db, member.id)).toBe(1_000);
  });

  it("a spend that fails leaves the code usable for the corrected request", async () => {
    const member = await memberWithPoints();
    const { code } = await issueCode(member.phone);
    const short = await pos(createRedemptionRoute, {
      path: `/api/v1/members/${member.id}/redemptions`,
      params: { id: member.id },
      body: { type: "cash_offset", points: 50_000, memberCode: code },
    });
    expect(short.json.error?.code).toBe("insufficient_points");
    expect((await redeemParking(member.id, code)).status).toBe(201);
  });
});

describe("paying with points or stored value needs the code of the member whose account pays", () => {
  async function cardOf(memberId: string | null) {
    const cardNo = `SV${uniqueSuffix(10).toUpperCase()}`;
    const [card] = await db
      .insert(storedValueCards)
      .values({ cardNo, memberId, storeId: store.id })
      .returning({ id: storedValueCards.id });
    await db
      .insert(storedValueEntries)
      .values({ cardId: card!.id, kind: "top_up", principalFen: 50_000, storeId: store.id });
    return cardNo;
  }
  const pointsSale = (phone: string, memberCode?: string) =>
    sale({
      member: { phone },
      payments: [
        { method: "points", points: 500, amountFen: 500 },
        { method: "cash", amountFen: 9_500 },
      ],
      ...(memberCode ? { memberCode } : {}),
    });
  const cardSale = (cardNo: string, memberCode?: string) =>
    sale({ payments: [{ method: "stored_value", cardNo, amountFen: 10_000 }], ...(memberCode ? { memberCode } : {}) });

  it("points: without a code 422 on memberCode, with it 201", async () => {
    const member = await memberWithPoints();
    const refused = await pos(createTransactionRoute, { body: pointsSale(member.phone) });
    expect(refused.status).toBe(422);
    expect(refused.json.error?.fields?.memberCode).toBeDefined();
    expect(await pointsBalance(db, member.id)).toBe(1_000);
    const { code } = await issueCode(member.phone);
    const paid = await pos(createTransactionRoute, { body: pointsSale(member.phone, code) });
    expect(paid.status, JSON.stringify(paid.json)).toBe(201);
  });

  it("a member's stored-value card: the holder's code, even when the sale names no member", async () => {
    const holder = await memberWithPoints();
    const cardNo = await cardOf(holder.id);
    expect((await pos(createTransactionRoute, { body: cardSale(cardNo) })).status).toBe(422);
    const other = await memberWithPoints();
    const otherCode = (await issueCode(other.phone)).code;
    const byOther = await pos(createTransactionRoute, { body: cardSale(cardNo, otherCode) });
    expect(byOther.status).toBe(403);
    const { code } = await issueCode(holder.phone);
    expect((await pos(createTransactionRoute, { body: cardSale(cardNo, code) })).status).toBe(201);
  });

  it("a card nobody holds is a bearer card: no code", async () => {
    const cardNo = await cardOf(null);
    const res = await pos(createTransactionRoute, { body: cardSale(cardNo) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  });

  it("one sale spending two members' accounts is refused", async () => {
    const [a, b] = [await memberWithPoints(), await memberWithPoints()];
    const cardNo = await cardOf(b.id);
    const code = await grantMemberCode(db, a.id, appKey.id);
    const body = sale({
      member: { phone: a.phone },
      payments: [
        { method: "points", points: 500, amountFen: 500 },
        { method: "stored_value", cardNo, amountFen: 9_500 },
      ],
      memberCode: code,
    });
    const res = await pos(createTransactionRoute, { body });
    expect(res.status).toBe(422);
    expect(res.json.error?.fields?.payments).toBeDefined();
  });

  it("a sale paid by wechat needs no code", async () => {
    const member = await memberWithPoints();
    expect((await pos(createTransactionRoute, { body: sale({ member: { phone: member.phone } }) })).status).toBe(201);
  });
});

describe("clean-up", () => {
  it("the member-presence job removes codes a day past their end and look-ups past the retention, nothing newer", async () => {
    const member = await memberWithPoints();
    await issueCode(member.phone);
    await grantMemberCode(db, member.id, appKey.id);
    const [old] = await db
      .select({ id: memberPresenceCodes.id })
      .from(memberPresenceCodes)
      .where(eq(memberPresenceCodes.memberId, member.id))
      .orderBy(memberPresenceCodes.createdAt)
      .limit(1);
    await db
      .update(memberPresenceCodes)
      .set({ expiresAt: sql`now() - interval '25 hours'` })
      .where(eq(memberPresenceCodes.id, old!.id));
    await db.insert(apiMemberLookups).values([
      {
        apiKeyId: posKey.id,
        memberId: member.id,
        lookedUpBy: "phone",
        found: true,
        createdAt: sql`now() - interval '181 days'`,
      },
      {
        apiKeyId: posKey.id,
        memberId: member.id,
        lookedUpBy: "phone",
        found: true,
        createdAt: sql`now() - interval '179 days'`,
      },
    ]);
    const outcome = await runJob(db, "member-presence");
    expect(outcome.status).toBe("done");
    const codes = await db.select().from(memberPresenceCodes).where(eq(memberPresenceCodes.memberId, member.id));
    expect(codes.map((c) => c.id)).not.toContain(old!.id);
    expect(codes).toHaveLength(1);
    const lookups = await db.select().from(apiMemberLookups).where(eq(apiMemberLookups.memberId, member.id));
    expect(lookups).toHaveLength(1);
  });
});

describe.runIf(testDriver() === "postgres")("a code is used once under concurrency (PostgreSQL only)", () => {
  it("two tills sending the same code at once: one redemption", async () => {
    const member = await memberWithPoints();
    const { code } = await issueCode(member.phone);
    const results = await Promise.all([redeemParking(member.id, code), redeemParking(member.id, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 403]);
    expect(await pointsBalance(db, member.id)).toBe(800);
  });
});

describe("the member look-up is logged per key and limited (a masked phone could be recovered by trying 10⁴ numbers)", () => {
  const lookup = (query: string, key = posKey.key) =>
    callApi(db, lookupMemberRoute, { key, path: `/api/v1/members/lookup?${query}` });

  it("every look-up is logged with its key, whether it found someone, and how it searched", async () => {
    const member = await memberWithPoints();
    const till = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "logged till" });
    expect((await lookup(`phone=${member.phone}`, till.key)).status).toBe(200);
    expect((await lookup("cardNo=NOSUCHCARD", till.key)).status).toBe(404);
    const rows = await db
      .select({ memberId: apiMemberLookups.memberId, by: apiMemberLookups.lookedUpBy, found: apiMemberLookups.found })
      .from(apiMemberLookups)
      .where(eq(apiMemberLookups.apiKeyId, till.id))
      .orderBy(apiMemberLookups.id);
    expect(rows).toEqual([
      { memberId: member.id, by: "phone", found: true },
      { memberId: null, by: "card_no", found: false },
    ]);
  });

  it(`after ${LOOKUP_MISSES_PER_KEY} misses in an hour a key is refused with 429 and Retry-After, even for a real member`, async () => {
    const member = await memberWithPoints();
    const till = await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "guessing till" });
    for (let i = 0; i < LOOKUP_MISSES_PER_KEY; i++) {
      expect((await lookup(`phone=1390000${String(1000 + i)}`, till.key)).status).toBe(404);
    }
    const refused = await lookup(`phone=${member.phone}`, till.key);
    expect(refused.status).toBe(429);
    expect(refused.json.error?.code).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.json.memberId).toBeUndefined();
  });

  it(`one member is looked up at most ${LOOKUPS_PER_MEMBER} times an hour, from all keys together`, async () => {
    const member = await memberWithPoints();
    const [one, two] = [
      await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "till one" }),
      await createApiKey(db, { label: "cli" }, { storeId: store.id, name: "till two" }),
    ];
    // memberWithPoints made no look-up; a member's count starts here.
    for (let i = 0; i < LOOKUPS_PER_MEMBER; i++) {
      expect((await lookup(`phone=${member.phone}`, i % 2 ? one.key : two.key)).status).toBe(200);
    }
    const refused = await lookup(`phone=${member.phone}`, one.key);
    expect(refused.status).toBe(429);
    const [logged] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(apiMemberLookups)
      .where(and(eq(apiMemberLookups.memberId, member.id)));
    expect(logged!.n).toBe(LOOKUPS_PER_MEMBER + 1);
  });
});

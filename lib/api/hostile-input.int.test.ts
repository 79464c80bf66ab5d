import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import { appointmentTypes, gifts, memberCards, storedValueCards, storedValueEntries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { availabilityRoute, requestAppointmentRoute } from "@/lib/appointments/api/routes";
import { LOYALTY_API_ROUTES } from "@/lib/loyalty/api";
import { createRefundRoute, createTransactionRoute, lookupMemberRoute } from "@/lib/loyalty/purchases/routes";
import { issueMemberCodeRoute } from "@/lib/loyalty/member-presence/routes";
import { createRedemptionRoute } from "@/lib/loyalty/redemptions/routes";
import { addAdvisor, localAt } from "@/tests/helpers/booking";
import { HOSTILE, HOSTILE_QUERY, type Hostile } from "@/tests/helpers/hostile-values";
import { grantMemberCode, TEST_MEMBER_CODE } from "@/tests/helpers/loyalty";
import { insertMember } from "@/tests/helpers/members";
import { createTestStore, setupTestDatabase, testDriver, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { DbRateLimiter } from "./rate-limit";
import { handleApiRequest, type ApiRouteDefinition } from "./route";

/**
 * Hostile values (tests/helpers/hostile-values.ts) at every field of every POS API v1 operation:
 * never a 5xx; a value no field can take is a 4xx (a validation error with its field), and a
 * refused request writes nothing. The operations run through the real pipeline (handleApiRequest)
 * with a real API key. The pages' URL parameters: hostile-list-pages.int.test.ts.
 */

// ── What a field must refuse ────────────────────────────────────────────────────────────────────

const jsonType = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Fields holding one of a few words (a payment method, a redemption type): no hostile text is one of them. */
const WORD_FIELD = /(^|\.)(method|type)$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Whether no field of the API could take `hostile` where the valid body has `original`: told apart
 * without asking the schemas, so that a schema that lets year 0001 through fails here. Free text
 * (a name, an SKU) may well be `<script>` or odd characters; there the only rule is "no 5xx".
 */
function mustRefuse(path: string, original: unknown, hostile: Hostile): boolean {
  if (hostile.kind === "nul" || hostile.kind === "huge") return true; // no field takes NUL or 1 MB
  if (jsonType(original) !== jsonType(hostile.value)) return true;
  // Every count and amount is a whole number from 0 or 1 up to a bound far below 2^53.
  if (typeof original === "number") return true;
  // The hostile arrays and objects match no line, payment or member reference.
  if (typeof original === "object") return true;
  if (typeof original === "string" && ISO_INSTANT.test(original)) return true; // no hostile text is a sale's time
  return WORD_FIELD.test(path);
}

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────────

let db: Db;
let store: TestStore;
let apiKey: string;
let apiKeyId: string;
let memberAppKey: string;
let memberId: string;
let memberPhone: string;
let memberCardNo: string;
/** Another member, whose codes the member app asks for (the spending cases grant the first member's). */
let codeMemberPhone: string;
let storedValueCardNo: string;
let storedValueCardId: string;
let giftCode: string;
/** A purchase of 1,000 pieces, refunded one piece at a time by the refund cases. */
let refundableExternalId: string;
/** An appointment type the store's advisor takes, for the mini-program's operations. */
let appointmentTypeCode: string;
/** Each valid booking request takes the next quarter hour of a later day, so that none is taken. */
let bookingSlot = 0;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  ({ key: apiKey, id: apiKeyId } = await createApiKey(
    db,
    { label: "cli" },
    { storeId: store.id, name: "hostile", rateLimitPerMinute: 1e6 },
  ));
  memberAppKey = (
    await createApiKey(
      db,
      { label: "cli" },
      { storeId: store.id, name: "hostile app", kind: "member_app", rateLimitPerMinute: 1e6 },
    )
  ).key;
  const member = await insertMember(db, { storeId: store.id });
  memberId = member.id;
  memberPhone = member.phoneE164!.replace(/^\+86/, "");
  codeMemberPhone = (await insertMember(db, { storeId: store.id })).phoneE164!.replace(/^\+86/, "");
  memberCardNo = `MC${uniqueSuffix(8).toUpperCase()}`;
  await db.insert(memberCards).values({ cardNo: memberCardNo, memberId });
  storedValueCardNo = `SV${uniqueSuffix(10).toUpperCase()}`;
  const [card] = await db
    .insert(storedValueCards)
    .values({ cardNo: storedValueCardNo, memberId, storeId: store.id })
    .returning({ id: storedValueCards.id });
  storedValueCardId = card!.id;
  await db
    .insert(storedValueEntries)
    .values({ cardId: storedValueCardId, kind: "top_up", principalFen: 100_000_000, storeId: store.id });
  giftCode = `G${uniqueSuffix(6)}`.toUpperCase();
  await db.insert(gifts).values({ code: giftCode, nameZh: "咖啡券", nameEn: "Coffee", pointsCost: 10, stock: 100_000 });
  // Earns the member some 20,000 points for the points payments and redemptions below.
  refundableExternalId = `RF-${uniqueSuffix(10)}`;
  const seeded = await send(createTransactionRoute, {
    body: {
      externalId: refundableExternalId,
      storeCode: store.code,
      occurredAt: new Date().toISOString(),
      member: { phone: memberPhone },
      items: [{ sku: "RF-1", name: "银饰", category: "silver", quantity: 1_000, unitPriceFen: 2_000 }],
      payments: [{ method: "cash", amountFen: 2_000_000 }],
    },
  });
  if (seeded.status !== 201) throw new Error(`fixture purchase failed: ${JSON.stringify(seeded.json)}`);
  await addAdvisor(db, store.id, "顾问");
  appointmentTypeCode = `H-${uniqueSuffix(6).toUpperCase()}`;
  await db
    .insert(appointmentTypes)
    .values({ code: appointmentTypeCode, nameZh: "鉴赏", nameEn: "Viewing", durationMin: 15, bufferMin: 0 });
});

/** A free quarter hour for the next valid booking request: 10:00–21:45 of a day 1 to 40 days ahead. */
function nextBookingStart(): string {
  const slot = bookingSlot++;
  const minutes = 600 + (slot % 48) * 15;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return localAt(time, 1 + Math.floor(slot / 48));
}

// ── The API ─────────────────────────────────────────────────────────────────────────────────────

type Envelope = { error?: { code: string; message: string; fields?: Record<string, string[]> } };
type Sent = { status: number; json: Envelope };

const limiter = new DbRateLimiter();

/** Operations that spend from the member's account: each request gets a fresh member code first. */
const SPENDING = new Set<ApiRouteDefinition>([createTransactionRoute, createRedemptionRoute]);

/** One request through the real pipeline, as the route file would pass it. */
async function send(
  definition: ApiRouteDefinition,
  options: {
    body?: unknown;
    params?: Record<string, string | string[]>;
    query?: [string, string][];
    path?: string;
  },
): Promise<Sent> {
  if (SPENDING.has(definition)) await grantMemberCode(db, memberId, apiKeyId);
  const url = new URL(`http://pos.test${options.path ?? definition.path}`);
  for (const [name, value] of options.query ?? []) url.searchParams.append(name, value);
  const key = definition.keyKinds?.includes("member_app") ? memberAppKey : apiKey;
  const headers = new Headers({ Authorization: `Bearer ${key}`, "Content-Type": "application/json" });
  if (definition.method === "POST") headers.set("Idempotency-Key", crypto.randomUUID());
  const request = new Request(url, {
    method: definition.method,
    headers,
    body: definition.method === "POST" ? JSON.stringify(options.body) : undefined,
  });
  const response = await handleApiRequest(db, request, definition, options.params ?? {}, { limiter });
  return { status: response.status, json: (await response.json()) as Envelope };
}

/** Rows a refused request must not have added (or, for gift stock, taken). */
const COUNTED_TABLES = [
  "sales_transactions",
  "sales_transaction_lines",
  "sales_payments",
  "points_entries",
  "points_lots",
  "points_allocations",
  "stored_value_entries",
  "redemptions",
  "member_tier_events",
  "members",
  "appointments",
  "audit_log",
];
async function footprint(): Promise<Record<string, number>> {
  const counts = COUNTED_TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(", ");
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql.raw(`select ${counts}, (select sum(stock)::int from gifts) as gift_stock`)),
  );
  return row!;
}

const now = () => new Date(Date.now() - 60_000).toISOString();

/** A valid request of each operation, built anew for each call (fresh ids), in every shape its body takes. */
type Operation = {
  definition: ApiRouteDefinition;
  variant: string;
  body?: () => Record<string, unknown>;
  params?: () => Record<string, string>;
  query?: () => Record<string, string>;
  path?: (params: Record<string, string | string[]>) => string;
};

const OPERATIONS: Operation[] = [
  {
    definition: createTransactionRoute,
    variant: "member by phone, paid by wechat",
    body: () => ({
      externalId: `H-${uniqueSuffix(12)}`,
      storeCode: store.code,
      occurredAt: now(),
      member: { phone: memberPhone },
      items: [{ sku: "AU-1", name: "足金手镯", category: "gold", quantity: 1, unitPriceFen: 10_000 }],
      discountFen: 0,
      payments: [{ method: "wechat", amountFen: 10_000 }],
    }),
  },
  {
    definition: createTransactionRoute,
    variant: "member by card, paid with points, stored value and cash",
    body: () => ({
      externalId: `H-${uniqueSuffix(12)}`,
      storeCode: store.code,
      occurredAt: now(),
      member: { cardNo: memberCardNo },
      items: [{ sku: "AG-1", name: "银饰", category: "silver", quantity: 2, unitPriceFen: 5_000 }],
      discountFen: 100,
      payments: [
        { method: "points", points: 100, amountFen: 100 },
        { method: "stored_value", cardNo: storedValueCardNo, amountFen: 800 },
        { method: "cash", amountFen: 9_000 },
      ],
      memberCode: TEST_MEMBER_CODE,
    }),
  },
  {
    definition: createRefundRoute,
    variant: "one piece back",
    params: () => ({ externalId: refundableExternalId }),
    path: (params) => `/api/v1/transactions/${encodeURIComponent(String(params.externalId))}/refunds`,
    body: () => ({
      refundId: `R-${uniqueSuffix(12)}`,
      storeCode: store.code,
      amountFen: 100,
      occurredAt: now(),
      lines: [{ sku: "RF-1", quantity: 1 }],
    }),
  },
  { definition: lookupMemberRoute, variant: "by phone", query: () => ({ phone: memberPhone }) },
  { definition: lookupMemberRoute, variant: "by card", query: () => ({ cardNo: memberCardNo }) },
  ...(
    [
      ["parking", { type: "parking", hours: 1 }],
      ["gift", { type: "gift", giftCode: "", quantity: 1 }],
      ["cash offset", { type: "cash_offset", points: 100 }],
    ] as const
  ).map(([variant, body]): Operation => ({
    definition: createRedemptionRoute,
    variant,
    params: () => ({ id: memberId }),
    path: (params) => `/api/v1/members/${encodeURIComponent(String(params.id))}/redemptions`,
    body: () => ({ ...body, ...("giftCode" in body ? { giftCode } : {}), memberCode: TEST_MEMBER_CODE }),
  })),
  {
    definition: issueMemberCodeRoute,
    variant: "member by phone (member app)",
    body: () => ({ member: { phone: codeMemberPhone } }),
  },
  {
    definition: availabilityRoute,
    variant: "a store's day (member app)",
    query: () => ({ storeCode: store.code, type: appointmentTypeCode, date: nextBookingStart().slice(0, 10) }),
  },
  {
    definition: requestAppointmentRoute,
    variant: "member by phone, any advisor (member app)",
    body: () => ({
      storeCode: store.code,
      member: { phone: memberPhone },
      typeCode: appointmentTypeCode,
      startsAt: nextBookingStart(),
    }),
  },
];

/** Every path into a value ("" for the value itself), containers before their contents. */
function pathsOf(value: unknown, prefix = ""): string[] {
  const children =
    value && typeof value === "object"
      ? Object.entries(value).flatMap(([key, child]) => pathsOf(child, prefix ? `${prefix}.${key}` : key))
      : [];
  return [prefix, ...children];
}

function getAt(value: unknown, path: string): unknown {
  return path === "" ? value : path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], value);
}

function setAt(value: Record<string, unknown>, path: string, replacement: unknown): unknown {
  if (path === "") return replacement;
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], value);
  (parent as Record<string, unknown>)[keys.at(-1)!] = replacement;
  return value;
}

/** A hostile value as a URL can carry it: text, a repeated parameter, or a bracketed key for an object. */
function asUrlValues(name: string, hostile: Hostile): [string, string][] {
  const v = hostile.value;
  if (Array.isArray(v)) return v.map((item) => [name, String(item)]);
  if (v && typeof v === "object") return [[`${name}[$gt]`, ""]];
  return [[name, String(v)]];
}

type Outcome = { operation: string; field: string; hostile: string; status: number; problem: string };

/** Sends one request and checks it against the rules; returns what went wrong, if anything. */
async function fire(
  operation: Operation,
  field: string,
  hostile: Hostile,
  refuse: boolean,
  request: Parameters<typeof send>[1],
): Promise<Outcome | null> {
  const before = await footprint();
  const { status, json } = await send(operation.definition, request);
  const at = {
    operation: `${operation.definition.operationId} (${operation.variant})`,
    field,
    hostile: hostile.label,
    status,
  };
  if (status >= 500) return { ...at, problem: `a ${status}: ${JSON.stringify(json)}` };
  if (refuse && (status < 400 || status >= 500)) return { ...at, problem: "accepted a value no field can take" };
  if (status >= 400) {
    if (!json.error?.code || !json.error.message) return { ...at, problem: "no error envelope" };
    if (json.error.code === "validation" && Object.keys(json.error.fields ?? {}).length === 0)
      return { ...at, problem: "a validation error naming no field" };
    const after = await footprint();
    if (JSON.stringify(after) !== JSON.stringify(before))
      return { ...at, problem: `refused but wrote: ${JSON.stringify(before)} → ${JSON.stringify(after)}` };
  }
  return null;
}

describe(`hostile input on every POS API v1 operation (${testDriver()})`, () => {
  it("covers every operation the API serves", () => {
    const covered = new Set(OPERATIONS.map((operation) => operation.definition));
    expect(LOYALTY_API_ROUTES.filter((route) => !covered.has(route)).map((route) => route.operationId)).toEqual([]);
  });

  it("the valid requests the cases start from are accepted", async () => {
    for (const operation of OPERATIONS) {
      const params = operation.params?.() ?? {};
      const { status, json } = await send(operation.definition, {
        body: operation.body?.(),
        params,
        query: Object.entries(operation.query?.() ?? {}),
        path: operation.path?.(params),
      });
      expect(
        status,
        `${operation.definition.operationId} (${operation.variant}): ${JSON.stringify(json)}`,
      ).toBeLessThan(300);
    }
  });

  it("answers a hostile value in any body field, path parameter or query parameter with no 5xx; a value no field takes with a 4xx that writes nothing", async () => {
    const problems: Outcome[] = [];
    let requests = 0;
    const fields = new Set<string>();
    for (const operation of OPERATIONS) {
      const name = operation.definition.operationId;
      for (const path of operation.body ? pathsOf(operation.body()) : []) {
        fields.add(`${name} body.${path}`);
        for (const hostile of HOSTILE) {
          const body = operation.body!();
          const refuse = mustRefuse(path, getAt(body, path), hostile);
          const params = operation.params?.() ?? {};
          const request = { body: setAt(body, path, hostile.value), params, path: operation.path?.(params) };
          const problem = await fire(operation, `body.${path || "(whole body)"}`, hostile, refuse, request);
          requests++;
          if (problem) problems.push(problem);
        }
      }
      for (const param of Object.keys(operation.params?.() ?? {})) {
        fields.add(`${name} params.${param}`);
        for (const hostile of HOSTILE) {
          const params: Record<string, string | string[]> = { ...operation.params!() };
          const urlValues = asUrlValues(param, hostile).map(([, value]) => value);
          params[param] = urlValues.length === 1 ? urlValues[0]! : urlValues;
          // No hostile value names an existing purchase or member.
          const request = { body: operation.body?.(), params, path: operation.path?.({ ...params, [param]: "x" }) };
          const problem = await fire(operation, `params.${param}`, hostile, true, request);
          requests++;
          if (problem) problems.push(problem);
        }
      }
      for (const name of Object.keys(operation.query?.() ?? {})) {
        fields.add(`${operation.definition.operationId} query.${name}`);
        for (const hostile of HOSTILE_QUERY) {
          const query = Object.entries(operation.query!()).filter(([key]) => key !== name);
          // No hostile value is a member's phone or card number.
          const problem = await fire(operation, `query.${name}`, hostile, true, {
            query: [...query, ...asUrlValues(name, hostile)],
          });
          requests++;
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
    // What the run covered, for the record: operations × fields and requests.
    console.info(
      `hostile API input: ${OPERATIONS.length} operation shapes, ${fields.size} fields, ${requests} requests`,
    );
    expect(fields.size).toBeGreaterThan(40);
    // Some 1,700 requests, each with two footprint counts: about 40 s alone on PGlite, twice that
    // beside the other integration files, past the default 60 s; 140 s was seen on a loaded machine.
  }, 420_000);
});

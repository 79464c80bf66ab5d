import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { LOYALTY_API_ROUTES, LOYALTY_API_SCHEMAS } from "@/lib/loyalty/api";
import { buildOpenApiDocument } from "./openapi";

/** The document as GET /api/v1/openapi.json builds it. */
const buildDocument = () => buildOpenApiDocument(LOYALTY_API_ROUTES, { sharedSchemas: LOYALTY_API_SCHEMAS });

type Doc = ReturnType<typeof buildOpenApiDocument>;
type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { $ref?: string; name?: string; in?: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: { $ref: string } }>; headers?: Record<string, unknown> }
  >;
};

function operations(doc: Doc): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => [path, method, op as Operation] as [string, string, Operation]),
  );
}

/** Every `$ref` in the document, wherever it is. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe("GET /api/v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document without a key", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBeTruthy();
  });

  it("has every v1 path and method", () => {
    const doc = buildDocument();
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/v1/member-codes",
        "/api/v1/availability",
        "/api/v1/appointments",
        "/api/v1/members/lookup",
        "/api/v1/members/{id}/redemptions",
        "/api/v1/transactions",
        "/api/v1/transactions/{externalId}/refunds",
      ].sort(),
    );
    expect(
      operations(doc)
        .map(([path, method]) => `${method} ${path}`)
        .sort(),
    ).toEqual(LOYALTY_API_ROUTES.map((r) => `${r.method.toLowerCase()} ${r.path}`).sort());
  });

  it("declares the bearer scheme, requires it on every operation, and the Idempotency-Key on every write", () => {
    const doc = buildDocument();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({
      name: "Idempotency-Key",
      in: "header",
      required: true,
    });
    for (const [, method, op] of operations(doc)) {
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      const idempotency = op.parameters?.some((p) => p.$ref === "#/components/parameters/IdempotencyKey") ?? false;
      expect(idempotency).toBe(method === "post");
    }
  });

  it("describes every status each operation can answer, errors with the envelope schema", () => {
    const doc = buildDocument();
    const statuses = Object.fromEntries(
      operations(doc).map(([, , op]) => [op.operationId, Object.keys(op.responses).sort()]),
    );
    expect(statuses).toEqual({
      createTransaction: ["201", "400", "401", "403", "409", "422", "429", "500", "503"],
      createRefund: ["201", "400", "401", "403", "404", "409", "422", "429", "500", "503"],
      lookupMember: ["200", "401", "403", "404", "422", "429", "500", "503"],
      createRedemption: ["201", "400", "401", "403", "404", "409", "422", "429", "500", "503"],
      issueMemberCode: ["201", "400", "401", "403", "422", "429", "500", "503"],
      getAvailability: ["200", "401", "403", "422", "429", "500", "503"],
      requestAppointment: ["201", "400", "401", "403", "409", "422", "429", "500", "503"],
    });
    for (const [, , op] of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400)
          expect(response.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
      expect(op.responses["429"]!.headers).toHaveProperty("Retry-After");
      expect(op.responses["503"]!.headers).toHaveProperty("Retry-After");
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
    const envelope = (doc.components.schemas.Error as { properties: { error: { properties: object } } }).properties;
    expect(Object.keys(envelope.error.properties)).toEqual(["code", "message", "fields", "details"]);
  });

  it("generates the request and response schemas from the zod schemas, and every $ref resolves", () => {
    const doc = buildDocument();
    const schemas = doc.components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    expect(Object.keys(schemas.CreateTransactionRequest!.properties!)).toEqual(
      expect.arrayContaining(["externalId", "storeCode", "occurredAt", "member", "items", "discountFen", "payments"]),
    );
    // Input shape: a field with a default is optional for the client.
    expect(schemas.CreateTransactionRequest!.required).not.toContain("discountFen");
    expect(Object.keys(schemas.CreateTransactionResponse!.properties!)).toEqual([
      "transactionId",
      "pointsEarned",
      "pointsBalance",
      "tier",
      "tierChanged",
    ]);
    for (const name of [
      "CreateRefundRequest",
      "CreateRefundResponse",
      "MemberLookupResponse",
      "RedemptionRequest",
      "RedemptionResponse",
      "MemberRef",
    ]) {
      expect(schemas).toHaveProperty(name);
    }
    for (const ref of refs(doc)) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      expect((doc.components as Record<string, Record<string, unknown>>)[section!]?.[name!], ref).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it("lists path and query parameters from the schemas", () => {
    const doc = buildDocument();
    const lookup = doc.paths["/api/v1/members/lookup"]!.get as Operation;
    expect(lookup.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(["query:cardNo", "query:phone"]);
    const redeem = doc.paths["/api/v1/members/{id}/redemptions"]!.post as Operation;
    expect(redeem.parameters![0]).toMatchObject({
      name: "id",
      in: "path",
      required: true,
      schema: { type: "string", format: "uuid" },
    });
  });
});

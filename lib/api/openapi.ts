import { z } from "zod";
import type { ApiErrorCode } from "./errors";
import type { ApiRouteDefinition } from "./route";

/** The error envelope every failure answers with (ApiErrorBody in errors.ts). */
const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    /** More about the failure, e.g. `alternatives` of a `slot_taken`. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

type JsonSchema = Record<string, unknown>;
type ErrorCase = { status: number; code: ApiErrorCode };

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Failures the wrapper (route.ts) itself can answer with, whatever the operation. */
function wrapperErrors(route: ApiRouteDefinition): ErrorCase[] {
  // 403: a key of another kind than the operation's (a member-app key at a till's operation).
  const cases: ErrorCase[] = [
    { status: 401, code: "unauthenticated" },
    { status: 403, code: "forbidden" },
  ];
  if (route.params) cases.push({ status: 404, code: "not_found" });
  if (route.query) cases.push({ status: 422, code: "validation" });
  if (route.method === "POST") {
    cases.push(
      { status: 400, code: "idempotency_key_required" },
      { status: 400, code: "invalid_json" },
      { status: 422, code: "validation" },
      { status: 422, code: "idempotency_mismatch" },
    );
  }
  cases.push(
    { status: 429, code: "rate_limited" },
    { status: 500, code: "internal" },
    { status: 503, code: "unavailable" },
  );
  return cases;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  422: "Unprocessable",
  429: "Rate limited",
  500: "Server error",
  503: "Service unavailable (retry after Retry-After seconds)",
};

function errorResponses(route: ApiRouteDefinition) {
  const byStatus = new Map<number, Set<string>>();
  for (const { status, code } of [...wrapperErrors(route), ...route.errors]) {
    const codes = byStatus.get(status) ?? new Set<string>();
    codes.add(code);
    byStatus.set(status, codes);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: `${STATUS_TEXT[status] ?? "Error"}: error.code is ${[...codes].map((c) => `\`${c}\``).join(", ")}.`,
          ...(status === 429 || status === 503
            ? { headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } }
            : {}),
          ...(status === 401 ? { headers: { "WWW-Authenticate": { schema: { type: "string" } } } } : {}),
          content: { "application/json": { schema: ERROR_REF } },
        },
      ]),
  );
}

/** The properties of an object schema, or of every branch of a union of objects (a query is one of several shapes). */
function propertiesOf(schema: JsonSchema): {
  properties: Record<string, JsonSchema>;
  required: Set<string>;
  alternatives: boolean;
} {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const properties: Record<string, JsonSchema> = {};
    for (const branch of branches) Object.assign(properties, propertiesOf(branch).properties);
    return { properties, required: new Set(), alternatives: true };
  }
  return {
    properties: (schema.properties ?? {}) as Record<string, JsonSchema>,
    required: new Set((schema.required ?? []) as string[]),
    alternatives: false,
  };
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query") {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const { properties, required, alternatives } = propertiesOf(json);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(description || alternatives
        ? {
            description: [description, alternatives ? "Give exactly one of the query parameters." : undefined]
              .filter(Boolean)
              .join(" "),
          }
        : {}),
      schema: rest,
    };
  });
}

/** Component schemas of one registry: `$ref`s point into components.schemas; per-schema `$schema`/`$id` dropped. */
function componentSchemas(entries: [string, z.ZodType][], io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of entries) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const rest = { ...schema };
      delete rest.$schema;
      delete rest.$id;
      return [id, rest];
    }),
  );
}

function operation(route: ApiRouteDefinition) {
  const parameterList: unknown[] = [...parameters(route.params, "path"), ...parameters(route.query, "query")];
  if (route.method === "POST") parameterList.push({ $ref: "#/components/parameters/IdempotencyKey" });
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: ["POS"],
    security: [{ bearerAuth: [] }],
    ...(parameterList.length ? { parameters: parameterList } : {}),
    ...(route.body && route.names.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref(route.names.body) } } } }
      : {}),
    responses: {
      [String(route.successStatus)]: {
        description:
          route.successStatus === 201
            ? "Created (or, with Idempotent-Replayed: true, the first response to this Idempotency-Key)."
            : "OK",
        ...(route.method === "POST"
          ? {
              headers: {
                "Idempotent-Replayed": {
                  description: "`true` when this is the stored first response to the Idempotency-Key.",
                  schema: { type: "string", enum: ["true"] },
                },
              },
            }
          : {}),
        content: { "application/json": { schema: ref(route.names.response) } },
      },
      ...errorResponses(route),
    },
  };
}

export type OpenApiOptions = {
  /** Request schemas several operations share, by component name: the bodies refer to them instead of repeating them. */
  sharedSchemas?: Readonly<Record<string, z.ZodType>>;
};

/**
 * The OpenAPI 3.1 document of POS API v1, generated from the route definitions and their zod
 * schemas. The caller passes the operations (the API's route list lives with its domain, and this
 * infrastructure imports none).
 */
export function buildOpenApiDocument(routes: readonly ApiRouteDefinition[], options: OpenApiOptions = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);

  const requests: [string, z.ZodType][] = Object.entries(options.sharedSchemas ?? {});
  const responses: [string, z.ZodType][] = [["Error", apiErrorSchema]];
  for (const route of routes) {
    if (route.body && route.names.body) requests.push([route.names.body, route.body]);
    responses.push([route.names.response, route.response]);
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Atrium POS API",
      version: "1.0.0",
      description: [
        "Point-of-sale integration: purchases, refunds, member look-up and points redemption, and the member app's member codes.",
        "A till's key (kind `pos`) calls the till's operations; the member app's server (kind `member_app`) issues member codes and reads availability and requests appointments at any store of the mall.",
        "Spending a member's points or stored value needs `memberCode`, the 6-digit code the member shows in the member app (2 minutes, once).",
        "Authenticate with a per-store API key (`Authorization: Bearer atr_live_…`). Every write needs an `Idempotency-Key`:",
        "a retry with the same key and body returns the first response (header `Idempotent-Replayed: true`) and changes nothing;",
        "the same key with a different body is refused with 422 `idempotency_mismatch`. Money is integer fen (1 yuan = 100 fen).",
        'Failures carry `{"error":{"code","message","fields","details"}}`.',
      ].join(" "),
    },
    servers: [{ url: "/" }],
    tags: [{ name: "POS", description: "Point-of-sale operations" }],
    paths,
    components: {
      schemas: { ...componentSchemas(requests, "input"), ...componentSchemas(responses, "output") },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A per-store API key created under Administration → API keys (or `npm run apikey:create`).",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: "Unique per logical request (a UUID is recommended); reuse it for retries of the same request.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 1 } },
      },
    },
  };
}

import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { authenticateApiKey, type ApiKeyKind, type ApiPrincipal } from "./authenticate";
import { JSON_BODY_MAX_BYTES, readBodyBytes } from "./body";
import { ApiRequestError, jsonResponse, toErrorResult, zodFields, type ApiErrorCode } from "./errors";
import { canonicalJson, requestHash, requireIdempotencyKey, runIdempotently } from "./idempotency";
import { apiRateLimiter, type RateLimiter } from "./rate-limit";
import { nulByteFieldErrors } from "@/lib/nul-bytes";

/** What a route's business call receives: the database (a savepoint for writes), the caller and the parsed request. */
export type ApiCallContext<TParams, TQuery, TBody> = {
  db: Db;
  storeId: string;
  apiKeyId: string;
  principal: ApiPrincipal;
  params: TParams;
  query: TQuery;
  body: TBody;
};

type AnySchema = z.ZodType;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/**
 * One POS API operation: its method and path, the zod schemas that parse it (and that the OpenAPI
 * document is generated from) and the business call. POST operations are writes: they need an
 * Idempotency-Key and run inside the idempotency transaction.
 */
export type ApiRouteDefinition<
  TParams extends AnySchema | undefined = AnySchema | undefined,
  TQuery extends AnySchema | undefined = AnySchema | undefined,
  TBody extends AnySchema | undefined = AnySchema | undefined,
  TResponse extends AnySchema = AnySchema,
> = {
  method: "GET" | "POST";
  /** OpenAPI path template, e.g. `/api/v1/members/{id}/redemptions`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Path parameters; a value that does not parse is answered 404 (a malformed id names nothing). */
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  response: TResponse;
  /** Component names for the OpenAPI document. */
  names: { body?: string; response: string };
  successStatus: 200 | 201;
  /** The kinds of key that may call it (default: tills only); any other key is answered 403. */
  keyKinds?: readonly ApiKeyKind[];
  /** The failures the business call itself can answer with, for the OpenAPI document (the wrapper's own are added there). */
  errors: readonly { status: number; code: ApiErrorCode }[];
  // Method syntax on purpose: a definition with narrower schemas must still be an ApiRouteDefinition.
  run(ctx: ApiCallContext<Out<TParams>, Out<TQuery>, Out<TBody>>): Promise<z.input<TResponse>>;
};

/** Builds a route definition with its context typed from its schemas. */
export function defineApiRoute<
  TParams extends AnySchema | undefined = undefined,
  TQuery extends AnySchema | undefined = undefined,
  TBody extends AnySchema | undefined = undefined,
  TResponse extends AnySchema = AnySchema,
>(
  definition: ApiRouteDefinition<TParams, TQuery, TBody, TResponse>,
): ApiRouteDefinition<TParams, TQuery, TBody, TResponse> {
  return definition;
}

const POS_ONLY: readonly ApiKeyKind[] = ["pos"];

export type HandleOptions = { limiter?: RateLimiter };

/** The search parameters as an object for zod: a repeated name becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** The body as JSON: 413 past `maxBytes` (read as a stream, see readBodyBytes), 400 when it does not parse. */
export async function readJson(request: Request, maxBytes = JSON_BODY_MAX_BYTES): Promise<unknown> {
  // TextDecoder as request.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced.
  const text = new TextDecoder().decode(await readBodyBytes(request, maxBytes));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiRequestError(400, "invalid_json");
  }
}

/** A request whose query or body holds a NUL character (PostgreSQL cannot store one): 422 naming the fields. */
export function refuseNulCharacters(value: unknown, root: string, message: (key: string) => string): void {
  const fields = nulByteFieldErrors(value, root);
  if (!fields) return;
  const messages = Object.fromEntries(Object.entries(fields).map(([path, keys]) => [path, keys.map(message)]));
  throw new ApiRequestError(422, "validation", undefined, {}, messages);
}

const NUL_MESSAGE = "Contains a NUL (zero) character, which cannot be saved.";

function parseOr<T extends AnySchema | undefined>(
  schema: T,
  value: unknown,
  fail: (error: z.ZodError) => never,
  root?: string,
): Out<T> {
  if (!schema) return undefined as Out<T>;
  if (root) refuseNulCharacters(value, root, () => NUL_MESSAGE);
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(parsed.error);
  return parsed.data as Out<T>;
}

/**
 * The one pipeline every POS API v1 request goes through, in this order: API key → rate limit →
 * path parameters → query → (writes) Idempotency-Key header → JSON → zod → (writes) idempotency
 * transaction → business call → JSON response. Never throws: every failure is the error envelope.
 *
 * JSON and zod failures are answered before the idempotency transaction and are not stored: the
 * request never reached the business call, and the client can fix it and retry with the same key.
 */
export async function handleApiRequest(
  db: Db,
  request: Request,
  definition: ApiRouteDefinition,
  rawParams: Record<string, string | string[] | undefined> = {},
  options: HandleOptions = {},
): Promise<Response> {
  try {
    // The key is looked up and the request counted in its rate window in one statement.
    const limiter = options.limiter ?? apiRateLimiter;
    const window = limiter.window();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"), window.start);
    const decision = await limiter.decide(
      db,
      principal.apiKeyId,
      principal.rateLimitPerMinute,
      window,
      principal.requestsInWindow!,
    );
    if (!decision.allowed) {
      throw new ApiRequestError(429, "rate_limited", undefined, { "Retry-After": String(decision.retryAfterSeconds) });
    }

    if (!(definition.keyKinds ?? POS_ONLY).includes(principal.kind)) throw new ApiRequestError(403, "forbidden");

    const url = new URL(request.url);
    const notFound = (): never => {
      throw new ApiRequestError(404, "not_found");
    };
    // A NUL names nothing that can be stored (PostgreSQL refuses it): the 404 of any malformed id.
    if (definition.params && nulByteFieldErrors(rawParams, "params")) notFound();
    const params = parseOr(definition.params, rawParams, notFound);
    const query = parseOr(
      definition.query,
      queryObject(url),
      (error) => {
        throw new ApiRequestError(422, "validation", undefined, {}, zodFields(error, "query"));
      },
      "query",
    );

    const call = (db: Db, body: unknown) =>
      definition.run({ db, storeId: principal.storeId, apiKeyId: principal.apiKeyId, principal, params, query, body });

    if (definition.method === "GET") {
      const body = await call(db, undefined);
      return jsonResponse(definition.successStatus, body);
    }

    const idempotencyKey = requireIdempotencyKey(request.headers);
    const json = await readJson(request);
    const body = parseOr(
      definition.body,
      json,
      (error) => {
        throw new ApiRequestError(422, "validation", undefined, {}, zodFields(error));
      },
      "body",
    );
    const result = await runIdempotently(
      db,
      {
        apiKeyId: principal.apiKeyId,
        key: idempotencyKey,
        requestHash: requestHash(request.method, url.pathname, canonicalJson(json)),
      },
      definition.successStatus,
      (tx) => call(tx, body),
    );
    return jsonResponse(result.status, result.body, result.replayed ? { "Idempotent-Replayed": "true" } : {});
  } catch (error) {
    const failure = toErrorResult(error);
    return jsonResponse(failure.status, failure.body, failure.headers);
  }
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** A Next.js route handler for a definition, on the application's database. */
export function apiRoute(definition: ApiRouteDefinition) {
  return async function handler(request: Request, context: RouteContext): Promise<Response> {
    return handleApiRequest(getDb(), request, definition, (await context?.params) ?? {});
  };
}

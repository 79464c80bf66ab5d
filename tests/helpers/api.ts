import type { Db } from "@/db/client";
import { DbRateLimiter } from "@/lib/api/rate-limit";
import { handleApiRequest, type ApiRouteDefinition } from "@/lib/api/route";

export type ApiEnvelope = { error?: { code: string; message: string; fields?: Record<string, string[]> } };
export type ApiSent = { status: number; headers: Headers; json: Record<string, unknown> & ApiEnvelope };

export type ApiCallOptions = {
  /** The Bearer key; null sends none. */
  key: string | null;
  body?: unknown;
  params?: Record<string, string | string[]>;
  /** The request path with its query, e.g. `/api/v1/members/lookup?phone=…` (default: the definition's path). */
  path?: string;
  /** Sent with POSTs; default a fresh UUID, null sends none. */
  idempotencyKey?: string | null;
  limiter?: DbRateLimiter;
};

/** One request through the real API pipeline (handleApiRequest), as a route file would pass it. */
export async function callApi(db: Db, definition: ApiRouteDefinition, options: ApiCallOptions): Promise<ApiSent> {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  const idempotencyKey = options.idempotencyKey === undefined ? crypto.randomUUID() : options.idempotencyKey;
  if (definition.method === "POST" && idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
  const request = new Request(`http://pos.test${options.path ?? definition.path}`, {
    method: definition.method,
    headers,
    body: definition.method === "POST" ? JSON.stringify(options.body) : undefined,
  });
  const response = await handleApiRequest(db, request, definition, options.params ?? {}, {
    limiter: options.limiter ?? new DbRateLimiter(),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as ApiSent["json"] };
}

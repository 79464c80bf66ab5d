import { z } from "zod";
import {
  DatabaseUnavailableError,
  HTTP_STATUS,
  isAppError,
  sqlState,
  type AppError,
  type ErrorCode,
} from "@/lib/errors";
import en from "@/messages/en.json";

/** Codes the API adds to the application's: failures of the HTTP request itself. */
export type ApiErrorCode = ErrorCode | "invalid_json" | "idempotency_key_required" | "unavailable";

/** The error envelope every failing API response carries. */
export type ApiErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string[]>; details?: Record<string, unknown> };
};

/** What POS developers read: short, English, no internals. */
const API_MESSAGES: Record<ApiErrorCode, string> = {
  unauthenticated: "Missing, unknown or revoked API key. Send `Authorization: Bearer <key>`.",
  forbidden: "This API key may not act on that store or call this operation.",
  not_found: "Not found.",
  validation: "The request is invalid; see `fields`.",
  conflict: "The request conflicts with existing data.",
  locked: "The resource is locked.",
  internal: "Something went wrong on the server; nothing was recorded. Retry with the same Idempotency-Key.",
  insufficient_points: "The member does not have enough points.",
  insufficient_balance: "The stored-value card does not have enough balance.",
  out_of_stock: "The gift is out of stock.",
  member_not_found: "No member matches.",
  card_not_usable: "The stored-value card is frozen, replaced or closed.",
  refund_exceeds_paid: "The refund is more than what remains paid on the transaction.",
  rate_limited: "Too many requests for this API key; retry after the number of seconds in Retry-After.",
  idempotency_mismatch: "This Idempotency-Key was already used with a different request.",
  member_code_invalid:
    "The member code is wrong, expired or already used. Ask the member to show a new code in the member app.",
  slot_taken: "That time was just taken or is not free; `details.alternatives` lists the next free slots.",
  invalid_json: "The request body is not valid JSON.",
  idempotency_key_required: "Writes need an Idempotency-Key header (1–255 printable characters, unique per request).",
  unavailable:
    "The service is briefly unavailable; nothing was recorded. Retry after the number of seconds in Retry-After with the same Idempotency-Key.",
};

/** A failure of the HTTP request itself, with its status (which may differ from the code's default, e.g. a 404 look-up). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
    readonly fields?: Record<string, string[]>,
  ) {
    super(message ?? API_MESSAGES[code]);
    this.name = "ApiRequestError";
  }
}

export function errorBody(
  code: ApiErrorCode,
  message?: string,
  fields?: Record<string, string[]>,
  details?: Record<string, unknown>,
): ApiErrorBody {
  return {
    error: {
      code,
      message: message ?? API_MESSAGES[code],
      ...(fields && Object.keys(fields).length > 0 ? { fields } : {}),
      ...(details && Object.keys(details).length > 0 ? { details } : {}),
    },
  };
}

/** Zod issues as `path → messages`, the path dotted (`payments.0.points`); issues about the whole value go under `root`. */
export function zodFields(error: z.ZodError, root = "body"): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.map(String).join(".") : root;
    (fields[path] ??= []).push(issue.message);
  }
  return fields;
}

const UI_MESSAGES = en.errors as Record<string, string>;

/** An AppError's message for the API: its catalogue message in English, else its detail, else the API's wording of the code. */
function appErrorMessage(error: AppError): string {
  if (error.messageKey && UI_MESSAGES[error.messageKey]) return UI_MESSAGES[error.messageKey]!;
  return error.detail ?? API_MESSAGES[error.code];
}

export type ErrorResult = { status: number; body: ApiErrorBody; headers: Record<string, string> };

/**
 * An expected failure as a status and envelope: AppError → HTTP_STATUS, zod → 422 validation, a
 * unique violation → 409 conflict. Null for anything else (a bug or an outage: a 500).
 */
export function expectedFailure(error: unknown): ErrorResult | null {
  if (error instanceof ApiRequestError) {
    return { status: error.status, body: errorBody(error.code, error.message, error.fields), headers: error.headers };
  }
  if (isAppError(error)) {
    if (HTTP_STATUS[error.code] >= 500) return null;
    return {
      status: HTTP_STATUS[error.code],
      body: errorBody(error.code, appErrorMessage(error), error.fieldErrors, error.details),
      headers: {},
    };
  }
  if (error instanceof z.ZodError) {
    return { status: 422, body: errorBody("validation", undefined, zodFields(error)), headers: {} };
  }
  if (sqlState(error) === "23505") {
    return { status: 409, body: errorBody("conflict"), headers: {} };
  }
  return null;
}

/** Seconds a client should wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** postgres.js's codes for a connection it could not open or lost, and Node's socket errors beneath them. */
const CONNECTION_ERROR_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * Whether an error means the database cannot be reached right now (down, restarting, failing over),
 * not that the request was wrong: a connection error (drizzle nests the driver's under `cause`),
 * SQLSTATE class 08 (connection exception) or 57P01–57P03 (shutting down, cannot connect now).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string") {
      if (CONNECTION_ERROR_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code) || /^57P0[123]$/.test(e.code))
        return true;
    }
    e = (typeof e.cause === "object" ? e.cause : null) as typeof e;
  }
  return false;
}

/**
 * For pages: an outage becomes a DatabaseUnavailableError, whose digest reaches the error boundary
 * (the same classification as the API's 503); anything else is returned unchanged, to be rethrown.
 */
export function pageError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  return new DatabaseUnavailableError({ cause: error });
}

/**
 * Anything thrown while serving a request as a response: the database out of reach is a 503 with
 * Retry-After (a till retries with the same Idempotency-Key); other unexpected errors are a 500 that
 * says nothing of the internals.
 */
export function toErrorResult(error: unknown): ErrorResult {
  const expected = expectedFailure(error);
  if (expected) return expected;
  if (isDatabaseUnavailable(error)) {
    console.error("api request failed: database unavailable");
    return {
      status: 503,
      body: errorBody("unavailable"),
      headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  console.error("api request failed:", error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
  return { status: 500, body: errorBody("internal"), headers: {} };
}

/** A JSON response that no cache keeps (API answers are per key and often carry personal data). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: unknown): Response {
  const result = toErrorResult(error);
  return jsonResponse(result.status, result.body, result.headers);
}

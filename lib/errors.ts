export const ERROR_CODES = [
  "unauthenticated",
  "forbidden",
  "not_found",
  "validation",
  "conflict",
  "locked",
  "internal",
  "insufficient_points",
  "insufficient_balance",
  "out_of_stock",
  "member_not_found",
  "card_not_usable",
  "refund_exceeds_paid",
  "rate_limited",
  "idempotency_mismatch",
  "member_code_invalid",
  "slot_taken",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorOptions = {
  /** A key of the `errors` message catalogue: what staff read, and the API's English message. */
  messageKey?: string;
  /** A sentence in English for API clients and logs when no catalogue message fits (never shown in the UI). */
  detail?: string;
  /** Field → message keys (or sentences), shown next to the field / returned as the API's `fields`. */
  fieldErrors?: Record<string, string[]>;
  /**
   * The use case's transaction commits what `run` wrote before this was thrown (lib/actions/use-case.ts),
   * for a failure that must leave a trace: a wrong current password counts toward the lockout.
   */
  keepWrites?: boolean;
  /**
   * Structured data for the caller, JSON-safe (strings, numbers, booleans, plain objects and arrays):
   * what a form offers next (a taken slot's alternatives). Returned by actions and as the API's `details`.
   */
  details?: Record<string, unknown>;
};

/** An expected failure with a stable code; mapped once to UI messages and HTTP statuses. */
export class AppError extends Error {
  readonly messageKey?: string;
  readonly detail?: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly keepWrites?: boolean;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.messageKey ?? options.detail ?? code);
    this.name = "AppError";
    this.messageKey = options.messageKey;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors;
    this.keepWrites = options.keepWrites;
    this.details = options.details;
  }
}

/**
 * The digest of a page's error while the database is out of reach. In production Next hides a
 * server error's message from the browser but keeps a digest the error sets itself, so the error
 * boundary can tell an outage ("try again in a moment") from a bug. Pure: client components read it.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "ATRIUM_DATABASE_UNAVAILABLE";

export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;
  constructor(options?: { cause?: unknown }) {
    super("The database is unavailable.", options);
    this.name = "DatabaseUnavailableError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 422,
  conflict: 409,
  locked: 423,
  internal: 500,
  insufficient_points: 409,
  insufficient_balance: 409,
  out_of_stock: 409,
  member_not_found: 422,
  card_not_usable: 409,
  refund_exceeds_paid: 422,
  rate_limited: 429,
  idempotency_mismatch: 422,
  member_code_invalid: 403,
  slot_taken: 409,
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The SQLSTATE of a database error from either driver (PGlite nests it under `cause`). */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  if (e?.cause && typeof e.cause.code === "string") return e.cause.code;
  return undefined;
}

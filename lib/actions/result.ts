import type { ErrorCode } from "@/lib/errors";

export type ActionSuccess<T> = { ok: true; data: T };
export type ActionFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** The AppError's structured details (JSON-safe), e.g. a taken slot's alternatives. */
  details?: Record<string, unknown>;
};
/** What every server action returns; actions never throw to the client. */
export type ActionResult<T> = ActionSuccess<T> | ActionFailure;

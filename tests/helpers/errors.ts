import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** What `promise` rejects with, which must be an AppError (a promise that resolves fails the test). */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  return error as AppError;
}

/** Expects `promise` to reject with an AppError with this code (and this message, when given). */
export async function expectAppError(promise: Promise<unknown>, code: string, message?: string): Promise<AppError> {
  const error = await errorOf(promise);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toBe(message);
  return error;
}

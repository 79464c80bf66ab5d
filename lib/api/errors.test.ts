import { describe, expect, it, vi } from "vitest";
import { AppError, DATABASE_UNAVAILABLE_DIGEST, DatabaseUnavailableError } from "@/lib/errors";
import { pageError, toErrorResult } from "./errors";

/** A driver error as drizzle throws it: "Failed query: …" with the driver's error under `cause`. */
function failedQuery(cause: Record<string, unknown>) {
  return Object.assign(new Error("Failed query: select 1"), { cause: Object.assign(new Error("driver"), cause) });
}

describe("toErrorResult", () => {
  it.each([
    [
      "postgres.js could not connect",
      Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:5432"), { code: "ECONNREFUSED" }),
    ],
    ["a refused connection under drizzle's wrapper", failedQuery({ code: "ECONNREFUSED", errno: -111 })],
    ["a connection lost mid-query", failedQuery({ code: "CONNECTION_CLOSED" })],
    ["a pool that was ended", failedQuery({ code: "CONNECTION_ENDED" })],
    ["a connect timeout", failedQuery({ code: "CONNECT_TIMEOUT" })],
    ["SQLSTATE 08006 (connection failure)", failedQuery({ code: "08006" })],
    ["SQLSTATE 57P01 (administrator shutdown)", failedQuery({ code: "57P01" })],
    [
      "SQLSTATE 57P03 (cannot connect now)",
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
    ],
  ])("answers %s with 503 unavailable and Retry-After, nothing of the internals", (_, error) => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = toErrorResult(error);
    spy.mockRestore();
    expect(result.status).toBe(503);
    expect(result.body.error.code).toBe("unavailable");
    expect(Number(result.headers["Retry-After"])).toBeGreaterThan(0);
    expect(JSON.stringify(result.body)).not.toMatch(/10\.0\.0\.7|ECONNREFUSED|Failed query/);
  });

  it("still answers other database errors and bugs with 500, and expected failures with their status", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toErrorResult(failedQuery({ code: "22021" })).status).toBe(500);
    expect(toErrorResult(failedQuery({ code: "57014" })).status).toBe(500);
    expect(toErrorResult(new TypeError("x is undefined")).status).toBe(500);
    spy.mockRestore();
    expect(toErrorResult(failedQuery({ code: "23505" })).status).toBe(409);
    expect(toErrorResult(new AppError("insufficient_points")).status).toBe(409);
  });
});

describe("expectedFailure's envelope", () => {
  it("puts an AppError's details in error.details, with the code's status", () => {
    const alternatives = [{ startsAt: "2031-03-04T02:00:00.000Z", time: "10:00", advisorIds: ["a"] }];
    const result = toErrorResult(new AppError("slot_taken", { details: { alternatives } }));
    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({ code: "slot_taken", details: { alternatives } });
    expect(result.body.error.message).toMatch(/alternatives/);
  });

  it("leaves details out of the envelope when there are none", () => {
    expect(toErrorResult(new AppError("conflict")).body.error).not.toHaveProperty("details");
    expect(toErrorResult(new AppError("conflict", { details: {} })).body.error).not.toHaveProperty("details");
  });
});

// Pages: the error boundary tells an outage from a bug only by the digest (production hides messages).
describe("pageError", () => {
  it("turns an outage into an error whose digest the error page recognises, keeping the cause", () => {
    const refused = failedQuery({ code: "ECONNREFUSED" });
    const error = pageError(refused);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ digest: DATABASE_UNAVAILABLE_DIGEST, cause: refused });
    expect(pageError(error)).toBe(error);
    // Still an outage for the API's classification (a staff route answers 503).
    expect(toErrorResult(error).status).toBe(503);
  });

  it("leaves other errors as they are", () => {
    const bug = new TypeError("x is undefined");
    const unique = failedQuery({ code: "23505" });
    const notFound = new AppError("not_found");
    expect(pageError(bug)).toBe(bug);
    expect(pageError(unique)).toBe(unique);
    expect(pageError(notFound)).toBe(notFound);
  });
});

import { NextRequest, type NextFetchEvent } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

// next-auth's session refresh, replaced by a recorder: the test is about which requests reach it.
const sessionCalls = vi.hoisted(() => [] as string[]);
vi.mock("next-auth", () => ({
  default: () => ({
    auth: (handler: (request: NextRequest) => Response) => (request: NextRequest) => {
      sessionCalls.push(request.nextUrl.pathname);
      return handler(request);
    },
  }),
}));

const { config, isSessionExempt, proxy } = await import("./proxy");

const matched = (pathname: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(pathname));
const run = (path: string) =>
  proxy(new NextRequest(`http://localhost${path}`, { headers: { cookie: "authjs.session-token=x" } }), {
    waitUntil() {},
  } as unknown as NextFetchEvent);

describe("proxy", () => {
  beforeEach(() => {
    sessionCalls.length = 0;
  });

  it("exempts exactly the survey pages from the session", () => {
    expect(isSessionExempt("/survey/abc")).toBe(true);
    for (const path of [
      "/complaints",
      "/complaints/survey/abc",
      "/survey",
      "/surveys/abc",
      "/",
      "/sign-in",
      "/Survey/abc",
    ]) {
      expect(isSessionExempt(path), path).toBe(false);
    }
  });

  it("still runs on the survey and the portal pages (the CSP applies to both)", () => {
    expect(matched("/survey/abc")).toBe(true);
    expect(matched("/complaints")).toBe(true);
    expect(matched("/complaints/123")).toBe(true);
  });

  it("leaves out exactly the bench's bare page (its floor is the framework without the proxy)", () => {
    expect(matched("/bench/bare")).toBe(false);
    for (const path of ["/bench/floor", "/bench/bare/x", "/bench/barely", "/members/bench/bare"])
      expect(matched(path), path).toBe(true);
  });

  it("answers a survey page with the CSP, without the session (no cookie set)", async () => {
    const response = await run("/survey/abc");
    expect(sessionCalls).toEqual([]);
    expect(response!.headers.get("Content-Security-Policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(response!.headers.get("set-cookie")).toBeNull();
  });

  it("keeps the session on every other page", async () => {
    for (const path of ["/complaints", "/complaints/abc", "/survey", "/"]) await run(path);
    expect(sessionCalls).toEqual(["/complaints", "/complaints/abc", "/survey", "/"]);
  });
});

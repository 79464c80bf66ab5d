import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "./proxy";

const matched = (pathname: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(pathname));
const run = (path: string, cookie = "authjs.session-token=x") =>
  proxy(new NextRequest(`http://localhost${path}`, { headers: { cookie } }));

describe("proxy", () => {
  it("runs on the portal pages and the customers' pages (the CSP applies to both)", () => {
    for (const path of ["/", "/sign-in", "/complaints", "/complaints/123", "/survey/abc", "/track/abc", "/bench/floor"])
      expect(matched(path), path).toBe(true);
  });

  it("leaves out exactly the bench's bare page (its floor is the framework without the proxy)", () => {
    expect(matched("/bench/bare")).toBe(false);
    for (const path of ["/bench/bare/x", "/bench/barely", "/members/bench/bare"])
      expect(matched(path), path).toBe(true);
  });

  it("answers every page with a fresh CSP nonce, passed on to the page, and never sets a cookie", () => {
    const nonces = new Set<string>();
    for (const path of ["/complaints", "/survey/abc", "/"]) {
      const response = run(path);
      const csp = response.headers.get("Content-Security-Policy")!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
      nonces.add(nonce);
      expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    expect(nonces.size).toBe(3);
  });
});

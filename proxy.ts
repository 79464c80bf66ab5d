import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/config";

// Session refresh (next-auth's JWT cookie) and the per-request CSP nonce; authorization is not
// decided here but on the server in every page, action and route handler.
const { auth } = NextAuth(authConfig);

function contentSecurityPolicy(nonce: string) {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React, Tailwind arbitrary values) are low risk; scripts are not.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function withContentSecurityPolicy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * Pages a customer opens from a message, without an account: the complaint survey
 * (docs/domain.md#satisfaction-survey). No session is read or refreshed there, so the response
 * sets no cookie; the CSP still applies. Exactly the `/survey/` prefix: every other path keeps the
 * session refresh (and each page still checks its own permission on the server).
 */
export function isSessionExempt(pathname: string): boolean {
  return pathname.startsWith("/survey/");
}

const withSession = auth((request) => withContentSecurityPolicy(request));

export function proxy(request: NextRequest, event: NextFetchEvent) {
  if (isSessionExempt(request.nextUrl.pathname)) return withContentSecurityPolicy(request);
  // next-auth types its wrapper as a route handler; as a proxy it is called with the fetch event.
  return withSession(request, event as unknown as Parameters<typeof withSession>[1]);
}

export const config = {
  // Static files answer without a session: the favicon and robots.txt (public/) need no session refresh or CSP.
  // /bench/bare is the benchmark's bare framework page (app/bench/bare): what it measures is the framework without the proxy.
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|favicon.svg|robots.txt|fonts/|bench/bare$).*)"],
};

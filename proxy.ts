import { NextResponse, type NextRequest } from "next/server";

// The per-request CSP nonce. Authorization is not decided here but on the server in every page,
// action and route handler, and the session cookie is not read or re-issued here either: pages
// decrypt it once per request (lib/auth/session.ts), and a session has a fixed end set at sign-in
// that a refreshed cookie could not extend (lib/auth/session-cookie.ts). So no page response sets a cookie
// unless sign-in, sign-out or the language switch does.

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

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Static files need no CSP: the favicon and robots.txt (public/). /bench/bare is the benchmark's
  // bare framework page (app/bench/bare): what it measures is the framework without the proxy.
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|favicon.svg|robots.txt|fonts/|bench/bare$).*)"],
};

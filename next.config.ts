import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Headers every response carries; the page CSP (with a per-request nonce) is set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // After one HTTPS visit a browser refuses plain HTTP for two years; sent over HTTP it is ignored, so always safe.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];
// Responses the proxy does not handle (API JSON, static assets) get a locked-down policy.
const nonPageCsp = {
  key: "Content-Security-Policy",
  value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
};

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [nonPageCsp] },
      { source: "/_next/static/:path*", headers: [nonPageCsp] },
    ];
  },
};

export default withNextIntl(nextConfig);

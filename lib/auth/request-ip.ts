import { env } from "@/lib/env";

/**
 * The client's address, for the sign-in lockout and the audit log. Route handlers see no socket;
 * `next start` (next/dist/server/base-server.js) sets X-Forwarded-For to the socket's address only
 * when the request has none (`??=`): it never appends. So every entry comes from the client or
 * from a proxy in front, and only the entries trusted proxies appended can be believed:
 * - 0 hops (no proxy): the right-most entry, which is the socket address when the client sent no
 *   header. A client talking to Next directly can still choose it; the account lockout does not
 *   depend on it, the per-address limit and the audit address do (so put a proxy in front);
 * - N hops, each appending the address it saw: the N-th entry from the right, the one the
 *   outermost trusted proxy appended; anything left of it is the client's own claim.
 * X-Real-IP is ignored: without a proxy that sets it, any client can.
 */
export function clientIp(headers: Headers, trustedHops: number = env.ATRIUM_TRUSTED_PROXY_HOPS): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  // Fewer entries than hops: the chain was bypassed or misconfigured; the left-most is the furthest known.
  return entries[Math.max(0, entries.length - Math.max(1, trustedHops))]!;
}

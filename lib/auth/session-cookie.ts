import { decode } from "next-auth/jwt";

/**
 * Reading the session cookie next-auth issued at sign-in, without next-auth's session endpoint:
 * that endpoint (what `auth()` calls) decrypts the token and then encrypts a fresh one on every
 * call to push the cookie's expiry forward, which a server component cannot even send. Here the
 * token is only decrypted and checked (integrity and `exp`, by jose inside `decode`), once per
 * process: the cost of a signed-cookie check, then of a lookup.
 *
 * No request ever needs a refreshed cookie: a session ends SESSION_MAX_AGE_SECONDS after sign-in
 * however active it was (./config.ts), and the cookie set at sign-in expires at that very moment,
 * so a re-issued cookie could only outlive its session.
 */

/** next-auth's cookie name; "__Secure-" in front when the site is served over HTTPS. */
export const SESSION_COOKIE = "authjs.session-token";

/** What the token says about who signed in (written by the jwt callback in ./config.ts). */
export type SessionClaims = { staffId: string; authVersion: number | undefined; signedInAt: number };

/**
 * Tokens already decrypted and checked, by secret: the same cookie comes back with every request of
 * a session, and a token's claims never change, so it is decrypted once per process and then only
 * looked up (and its expiry checked). Only tokens that passed are kept, at most VERIFIED_MAX of
 * them (the oldest go first), so a flood of forged cookies costs a decryption each and fills nothing.
 */
const verified = new Map<string, Map<string, { claims: SessionClaims; expiresAt: number }>>();
const VERIFIED_MAX = 2000;

function remember(secret: string, key: string, claims: SessionClaims, expiresAt: number) {
  let bySecret = verified.get(secret);
  if (!bySecret) verified.set(secret, (bySecret = new Map()));
  if (bySecret.size >= VERIFIED_MAX) bySecret.delete(bySecret.keys().next().value!);
  bySecret.set(key, { claims, expiresAt });
}

type CookieJar = { get(name: string): { value: string } | undefined; has(name: string): boolean };

/** A cookie's value, reassembled when next-auth split a large token into `name.0`, `name.1`, …. */
function cookieValue(jar: CookieJar, name: string): string | undefined {
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  let joined = "";
  for (let i = 0; jar.has(`${name}.${i}`); i++) joined += jar.get(`${name}.${i}`)!.value;
  return joined || undefined;
}

/**
 * The claims of the request's session cookie, or null when there is none or it does not decrypt
 * under `secret`, was issued for another cookie name, or has expired. Who the staff member is now
 * (active, same password, signed out) is for the caller to check in the database.
 */
export async function readSessionCookie(jar: CookieJar, secret: string | undefined): Promise<SessionClaims | null> {
  // Without a secret next-auth cannot have issued a cookie either (sign-in fails with MissingSecret).
  if (!secret) return null;
  for (const name of [`__Secure-${SESSION_COOKIE}`, SESSION_COOKIE]) {
    const token = cookieValue(jar, name);
    if (!token) continue;
    const key = `${name}=${token}`;
    const known = verified.get(secret)?.get(key);
    if (known) return known.expiresAt > Date.now() ? known.claims : null;
    // The cookie's name is the key derivation's salt: a token only decrypts under the name it was issued for.
    const payload = await decode({ token, secret, salt: name }).catch(() => null);
    if (!payload || typeof payload.staffId !== "string" || typeof payload.signedInAt !== "number") return null;
    const claims = {
      staffId: payload.staffId,
      authVersion: typeof payload.authVersion === "number" ? payload.authVersion : undefined,
      signedInAt: payload.signedInAt,
    };
    if (typeof payload.exp === "number") remember(secret, key, claims, payload.exp * 1000);
    return claims;
  }
  return null;
}

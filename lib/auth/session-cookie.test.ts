import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readSessionCookie, SESSION_COOKIE } from "./session-cookie";

// The real decode, counted: a token seen before is not decrypted again.
vi.mock("next-auth/jwt", async (importOriginal) => {
  const actual = await importOriginal<typeof import("next-auth/jwt")>();
  return { ...actual, decode: vi.fn(actual.decode) };
});

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const claims = { staffId: "0b7d2a0e-8a7e-4c55-9d43-2f1f4a0f6c11", authVersion: 3, signedInAt: 1_760_000_000_000 };

function jar(cookies: Record<string, string>) {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined),
    has: (n: string) => n in cookies,
  };
}
const issue = (name: string, options: { maxAge?: number; secret?: string; token?: Record<string, unknown> } = {}) =>
  encode({
    token: options.token ?? { ...claims, name: "admin" },
    secret: options.secret ?? SECRET,
    salt: name,
    maxAge: options.maxAge ?? 3600,
  });

describe("readSessionCookie", () => {
  it("reads the claims of a cookie next-auth issued, under its plain or __Secure- name", async () => {
    expect(await readSessionCookie(jar({ [SESSION_COOKIE]: await issue(SESSION_COOKIE) }), SECRET)).toEqual(claims);
    const secure = `__Secure-${SESSION_COOKIE}`;
    expect(await readSessionCookie(jar({ [secure]: await issue(secure) }), SECRET)).toEqual(claims);
  });

  it("reassembles a token next-auth split into chunks", async () => {
    const token = await issue(SESSION_COOKIE);
    const half = Math.floor(token.length / 2);
    const chunked = jar({ [`${SESSION_COOKIE}.0`]: token.slice(0, half), [`${SESSION_COOKIE}.1`]: token.slice(half) });
    expect(await readSessionCookie(chunked, SECRET)).toEqual(claims);
  });

  it("refuses no cookie, another secret, a token issued for another cookie name, a changed byte, and an expired token", async () => {
    const token = await issue(SESSION_COOKIE);
    const flipped = token.slice(0, -5) + (token.at(-5) === "A" ? "B" : "A") + token.slice(-4);
    for (const [label, cookies, secret] of [
      ["none", {}, SECRET],
      ["other secret", { [SESSION_COOKIE]: await issue(SESSION_COOKIE, { secret: `${SECRET}-other` }) }, SECRET],
      ["other name", { [SESSION_COOKIE]: await issue("next-auth.session-token") }, SECRET],
      ["changed", { [SESSION_COOKIE]: flipped }, SECRET],
      ["expired", { [SESSION_COOKIE]: await issue(SESSION_COOKIE, { maxAge: -60 }) }, SECRET],
      ["no secret configured", { [SESSION_COOKIE]: token }, undefined],
    ] as const)
      expect(await readSessionCookie(jar(cookies), secret), label).toBeNull();
  });

  it("refuses a valid token without the claims sign-in writes", async () => {
    const bare = await issue(SESSION_COOKIE, { token: { name: "admin" } });
    expect(await readSessionCookie(jar({ [SESSION_COOKIE]: bare }), SECRET)).toBeNull();
  });

  describe("a token seen before", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("is not decrypted again, and is refused once it has expired", async () => {
      const token = await issue(SESSION_COOKIE, { maxAge: 600, token: { ...claims, name: "again" } });
      const cookies = jar({ [SESSION_COOKIE]: token });
      vi.mocked(decode).mockClear();
      expect(await readSessionCookie(cookies, SECRET)).toEqual(claims);
      expect(await readSessionCookie(cookies, SECRET)).toEqual(claims);
      expect(decode).toHaveBeenCalledTimes(1);
      vi.useFakeTimers({ now: Date.now() + 601_000 });
      expect(await readSessionCookie(cookies, SECRET)).toBeNull();
    });

    it("is still refused under another secret", async () => {
      const token = await issue(SESSION_COOKIE, { token: { ...claims, name: "secret" } });
      expect(await readSessionCookie(jar({ [SESSION_COOKIE]: token }), SECRET)).toEqual(claims);
      expect(await readSessionCookie(jar({ [SESSION_COOKIE]: token }), `${SECRET}-other`)).toBeNull();
    });
  });
});

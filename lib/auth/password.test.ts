import { describe, expect, it } from "vitest";
import { dummyPasswordHash, generateOneTimePassword, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id at the OWASP minimum (19 MiB, 2 iterations, 1 lane)", async () => {
    const hash = await hashPassword("s3cret-password");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("s3cret-password");
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("treats a malformed hash as a failed check instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
    expect(await verifyPassword("", "anything")).toBe(false);
  });

  it("keeps one dummy hash per process, which no guess matches", async () => {
    const dummy = await dummyPasswordHash();
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(dummy.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(dummy, "not-a-real-password-")).toBe(false);
  });
});

describe("one-time passwords", () => {
  it("are 16 characters without look-alikes (0/O/o, 1/l/I)", () => {
    for (let i = 0; i < 200; i++) {
      const password = generateOneTimePassword();
      expect(password).toHaveLength(16);
      expect(password).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]{16}$/);
    }
  });

  it("are distinct", () => {
    const passwords = new Set(Array.from({ length: 1000 }, () => generateOneTimePassword()));
    expect(passwords.size).toBe(1000);
  });
});

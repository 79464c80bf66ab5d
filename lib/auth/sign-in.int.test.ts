import { addMilliseconds, addMinutes, addSeconds } from "date-fns";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { signInAttempts, staff } from "@/db/schema";
import { setStaffActive } from "@/lib/staff/service";
import { auditEntries, createTestStaff, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { verifyPassword } from "./password";
import { ADDRESS_LOCKOUT_FAILURES, LOCKOUT_FAILURES, LOCKOUT_MINUTES, checkCredentials, lockedUntil } from "./sign-in";

// The real argon2 check, counted: a locked account or address must be refused before it runs.
vi.mock("./password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const argon2Checks = vi.mocked(verifyPassword);

describe(`checkCredentials on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  // Every test passes `now` explicitly, counting from here, so that lock windows are exact.
  const T0 = new Date("2031-03-03T02:00:00.000Z");
  const at = (minutes: number) => addMinutes(T0, minutes);
  const uniqueIp = () =>
    `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

  it("signs in with the right password, records the attempt and writes auth.sign_in", async () => {
    const person = await createTestStaff(db);
    const ip = uniqueIp();
    const result = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(0));
    expect(result).toEqual({ ok: true, staffId: person.id, authVersion: 1, username: person.username });

    const audit = await auditEntries(db, { action: "auth.sign_in", actorStaffId: person.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: person.username, ip });

    const [row] = await db.select({ lastSignInAt: staff.lastSignInAt }).from(staff).where(eq(staff.id, person.id));
    expect(row!.lastSignInAt?.toISOString()).toBe(at(0).toISOString());
    const attempts = await db.select().from(signInAttempts).where(eq(signInAttempts.username, person.username));
    expect(attempts.map((a) => a.succeeded)).toEqual([true]);
  });

  it("accepts the username in any case and with surrounding spaces", async () => {
    const person = await createTestStaff(db);
    const result = await checkCredentials(
      db,
      { username: `  ${person.username.toUpperCase()} `, password: person.password, ip: uniqueIp() },
      at(0),
    );
    expect(result).toMatchObject({ ok: true, staffId: person.id, username: person.username });
  });

  it("refuses a wrong password and writes auth.sign_in_failed", async () => {
    const person = await createTestStaff(db);
    const ip = uniqueIp();
    const result = await checkCredentials(db, { username: person.username, password: "wrong password!", ip }, at(0));
    expect(result).toEqual({ ok: false, reason: "invalid" });

    const failed = await auditEntries(db, { action: "auth.sign_in_failed", actorLabel: person.username });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorStaffId: person.id, ip, details: { reason: "wrong_password" } });
    expect(await auditEntries(db, { action: "auth.sign_in", actorStaffId: person.id })).toHaveLength(0);
  });

  it("refuses an inactive account even with the right password", async () => {
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    const person = await createTestStaff(db);
    await setStaffActive(db, admin.actor, person.id, false);

    const result = await checkCredentials(
      db,
      { username: person.username, password: person.password, ip: uniqueIp() },
      at(0),
    );
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const failed = await auditEntries(db, { action: "auth.sign_in_failed", actorLabel: person.username });
    expect(failed.map((e) => e.details)).toEqual([{ reason: "inactive" }]);
  });

  it("treats an unknown username like a wrong password and audits it", async () => {
    const username = `nobody-${uniqueSuffix()}`;
    const ip = uniqueIp();
    const result = await checkCredentials(db, { username, password: "whatever-password", ip }, at(0));
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const failed = await auditEntries(db, { action: "auth.sign_in_failed", actorLabel: username });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorStaffId: null, ip, details: { reason: "unknown_user" } });
  });

  describe("lockout", () => {
    async function failTimes(username: string, ip: string, times: number, startMinute: number) {
      const results = [];
      for (let i = 0; i < times; i++) {
        results.push(await checkCredentials(db, { username, password: `wrong-${i}`, ip }, at(startMinute + i)));
      }
      return results;
    }

    it(`locks the username for that IP after ${LOCKOUT_FAILURES} failures, even for the right password`, async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      const results = await failTimes(person.username, ip, 5, 0); // minutes 0..4
      const fifthFailure = at(4);
      const until = addMinutes(fifthFailure, LOCKOUT_MINUTES);
      expect(results.slice(0, 4)).toEqual(Array(4).fill({ ok: false, reason: "invalid" }));
      expect(results[4]).toEqual({ ok: false, reason: "locked", lockedUntil: until });

      const sixth = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(5));
      expect(sixth).toEqual({ ok: false, reason: "locked", lockedUntil: until });
      expect(await auditEntries(db, { action: "auth.sign_in_locked", actorLabel: person.username })).toHaveLength(1);
      expect(await auditEntries(db, { action: "auth.sign_in", actorStaffId: person.id })).toHaveLength(0);
    });

    async function failFromEveryWhere(username: string, times: number, startMinute: number) {
      const results = [];
      for (let i = 0; i < times; i++) {
        const input = { username, password: `wrong-${i}`, ip: uniqueIp() };
        results.push(await checkCredentials(db, input, at(startMinute + i)));
      }
      return results;
    }

    it(`locks the account after ${LOCKOUT_FAILURES} failures from as many addresses, everywhere and even for the right password`, async () => {
      const person = await createTestStaff(db);
      const results = await failFromEveryWhere(person.username, 5, 0);
      const until = addMinutes(at(4), LOCKOUT_MINUTES);
      expect(results.slice(0, 4)).toEqual(Array(4).fill({ ok: false, reason: "invalid" }));
      expect(results[4]).toEqual({ ok: false, reason: "locked", lockedUntil: until });

      const right = { username: person.username, password: person.password, ip: uniqueIp() };
      expect(await checkCredentials(db, right, at(5))).toEqual({ ok: false, reason: "locked", lockedUntil: until });
      expect(await lockedUntil(db, person.username, uniqueIp(), at(5))).toEqual(until);
      expect(await auditEntries(db, { action: "auth.sign_in", actorStaffId: person.id })).toHaveLength(0);
      expect(await checkCredentials(db, { ...right, ip: uniqueIp() }, until)).toMatchObject({ ok: true });
    });

    it("refuses a locked account before argon2 runs: no password check, no attempt recorded", async () => {
      const person = await createTestStaff(db);
      argon2Checks.mockClear();
      await failFromEveryWhere(person.username, 5, 0);
      expect(argon2Checks).toHaveBeenCalledTimes(5);

      argon2Checks.mockClear();
      for (const minute of [5, 6, 7]) {
        const input = { username: person.username, password: person.password, ip: uniqueIp() };
        expect(await checkCredentials(db, input, at(minute))).toMatchObject({ ok: false, reason: "locked" });
      }
      expect(argon2Checks).not.toHaveBeenCalled();
      const attempts = await db.select().from(signInAttempts).where(eq(signInAttempts.username, person.username));
      expect(attempts).toHaveLength(5);
      expect(await auditEntries(db, { action: "auth.sign_in_locked", actorLabel: person.username })).toHaveLength(3);
    });

    it("locks an unknown username exactly like a known one, from any address", async () => {
      const person = await createTestStaff(db);
      const ghost = `ghost-${uniqueSuffix()}`;
      const known = await failFromEveryWhere(person.username, 7, 0);
      const unknown = await failFromEveryWhere(ghost, 7, 0);
      expect(unknown).toEqual(known);
      expect(known[6]).toMatchObject({ ok: false, reason: "locked" });
      const lockedAudit = async (actorLabel: string) =>
        (await auditEntries(db, { action: "auth.sign_in_locked", actorLabel })).map((e) => ({
          actorStaffId: e.actorStaffId,
          details: e.details,
        }));
      expect(await lockedAudit(ghost)).toEqual(await lockedAudit(person.username));
    });

    it("matches the username case-insensitively", async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      await failTimes(person.username.toUpperCase(), ip, 5, 0);
      const result = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(5));
      expect(result).toMatchObject({ ok: false, reason: "locked" });
    });

    it(`ends ${LOCKOUT_MINUTES} minutes after the fifth failure`, async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      await failTimes(person.username, ip, 5, 0);
      const until = addMinutes(at(4), LOCKOUT_MINUTES);

      expect(await lockedUntil(db, person.username, ip, addMilliseconds(until, -1))).toEqual(until);
      const justBefore = await checkCredentials(
        db,
        { username: person.username, password: person.password, ip },
        addMilliseconds(until, -1000),
      );
      expect(justBefore).toEqual({ ok: false, reason: "locked", lockedUntil: until });

      expect(await lockedUntil(db, person.username, ip, until)).toBeNull();
      const atTheEnd = await checkCredentials(db, { username: person.username, password: person.password, ip }, until);
      expect(atTheEnd).toMatchObject({ ok: true, staffId: person.id });
    });

    it("does not extend the lock when attempts keep coming while locked", async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      await failTimes(person.username, ip, 5, 0);
      const until = addMinutes(at(4), LOCKOUT_MINUTES);
      for (const minute of [6, 8, 10, 12]) {
        const result = await checkCredentials(
          db,
          { username: person.username, password: "still-wrong", ip },
          at(minute),
        );
        expect(result).toEqual({ ok: false, reason: "locked", lockedUntil: until });
      }
      const after = await checkCredentials(db, { username: person.username, password: person.password, ip }, until);
      expect(after).toMatchObject({ ok: true });
    });

    it("does not lock when the failures are spread over more than the window", async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      // Five failures, four minutes apart: the first and the fifth are 16 minutes apart.
      for (const minute of [0, 4, 8, 12, 16]) {
        const result = await checkCredentials(db, { username: person.username, password: "nope-nope", ip }, at(minute));
        expect(result).toEqual({ ok: false, reason: "invalid" });
      }
      const result = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(17));
      expect(result).toMatchObject({ ok: true });
    });

    it("resets the count after a successful sign-in", async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      expect(await failTimes(person.username, ip, 4, 0)).toEqual(Array(4).fill({ ok: false, reason: "invalid" }));
      const success = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(4));
      expect(success).toMatchObject({ ok: true });
      // Four more failures: eight in the window, but only four since the success.
      expect(await failTimes(person.username, ip, 4, 5)).toEqual(Array(4).fill({ ok: false, reason: "invalid" }));
      const again = await checkCredentials(db, { username: person.username, password: person.password, ip }, at(9));
      expect(again).toMatchObject({ ok: true });

      // The fifth failure after the last success does lock.
      await failTimes(person.username, ip, 4, 10);
      const [fifth] = await failTimes(person.username, ip, 1, 14);
      expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    });

    it("locks unknown usernames too, so that probing does not reveal which exist", async () => {
      const username = `ghost-${uniqueSuffix()}`;
      const ip = uniqueIp();
      const results = await failTimes(username, ip, 6, 0);
      expect(results.slice(0, 4).every((r) => r.ok === false && r.reason === "invalid")).toBe(true);
      expect(results[4]).toMatchObject({ ok: false, reason: "locked" });
      expect(results[5]).toMatchObject({ ok: false, reason: "locked" });
      expect(await auditEntries(db, { action: "auth.sign_in_failed", actorLabel: username })).toHaveLength(5);
      const attempts = await db
        .select()
        .from(signInAttempts)
        .where(and(eq(signInAttempts.username, username), eq(signInAttempts.ip, ip)));
      expect(attempts).toHaveLength(5); // the attempt made while locked is not recorded
    });
  });

  describe("address lockout (password spraying)", () => {
    // One failure every 30 seconds, each for another (unknown) username.
    async function spray(ip: string, times: number) {
      const results = [];
      for (let i = 0; i < times; i++) {
        const input = { username: `spray-${uniqueSuffix()}`, password: "Spring2031!", ip };
        results.push(await checkCredentials(db, input, addSeconds(T0, 30 * i)));
      }
      return results;
    }

    it(`locks an address for every username after ${ADDRESS_LOCKOUT_FAILURES} failures from it, before argon2 runs`, async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      const results = await spray(ip, ADDRESS_LOCKOUT_FAILURES);
      const until = addMinutes(addSeconds(T0, 30 * (ADDRESS_LOCKOUT_FAILURES - 1)), LOCKOUT_MINUTES);
      expect(results.slice(0, -1).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
      expect(results.at(-1)).toEqual({ ok: false, reason: "address_locked", lockedUntil: until });

      argon2Checks.mockClear();
      const fromThere = { username: person.username, password: person.password, ip };
      expect(await checkCredentials(db, fromThere, at(12))).toEqual({
        ok: false,
        reason: "address_locked",
        lockedUntil: until,
      });
      expect(argon2Checks).not.toHaveBeenCalled();
      expect(await lockedUntil(db, person.username, ip, at(12))).toEqual(until);

      // The account itself is not locked: from elsewhere, and from there once the lock ends, it signs in.
      expect(await checkCredentials(db, { ...fromThere, ip: uniqueIp() }, at(12))).toMatchObject({ ok: true });
      expect(await checkCredentials(db, fromThere, until)).toMatchObject({ ok: true });
    });

    it("does not reset the address count on a success (a sprayer's own account cannot clear it)", async () => {
      const person = await createTestStaff(db);
      const ip = uniqueIp();
      await spray(ip, ADDRESS_LOCKOUT_FAILURES - 1);
      const own = { username: person.username, password: person.password, ip };
      expect(await checkCredentials(db, own, at(10))).toMatchObject({ ok: true });
      const last = await checkCredentials(db, { ...own, password: "wrong-again" }, at(11));
      expect(last).toEqual({ ok: false, reason: "address_locked", lockedUntil: addMinutes(at(11), LOCKOUT_MINUTES) });
    });

    it("does not lock an address for fewer failures, nor for failures spread over more than the window", async () => {
      const ip = uniqueIp();
      const results = await spray(ip, ADDRESS_LOCKOUT_FAILURES - 1);
      expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
      // 16 minutes on, the first two are more than 15 minutes older than a new failure: 18 in the window.
      const later = { username: `spray-${uniqueSuffix()}`, password: "Summer2031!", ip };
      expect(await checkCredentials(db, later, addMinutes(T0, LOCKOUT_MINUTES + 1))).toEqual({
        ok: false,
        reason: "invalid",
      });
    });
  });
});

import { addMilliseconds, addMinutes } from "date-fns";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { signInAttempts, staff } from "@/db/schema";
import { setStaffActive } from "@/lib/staff/service";
import { auditEntries, createTestStaff, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { LOCKOUT_FAILURES, LOCKOUT_MINUTES, checkCredentials, lockedUntil } from "./sign-in";

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

    it("does not lock the same username from another IP", async () => {
      const person = await createTestStaff(db);
      await failTimes(person.username, uniqueIp(), 5, 0);
      const elsewhere = await checkCredentials(
        db,
        { username: person.username, password: person.password, ip: uniqueIp() },
        at(5),
      );
      expect(elsewhere).toMatchObject({ ok: true, staffId: person.id });
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
});

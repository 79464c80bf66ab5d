import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { signInAttempts, staff, staffRoles } from "@/db/schema";
import { newPasswordSchema } from "@/lib/staff/schemas";
import { setStaffActive } from "@/lib/staff/service";
import { changeOwnPasswordUseCase } from "@/lib/staff/use-cases";
import { runAs } from "@/tests/helpers/run-as";
import { createTestStaff, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { ADDRESS_LOCKOUT_FAILURES, checkCredentials, LOCKOUT_FAILURES } from "./sign-in";

// PGlite has one connection: concurrent requests run one after another there, so these could not fail.
describe.runIf(testDriver() === "postgres")("races settled by the database (PostgreSQL only)", () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  it("twelve simultaneous wrong passwords record exactly five failures; the rest are refused as locked", async () => {
    const person = await createTestStaff(db, { roles: ["service"] });
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        checkCredentials(db, { username: person.username, password: `guess-${i}`, ip }),
      ),
    );
    const failures = await db
      .select()
      .from(signInAttempts)
      .where(and(eq(signInAttempts.username, person.username), eq(signInAttempts.ip, ip)));
    expect(failures).toHaveLength(LOCKOUT_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(12 - (LOCKOUT_FAILURES - 1));
  });

  it("twelve simultaneous wrong passwords from twelve addresses also record exactly five failures", async () => {
    const person = await createTestStaff(db, { roles: ["service"] });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        checkCredentials(db, { username: person.username, password: `guess-${i}`, ip: `198.18.${i}.${i + 1}` }),
      ),
    );
    const failures = await db.select().from(signInAttempts).where(eq(signInAttempts.username, person.username));
    expect(failures).toHaveLength(LOCKOUT_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(12 - (LOCKOUT_FAILURES - 1));
  });

  it(`simultaneous failures for many usernames from one address record exactly ${ADDRESS_LOCKOUT_FAILURES}`, async () => {
    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const tag = uniqueSuffix(5);
    const results = await Promise.all(
      Array.from({ length: ADDRESS_LOCKOUT_FAILURES + 6 }, (_, i) =>
        checkCredentials(db, { username: `spray-${tag}-${i}`, password: "Spring2031!", ip }),
      ),
    );
    const failures = await db.select().from(signInAttempts).where(eq(signInAttempts.ip, ip));
    expect(failures).toHaveLength(ADDRESS_LOCKOUT_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "address_locked")).toHaveLength(7);
  });

  it("wrong sign-ins and wrong password changes of one account at the same time share one count", async () => {
    const person = await createTestStaff(db);
    const wrongChange = newPasswordSchema.parse({
      currentPassword: "not the current one",
      newPassword: "a brand new password",
      confirmPassword: "a brand new password",
    });
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 6 }, (_, i) =>
        checkCredentials(db, { username: person.username, password: `guess-${i}`, ip: `198.18.200.${i + 1}` }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        runAs(db, changeOwnPasswordUseCase, person, wrongChange, { ip: `198.18.201.${i + 1}` }),
      ),
    ]);
    const codes = outcomes.map((o) =>
      o.status === "rejected" ? (o.reason as { code?: string }).code : o.value && !o.value.ok ? o.value.reason : "ok",
    );
    expect(codes.every((c) => c === "invalid" || c === "locked" || c === "validation")).toBe(true);
    const failures = await db.select().from(signInAttempts).where(eq(signInAttempts.username, person.username));
    expect(failures).toHaveLength(LOCKOUT_FAILURES);
  });

  it("a sign-in and a password change of one account at the same time do not deadlock", async () => {
    const person = await createTestStaff(db);
    const change = newPasswordSchema.parse({
      currentPassword: person.password,
      newPassword: "a brand new password",
      confirmPassword: "a brand new password",
    });
    // Both take the staff row (lastSignInAt, the new hash) and the account's attempt lock.
    const [signedIn, changed] = await Promise.allSettled([
      checkCredentials(db, { username: person.username, password: person.password, ip: "198.18.202.1" }),
      runAs(db, changeOwnPasswordUseCase, person, change, { ip: "198.18.202.2" }),
    ]);
    expect(signedIn.status).toBe("fulfilled");
    expect(changed.status).toBe("fulfilled");
  });

  it("two admins deactivating each other at the same moment cannot leave the portal without an admin", async () => {
    // Only these two admins exist in this database's admin roster for the test to be meaningful.
    const tag = uniqueSuffix(5);
    const existingAdmins = await db.select().from(staffRoles).where(eq(staffRoles.role, "admin"));
    for (const row of existingAdmins) await db.update(staff).set({ active: false }).where(eq(staff.id, row.staffId));
    const a = await createTestStaff(db, { username: `adm-a-${tag}`, roles: ["admin"], allStores: true });
    const b = await createTestStaff(db, { username: `adm-b-${tag}`, roles: ["admin"], allStores: true });
    const outcomes = await Promise.allSettled([
      db.transaction((tx) => setStaffActive(tx, a.actor, b.id, false)),
      db.transaction((tx) => setStaffActive(tx, b.actor, a.id, false)),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const stillActive = await db
      .select({ id: staff.id })
      .from(staff)
      .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "admin")))
      .where(eq(staff.active, true));
    expect(stillActive).toHaveLength(1);
  });
});

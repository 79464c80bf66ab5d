import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { signInAttempts, staff, staffRoles } from "@/db/schema";
import { setStaffActive } from "@/lib/staff/service";
import { createTestStaff, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
import { checkCredentials, LOCKOUT_FAILURES } from "./sign-in";

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

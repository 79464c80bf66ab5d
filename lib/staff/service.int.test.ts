import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { signInAttempts, staff } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { LOCKOUT_FAILURES, checkCredentials } from "@/lib/auth/sign-in";
import { loadStaffAccount } from "@/lib/staff/principal";
import { errorOf } from "@/tests/helpers/errors";
import { runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestDatabase,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  uniqueSuffix,
} from "@/tests/helpers/test-db";
import { createStaffSchema, newPasswordSchema, updateStaffSchema } from "./schemas";
import { changeOwnPassword, createStaff, resetStaffPassword, setStaffActive, updateStaff } from "./service";
import { changeOwnPasswordUseCase } from "./use-cases";

// The real argon2 check, counted: a locked account must be refused before it runs.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const argon2Checks = vi.mocked(verifyPassword);

async function staffRow(db: Db, id: string) {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  if (!row) throw new Error(`staff ${id} not found`);
  return row;
}

describe(`staff service on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  describe("work contact", () => {
    it("stores a normalised work email and mobile, refuses a landline on its field, and audits only that one is on file", async () => {
      const store = await createTestStore(db);
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const base = { displayName: "店长", roles: ["manager"], storeIds: [store.id], allStores: false };
      const bad = createStaffSchema.safeParse({ ...base, username: `m-${uniqueSuffix()}`, mobile: "021-5555 0000" });
      expect(bad.success).toBe(false);
      expect(bad.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["mobile", "phoneNotMobile"]]);

      const input = createStaffSchema.parse({
        ...base,
        username: `m-${uniqueSuffix()}`,
        email: " Manager@Example.COM ",
        mobile: "138 0013 8000",
      });
      const { id } = await createStaff(db, admin.actor, input);
      expect(await staffRow(db, id)).toMatchObject({ email: "manager@example.com", mobileE164: "+8613800138000" });

      await updateStaff(db, admin.actor, updateStaffSchema.parse({ ...base, id, email: "", mobile: "" }));
      expect(await staffRow(db, id)).toMatchObject({ email: null, mobileE164: null });
      const [update] = await auditEntries(db, { action: "staff.update", entityId: id });
      expect(update!.details).toMatchObject({ hasEmail: false, hasMobile: false });
      expect(JSON.stringify(await auditEntries(db, { action: "staff.create", entityId: id }))).not.toContain("example");
    });
  });

  describe("createStaff", () => {
    it("generates a one-time password that works and must be changed", async () => {
      const store = await createTestStore(db);
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const input = createStaffSchema.parse({
        username: `new-${uniqueSuffix()}`,
        displayName: "新同事",
        roles: ["advisor", "service"],
        storeIds: [store.id],
        allStores: false,
      });
      const { id, oneTimePassword } = await createStaff(db, admin.actor, input);

      expect(oneTimePassword).toHaveLength(16);
      const row = await staffRow(db, id);
      expect(row.mustChangePassword).toBe(true);
      expect(row.active).toBe(true);
      expect(row.authVersion).toBe(1);
      expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
      expect(await verifyPassword(row.passwordHash, oneTimePassword!)).toBe(true);

      const account = await loadStaffAccount(db, id);
      expect(account).toMatchObject({
        username: input.username,
        displayName: "新同事",
        allStores: false,
        storeIds: [store.id],
      });
      expect([...account!.roles].sort()).toEqual(["advisor", "service"]);

      const audit = await auditEntries(db, { action: "staff.create", entityId: id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorStaffId: admin.id,
        actorLabel: admin.username,
        entityType: "staff",
        details: { username: input.username, roles: ["advisor", "service"], storeIds: [store.id], allStores: false },
      });
      // The password never reaches the audit log.
      expect(JSON.stringify(audit[0])).not.toContain(oneTimePassword!);
    });

    it("uses a given password as is, without a one-time password", async () => {
      const created = await createTestStaff(db, { password: "a chosen password" });
      const row = await staffRow(db, created.id);
      expect(await verifyPassword(row.passwordHash, "a chosen password")).toBe(true);
      expect(row.mustChangePassword).toBe(false);
    });

    it("treats an empty password like none: the returned one-time password is the one that works", async () => {
      const { id, oneTimePassword } = await createStaff(db, null, {
        username: `blank-${uniqueSuffix()}`,
        displayName: "Blank",
        roles: ["advisor"],
        storeIds: [],
        allStores: false,
        password: "",
      });
      expect(oneTimePassword).toHaveLength(16);
      const row = await staffRow(db, id);
      expect(await verifyPassword(row.passwordHash, oneTimePassword!)).toBe(true);
      expect(await verifyPassword(row.passwordHash, "")).toBe(false);
    });

    it("refuses a username that differs from an existing one only in case", async () => {
      const name = `casey-${uniqueSuffix()}`;
      await createTestStaff(db, { username: name });
      // Straight to the service, past the schema's lower-casing: the database itself must refuse.
      const error = await errorOf(
        createStaff(db, null, {
          username: name.toUpperCase(),
          displayName: "Casey",
          roles: ["advisor"],
          storeIds: [],
          allStores: false,
        }),
      );
      expect(error.code).toBe("conflict");
      expect(error.fieldErrors).toEqual({ username: ["usernameTaken"] });
      expect(await db.select().from(staff).where(eq(staff.username, name))).toHaveLength(1);
    });

    it("refuses an unknown store", async () => {
      const error = await errorOf(
        createStaff(db, null, {
          username: `lost-${uniqueSuffix()}`,
          displayName: "Lost",
          roles: ["advisor"],
          storeIds: ["00000000-0000-4000-8000-000000000000"],
          allStores: false,
        }),
      );
      expect(error.code).toBe("validation");
      expect(error.fieldErrors).toEqual({ storeIds: ["unknownStore"] });
    });
  });

  describe("updateStaff", () => {
    it("replaces roles, stores and the display name, and audits the change", async () => {
      const [a, b, c] = [await createTestStore(db), await createTestStore(db), await createTestStore(db)];
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const person = await createTestStaff(db, { roles: ["advisor"], storeIds: [a.id] });

      const input = updateStaffSchema.parse({
        id: person.id,
        displayName: "店长 新",
        roles: ["manager", "after_sales"],
        storeIds: [b.id, c.id],
        allStores: false,
      });
      await updateStaff(db, admin.actor, input);

      const account = await loadStaffAccount(db, person.id);
      expect(account!.displayName).toBe("店长 新");
      expect([...account!.roles].sort()).toEqual(["after_sales", "manager"]);
      expect([...account!.storeIds].sort()).toEqual([b.id, c.id].sort());

      const audit = await auditEntries(db, { action: "staff.update", entityId: person.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorStaffId: admin.id,
        details: {
          displayName: "店长 新",
          roles: ["manager", "after_sales"],
          storeIds: [b.id, c.id],
          allStores: false,
        },
      });
    });

    it("can make a staff member head office (all stores) without store memberships", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const store = await createTestStore(db);
      const person = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] });
      await updateStaff(db, admin.actor, {
        id: person.id,
        displayName: "HQ",
        roles: ["manager"],
        storeIds: [],
        allStores: true,
      });
      expect(await loadStaffAccount(db, person.id)).toMatchObject({ allStores: true, storeIds: [] });
    });

    it("reports an unknown staff member as not found", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const error = await errorOf(
        updateStaff(db, admin.actor, {
          id: "00000000-0000-4000-8000-000000000000",
          displayName: "Nobody",
          roles: ["advisor"],
          storeIds: [],
          allStores: false,
        }),
      );
      expect(error.code).toBe("not_found");
    });
  });

  describe("setStaffActive", () => {
    it("deactivating bumps authVersion (ending sessions) and writes the audit log", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const person = await createTestStaff(db);
      await setStaffActive(db, admin.actor, person.id, false);

      const row = await staffRow(db, person.id);
      expect(row.active).toBe(false);
      expect(row.authVersion).toBe(2);
      const audit = await auditEntries(db, { action: "staff.deactivate", entityId: person.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorStaffId: admin.id, entityType: "staff" });

      // Deactivating again changes nothing.
      await setStaffActive(db, admin.actor, person.id, false);
      expect((await staffRow(db, person.id)).authVersion).toBe(2);
      expect(await auditEntries(db, { action: "staff.deactivate", entityId: person.id })).toHaveLength(1);

      await setStaffActive(db, admin.actor, person.id, true);
      expect(await staffRow(db, person.id)).toMatchObject({ active: true });
      expect(await auditEntries(db, { action: "staff.reactivate", entityId: person.id })).toHaveLength(1);
    });

    it("refuses to deactivate oneself", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      await createTestStaff(db, { roles: ["admin"], allStores: true }); // not the last admin
      const error = await errorOf(setStaffActive(db, admin.actor, admin.id, false));
      expect(error).toMatchObject({ code: "conflict", message: "cannotDeactivateSelf" });
      expect(await staffRow(db, admin.id)).toMatchObject({ active: true, authVersion: 1 });
    });
  });

  it("never removes the last active admin (deactivation or role change)", async () => {
    // A database of its own: the rule counts every admin in it.
    const own = await createTestDatabase();
    try {
      const odb = own.db;
      const onlyAdmin = await createTestStaff(odb, { roles: ["admin"], allStores: true });
      const manager = await createTestStaff(odb, { roles: ["manager"] });

      const deactivate = await errorOf(setStaffActive(odb, manager.actor, onlyAdmin.id, false));
      expect(deactivate).toMatchObject({ code: "conflict", message: "lastAdmin" });

      const demote = await errorOf(
        updateStaff(odb, onlyAdmin.actor, {
          id: onlyAdmin.id,
          displayName: "Me",
          roles: ["manager"],
          storeIds: [],
          allStores: true,
        }),
      );
      expect(demote).toMatchObject({ code: "conflict", message: "lastAdmin" });
      expect(await loadStaffAccount(odb, onlyAdmin.id)).toMatchObject({ active: true, roles: ["admin"] });

      // An inactive admin does not count.
      const dormant = await createTestStaff(odb, { roles: ["admin"], allStores: true });
      await setStaffActive(odb, onlyAdmin.actor, dormant.id, false);
      expect(await errorOf(setStaffActive(odb, manager.actor, onlyAdmin.id, false))).toMatchObject({
        message: "lastAdmin",
      });

      // With a second active admin both changes go through.
      const second = await createTestStaff(odb, { roles: ["admin"], allStores: true });
      await updateStaff(odb, second.actor, {
        id: onlyAdmin.id,
        displayName: "Me",
        roles: ["manager"],
        storeIds: [],
        allStores: true,
      });
      expect((await loadStaffAccount(odb, onlyAdmin.id))!.roles).toEqual(["manager"]);
      // ...and now `second` is the last one.
      expect(await errorOf(setStaffActive(odb, onlyAdmin.actor, second.id, false))).toMatchObject({
        message: "lastAdmin",
      });
    } finally {
      await own.close();
    }
  });

  describe("passwords", () => {
    it("an admin's reset issues a new one-time password, ends sessions and forces a change", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      const person = await createTestStaff(db);
      const { oneTimePassword } = await resetStaffPassword(db, admin.actor, person.id);

      expect(oneTimePassword).toHaveLength(16);
      const row = await staffRow(db, person.id);
      expect(await verifyPassword(row.passwordHash, oneTimePassword)).toBe(true);
      expect(await verifyPassword(row.passwordHash, person.password)).toBe(false);
      expect(row).toMatchObject({ mustChangePassword: true, authVersion: 2 });
      const audit = await auditEntries(db, { action: "staff.reset_password", entityId: person.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorStaffId).toBe(admin.id);
      expect(JSON.stringify(audit[0])).not.toContain(oneTimePassword);
    });

    it("a reset of an unknown staff member is not found", async () => {
      const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
      expect(await errorOf(resetStaffPassword(db, admin.actor, "00000000-0000-4000-8000-000000000000"))).toMatchObject({
        code: "not_found",
      });
    });

    it("changing one's own password needs the current one", async () => {
      const person = await createTestStaff(db, { password: null }); // one-time password, must change
      const input = newPasswordSchema.parse({
        currentPassword: "not the current one",
        newPassword: "a brand new password",
        confirmPassword: "a brand new password",
      });
      const error = await errorOf(changeOwnPassword(db, person.actor, input));
      expect(error.code).toBe("validation");
      expect(error.fieldErrors).toEqual({ currentPassword: ["wrongPassword"] });
      const unchanged = await staffRow(db, person.id);
      expect(unchanged).toMatchObject({ mustChangePassword: true, authVersion: 1 });
      expect(await auditEntries(db, { action: "staff.change_password", entityId: person.id })).toHaveLength(0);
    });

    it("changing one's own password replaces it, clears the must-change flag and ends other sessions", async () => {
      const person = await createTestStaff(db, { password: null });
      await changeOwnPassword(
        db,
        person.actor,
        newPasswordSchema.parse({
          currentPassword: person.password,
          newPassword: "a brand new password",
          confirmPassword: "a brand new password",
        }),
      );
      const row = await staffRow(db, person.id);
      expect(await verifyPassword(row.passwordHash, "a brand new password")).toBe(true);
      expect(await verifyPassword(row.passwordHash, person.password)).toBe(false);
      expect(row).toMatchObject({ mustChangePassword: false, authVersion: 2 });
      expect(await auditEntries(db, { action: "staff.change_password", entityId: person.id })).toHaveLength(1);
    });
  });

  describe("the current-password check shares the sign-in lockout", () => {
    const change = (currentPassword: string) =>
      newPasswordSchema.parse({
        currentPassword,
        newPassword: "a brand new password",
        confirmPassword: "a brand new password",
      });
    const attemptsOf = (username: string) =>
      db.select().from(signInAttempts).where(eq(signInAttempts.username, username));

    it("counts a wrong current password although the password change rolls back", async () => {
      const person = await createTestStaff(db);
      const error = await errorOf(runAs(db, changeOwnPasswordUseCase, person, change("wrong"), { ip: "192.0.2.10" }));
      expect(error).toMatchObject({ code: "validation", fieldErrors: { currentPassword: ["wrongPassword"] } });
      expect((await attemptsOf(person.username)).map((a) => [a.ip, a.succeeded])).toEqual([["192.0.2.10", false]]);
      const audit = await auditEntries(db, { action: "staff.change_password_failed", entityId: person.id });
      expect(audit.map((e) => e.details)).toEqual([{ reason: "wrong_password" }]);
      expect(await staffRow(db, person.id)).toMatchObject({ authVersion: 1 });
    });

    it(`${LOCKOUT_FAILURES} wrong current passwords lock the account: the change and sign-in are refused before argon2`, async () => {
      const person = await createTestStaff(db);
      const codes = [];
      for (let i = 0; i < LOCKOUT_FAILURES; i++) {
        const ip = `192.0.2.${20 + i}`;
        codes.push((await errorOf(runAs(db, changeOwnPasswordUseCase, person, change(`wrong-${i}`), { ip }))).code);
      }
      expect(codes).toEqual([...Array(LOCKOUT_FAILURES - 1).fill("validation"), "locked"]);

      argon2Checks.mockClear();
      const locked = await errorOf(runAs(db, changeOwnPasswordUseCase, person, change(person.password)));
      expect(locked).toMatchObject({ code: "locked", messageKey: "passwordCheckLocked" });
      const signIn = { username: person.username, password: person.password, ip: "192.0.2.99" };
      expect(await checkCredentials(db, signIn)).toMatchObject({ ok: false, reason: "locked" });
      expect(argon2Checks).not.toHaveBeenCalled();
      expect(await staffRow(db, person.id)).toMatchObject({ authVersion: 1 });
      expect(await attemptsOf(person.username)).toHaveLength(LOCKOUT_FAILURES);
    });

    it(`${LOCKOUT_FAILURES} failed sign-ins lock the password change too`, async () => {
      const person = await createTestStaff(db);
      for (let i = 0; i < LOCKOUT_FAILURES; i++) {
        await checkCredentials(db, { username: person.username, password: `wrong-${i}`, ip: `192.0.2.${40 + i}` });
      }
      const error = await errorOf(runAs(db, changeOwnPasswordUseCase, person, change(person.password)));
      expect(error.code).toBe("locked");
      expect(await staffRow(db, person.id)).toMatchObject({ authVersion: 1 });
    });

    it("a right current password is counted as a success, which ends the run of failures", async () => {
      const person = await createTestStaff(db);
      for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) {
        await checkCredentials(db, { username: person.username, password: `wrong-${i}`, ip: "192.0.2.60" });
      }
      await runAs(db, changeOwnPasswordUseCase, person, change(person.password), { ip: "192.0.2.61" });
      const signIn = { username: person.username, password: "wrong-again", ip: "192.0.2.60" };
      expect(await checkCredentials(db, signIn)).toEqual({ ok: false, reason: "invalid" });
    });
  });

  it("rolls back every write of a use case that fails inside a transaction", async () => {
    // As server actions run them: the audit entry and the staff row commit together or not at all.
    const username = `tx-${uniqueSuffix()}`;
    await expect(
      db.transaction(async (tx) => {
        await createStaff(tx, null, {
          username,
          displayName: "Rolled back",
          roles: ["advisor"],
          storeIds: [],
          allStores: false,
          password: "some password",
        });
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await db.select().from(staff).where(eq(staff.username, username))).toHaveLength(0);
    expect(
      await auditEntries(db, { action: "staff.create" }).then((rows) =>
        rows.filter((r) => r.details?.username === username),
      ),
    ).toHaveLength(0);
  });
});

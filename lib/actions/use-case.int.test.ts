import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { staff, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createStaffAccountUseCase } from "@/lib/staff/use-cases";
import { errorOf } from "@/tests/helpers/errors";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { defineUseCase, executeUseCase } from "./use-case";

let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

async function staffCount(username: string) {
  return (await db.select().from(staff).where(eq(staff.username, username))).length;
}

describe("executeUseCase (the steps every server action takes)", () => {
  it("refuses a role without the permission and writes nothing", async () => {
    const advisor = await createTestAccount(db, ["advisor"]);
    const username = `victim-${uniqueSuffix()}`;
    const error = await errorOf(
      runAs(
        db,
        createStaffAccountUseCase,
        advisor,
        { username, displayName: "X", roles: ["admin"], storeIds: [], allStores: true },
        { ip: "10.0.0.1" },
      ),
    );
    expect(error.code).toBe("forbidden");
    expect(await staffCount(username)).toBe(0);
  });

  it("refuses a caller without a session", async () => {
    const error = await errorOf(
      executeUseCase(createStaffAccountUseCase, { staff: null, actor: { ip: null }, db }, {}),
    );
    expect(error.code).toBe("unauthenticated");
  });

  it("rejects bad input with field errors and writes nothing", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const error = await errorOf(
      runAs(db, createStaffAccountUseCase, admin, {
        username: "x",
        displayName: "",
        roles: [],
        storeIds: ["nope"],
        allStores: false,
      }),
    );
    expect(error.code).toBe("validation");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["username", "displayName", "roles", "storeIds"]),
    );
    expect(await staffCount("x")).toBe(0);
  });

  it("refuses a NUL character anywhere in the input with a field error, and writes nothing", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const username = `nul-${uniqueSuffix()}`;
    const error = await errorOf(
      runAs(db, createStaffAccountUseCase, admin, {
        username,
        displayName: "Zhang\u0000San",
        roles: ["advisor"],
        storeIds: [],
        allStores: false,
      }),
    );
    expect(error.code).toBe("validation");
    expect(error.fieldErrors).toEqual({ displayName: ["noNulCharacter"] });
    expect(await staffCount(username)).toBe(0);
  });

  it("treats a store outside the staff member's scope as not found", async () => {
    const own = await createTestStore(db);
    const other = await createTestStore(db);
    const manager = await createTestAccount(db, ["manager"], [own.id]);
    let ran = 0;
    const definition = defineUseCase({
      permission: "stores.read",
      input: z.object({ storeId: z.uuid() }),
      scope: ({ input }) => input.storeId,
      run: async ({ input }) => {
        ran++;
        return input.storeId;
      },
    });
    await expect(runAs(db, definition, manager, { storeId: own.id })).resolves.toBe(own.id);
    const error = await errorOf(runAs(db, definition, manager, { storeId: other.id }));
    expect(error.code).toBe("not_found");
    expect(ran).toBe(1);
  });

  it("allows only password changes while a password change is pending", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true, mustChangePassword: true });
    const username = `pending-${uniqueSuffix()}`;
    const error = await errorOf(
      runAs(db, createStaffAccountUseCase, admin, {
        username,
        displayName: "Y",
        roles: ["advisor"],
        storeIds: [],
        allStores: false,
      }),
    );
    expect(error.code).toBe("forbidden");
    expect(await staffCount(username)).toBe(0);
  });

  it("runs the business function in one transaction: a failure part-way leaves nothing behind", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const code = `TX-${uniqueSuffix(6).toUpperCase()}`;
    const definition = defineUseCase({
      permission: "stores.manage",
      input: z.object({ code: z.string() }),
      scope: "global",
      run: async ({ input, db }) => {
        await db.insert(stores).values({ code: input.code, name: "half-done", businessHours: {} as never });
        throw new AppError("conflict");
      },
    });
    await errorOf(runAs(db, definition, admin, { code }));
    expect(await db.select().from(stores).where(eq(stores.code, code))).toEqual([]);
  });

  it("commits and audits with the caller as actor when everything passes", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const username = `ok-${uniqueSuffix()}`;
    const created = await runAs(
      db,
      createStaffAccountUseCase,
      admin,
      { username, displayName: "Z", roles: ["service"], storeIds: [], allStores: false },
      { ip: "10.1.2.3" },
    );
    expect(await staffCount(username)).toBe(1);
    const entries = await auditEntries(db, { action: "staff.create", entityId: created.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorStaffId: admin.id, ip: "10.1.2.3" });
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { DatabaseHandle, Db } from "@/db/client";
import { staff, stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { loadStaffAccount } from "@/lib/staff/principal";
import { createStaffSchema } from "@/lib/staff/schemas";
import { createStaff } from "@/lib/staff/service";
import { createTestDatabase, createTestStaff, createTestStore, uniqueSuffix } from "@/tests/helpers/test-db";
import { executeAction, type ActionDefinition } from "./execute";

let handle: DatabaseHandle;
let db: Db;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());

const createStaffDefinition: ActionDefinition<typeof createStaffSchema, unknown> = {
  permission: "staff.manage",
  input: createStaffSchema,
  run: ({ actor, input, db }) => createStaff(db, actor, input),
};

async function account(options: Parameters<typeof createTestStaff>[1]) {
  const created = await createTestStaff(db, options);
  return (await loadStaffAccount(db, created.id))!;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function staffCount(username: string) {
  return (await db.select().from(staff).where(eq(staff.username, username))).length;
}

describe("executeAction (the steps every server action takes)", () => {
  it("refuses a role without the permission and writes nothing", async () => {
    const advisor = await account({ roles: ["advisor"] });
    const username = `victim-${uniqueSuffix()}`;
    const error = await errorOf(
      executeAction(createStaffDefinition, { staff: advisor, actor: { ip: "10.0.0.1" }, db }, { username, displayName: "X", roles: ["admin"], storeIds: [], allStores: true }),
    );
    expect(error.code).toBe("forbidden");
    expect(await staffCount(username)).toBe(0);
  });

  it("refuses a caller without a session", async () => {
    const error = await errorOf(executeAction(createStaffDefinition, { staff: null, actor: { ip: null }, db }, {}));
    expect(error.code).toBe("unauthenticated");
  });

  it("rejects bad input with field errors and writes nothing", async () => {
    const admin = await account({ roles: ["admin"], allStores: true });
    const error = await errorOf(
      executeAction(createStaffDefinition, { staff: admin, actor: { ip: null }, db }, { username: "x", displayName: "", roles: [], storeIds: ["nope"], allStores: false }),
    );
    expect(error.code).toBe("validation");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(expect.arrayContaining(["username", "displayName", "roles", "storeIds"]));
    expect(await staffCount("x")).toBe(0);
  });

  it("treats a store outside the staff member's scope as not found", async () => {
    const own = await createTestStore(db);
    const other = await createTestStore(db);
    const manager = await account({ roles: ["manager"], storeIds: [own.id] });
    const definition: ActionDefinition<z.ZodObject<{ storeId: z.ZodUUID }>, string> = {
      permission: "stores.read",
      input: z.object({ storeId: z.uuid() }),
      storeId: (input) => input.storeId,
      run: async ({ input }) => input.storeId,
    };
    await expect(executeAction(definition, { staff: manager, actor: { ip: null }, db }, { storeId: own.id })).resolves.toBe(own.id);
    const error = await errorOf(executeAction(definition, { staff: manager, actor: { ip: null }, db }, { storeId: other.id }));
    expect(error.code).toBe("not_found");
  });

  it("allows only password changes while a password change is pending", async () => {
    const admin = await account({ roles: ["admin"], allStores: true, mustChangePassword: true });
    const username = `pending-${uniqueSuffix()}`;
    const error = await errorOf(
      executeAction(createStaffDefinition, { staff: admin, actor: { ip: null }, db }, { username, displayName: "Y", roles: ["advisor"], storeIds: [], allStores: false }),
    );
    expect(error.code).toBe("forbidden");
    expect(await staffCount(username)).toBe(0);
  });

  it("runs the business function in one transaction: a failure part-way leaves nothing behind", async () => {
    const admin = await account({ roles: ["admin"], allStores: true });
    const code = `TX-${uniqueSuffix(6).toUpperCase()}`;
    const definition: ActionDefinition<z.ZodObject<{ code: z.ZodString }>, void> = {
      permission: "stores.manage",
      input: z.object({ code: z.string() }),
      run: async ({ input, db }) => {
        await db.insert(stores).values({ code: input.code, name: "half-done", businessHours: {} as never });
        throw new AppError("conflict");
      },
    };
    await errorOf(executeAction(definition, { staff: admin, actor: { ip: null }, db }, { code }));
    expect(await db.select().from(stores).where(eq(stores.code, code))).toEqual([]);
  });

  it("commits and audits with the caller as actor when everything passes", async () => {
    const admin = await account({ roles: ["admin"], allStores: true });
    const username = `ok-${uniqueSuffix()}`;
    await executeAction(createStaffDefinition, { staff: admin, actor: { ip: "10.1.2.3" }, db }, { username, displayName: "Z", roles: ["service"], storeIds: [], allStores: false });
    expect(await staffCount(username)).toBe(1);
  });
});

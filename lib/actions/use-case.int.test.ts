import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { staff, stores } from "@/db/schema";
import { AppError, sqlState } from "@/lib/errors";
import { createStaffAccountUseCase } from "@/lib/staff/use-cases";
import { errorOf } from "@/tests/helpers/errors";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";
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

/** Raises an error with this SQLSTATE from the database itself, so that it comes wrapped as the driver wraps it. */
async function raise(db: Db, state: string) {
  await db.execute(sql.raw(`do $$ begin raise exception 'simulated' using errcode = '${state}'; end $$`));
}

describe("executeUseCase retries (serialization failures and deadlocks)", () => {
  /** A use case that inserts a store, then fails with `failWith` on its first `failures` runs. */
  function flaky(options: { retries?: number; failures: number; failWith: string }) {
    let runs = 0;
    const definition = defineUseCase({
      permission: "stores.manage",
      input: z.object({ code: z.string() }),
      scope: "global",
      retries: options.retries,
      run: async ({ input, db }) => {
        runs++;
        await db.insert(stores).values({ code: `${input.code}-${runs}`, name: "retry", businessHours: {} as never });
        if (runs <= options.failures) await raise(db, options.failWith);
        return runs;
      },
    });
    return { definition, runs: () => runs };
  }

  async function storesWithPrefix(prefix: string) {
    return (await db.select({ code: stores.code }).from(stores)).filter((row) => row.code.startsWith(prefix));
  }

  it("runs the whole transaction again after 40001 and 40P01, keeping only the last run's writes", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    for (const state of ["40001", "40P01"]) {
      const code = `RT-${uniqueSuffix(6).toUpperCase()}`;
      const { definition, runs } = flaky({ retries: 3, failures: 2, failWith: state });
      await expect(runAs(db, definition, admin, { code })).resolves.toBe(3);
      expect(runs()).toBe(3);
      expect(await storesWithPrefix(code)).toEqual([{ code: `${code}-3` }]);
    }
  });

  it("does not retry by default", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const code = `RT-${uniqueSuffix(6).toUpperCase()}`;
    const { definition, runs } = flaky({ failures: 1, failWith: "40001" });
    const error = await runAs(db, definition, admin, { code }).catch((e: unknown) => e);
    expect(sqlState(error)).toBe("40001");
    expect(runs()).toBe(1);
    expect(await storesWithPrefix(code)).toEqual([]);
  });

  it("gives up after the given number of retries, and never retries other errors", async () => {
    const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
    const exhausted = flaky({ retries: 2, failures: 10, failWith: "40P01" });
    expect(
      sqlState(await runAs(db, exhausted.definition, admin, { code: `RT-${uniqueSuffix(6)}` }).catch((e) => e)),
    ).toBe("40P01");
    expect(exhausted.runs()).toBe(3);

    const other = flaky({ retries: 3, failures: 10, failWith: "23514" });
    expect(sqlState(await runAs(db, other.definition, admin, { code: `RT-${uniqueSuffix(6)}` }).catch((e) => e))).toBe(
      "23514",
    );
    expect(other.runs()).toBe(1);

    let appErrorRuns = 0;
    const refusing = defineUseCase({
      permission: "stores.manage",
      input: z.object({}),
      scope: "global",
      retries: 3,
      run: async () => {
        appErrorRuns++;
        throw new AppError("conflict");
      },
    });
    expect((await errorOf(runAs(db, refusing, admin, {}))).code).toBe("conflict");
    expect(appErrorRuns).toBe(1);
  });

  // A real deadlock needs two connections: PGlite has one.
  it.runIf(testDriver() === "postgres")(
    "two use cases that deadlock both succeed: PostgreSQL aborts one, which is run again",
    async () => {
      const admin = await createTestAccount(db, ["admin"], [], { allStores: true });
      const [first, second] = [Math.floor(Math.random() * 1e9), Math.floor(Math.random() * 1e9) + 1];
      let holding = 0;
      let release!: () => void;
      const bothHold = new Promise<void>((resolve) => (release = resolve));
      let runs = 0;
      const definition = defineUseCase({
        permission: "stores.manage",
        input: z.object({ keys: z.tuple([z.number(), z.number()]) }),
        scope: "global",
        retries: 1,
        run: async ({ input, db }) => {
          runs++;
          await db.execute(sql`select pg_advisory_xact_lock(${input.keys[0]})`);
          // The first runs wait until both hold their first lock, so that each then waits for the other's.
          if (runs <= 2 && ++holding === 2) release();
          if (runs <= 2) await bothHold;
          await db.execute(sql`select pg_advisory_xact_lock(${input.keys[1]})`);
          return "done";
        },
      });
      const outcomes = await Promise.allSettled([
        runAs(db, definition, admin, { keys: [first, second] }),
        runAs(db, definition, admin, { keys: [second, first] }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(runs).toBe(3);
    },
  );
});

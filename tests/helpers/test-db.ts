import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { auditLog, WEEKDAYS, type BusinessHours } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import type { Role } from "@/lib/auth/policy";
import { createStaffSchema } from "@/lib/staff/schemas";
import { createStaff } from "@/lib/staff/service";
import { storeFormSchema, type StoreFormInput } from "@/lib/stores/schemas";
import { createStore } from "@/lib/stores/service";

/**
 * Integration-test databases: always real (PGlite in memory, or a fresh database on a real
 * PostgreSQL server), migrated with the committed migrations. The driver comes from ATRIUM_TEST_DB,
 * which each vitest project sets (see vitest.config.ts).
 */

export type TestDriver = "pglite" | "postgres";

export function testDriver(): TestDriver {
  const driver = process.env.ATRIUM_TEST_DB;
  if (driver === "pglite" || driver === "postgres") return driver;
  throw new Error(
    `ATRIUM_TEST_DB must be "pglite" or "postgres" (got ${JSON.stringify(driver)}); run integration tests through \`npm test\` or a vitest int-* project.`,
  );
}

/** A short random suffix for names that must be unique within a database (usernames, store codes). */
export function uniqueSuffix(length = 8): string {
  return randomBytes(length).toString("hex").slice(0, length);
}

/**
 * A freshly migrated PGlite cluster as a tarball, made once per set of migrations and kept in the
 * system temp folder: starting each test database from it takes about a second instead of five.
 */
async function migratedPgliteTemplate(): Promise<Blob> {
  const folder = path.resolve(process.cwd(), "db/migrations");
  const digest = createHash("sha256");
  for (const file of fs.readdirSync(folder, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(folder, file);
    if (fs.statSync(full).isFile()) digest.update(file).update(fs.readFileSync(full));
  }
  const cached = path.join(os.tmpdir(), `atrium-pglite-template-${digest.digest("hex").slice(0, 16)}.tar`);
  if (fs.existsSync(cached)) return new Blob([fs.readFileSync(cached)]);
  const handle = openDatabase({});
  try {
    await migrateDatabase(handle);
    const dump = await handle.dumpDataDir!();
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, cached); // atomic: parallel workers never read a half-written file
    return dump;
  } finally {
    await handle.close();
  }
}

/** Opens a new, empty, migrated database; close() releases it (and drops it on PostgreSQL). */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const driver = testDriver();
  if (driver === "pglite") {
    const handle = openDatabase({ pgliteTemplate: await migratedPgliteTemplate() });
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return handle;
  }

  const serverUrl = process.env.ATRIUM_TEST_PG_URL;
  if (!serverUrl) {
    throw new Error(
      "ATRIUM_TEST_DB=postgres needs ATRIUM_TEST_PG_URL (a PostgreSQL URL whose user may CREATE DATABASE). " +
        "`npm test` starts a throwaway server and sets it.",
    );
  }
  const name = `atrium_test_${Date.now().toString(36)}_${uniqueSuffix()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString(), poolMax: 4 });
  const close = async () => {
    await handle.close();
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await dropper.end({ timeout: 5 });
    }
  };
  try {
    await migrateDatabase(handle);
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return { ...handle, close };
}

export type TestDatabase = {
  /** The open database (from the first beforeAll of the block until its afterAll). */
  readonly db: Db;
  readonly handle: DatabaseHandle;
};

/**
 * One test database for the file or describe block this is called in: opened in a beforeAll and
 * closed in an afterAll. `setup`, if given, runs in that beforeAll once the database is open, for
 * the block's shared fixtures (and to keep the database in a variable of the file):
 *
 *     let db: Db;
 *     let store: TestStore;
 *     setupTestDatabase(async (opened) => {
 *       db = opened;
 *       store = await createTestStore(db);
 *     });
 */
export function setupTestDatabase(setup?: (db: Db) => unknown): TestDatabase {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await setup?.(handle.db);
  });
  afterAll(async () => handle?.close());
  return {
    get handle() {
      if (!handle) throw new Error("setupTestDatabase: the database opens in beforeAll; use it from hooks and tests");
      return handle;
    },
    get db() {
      return this.handle.db;
    },
  };
}

/** Runs a business function in its own transaction, as an action or the POS ingest does. */
export function inTx<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}

// ---------------------------------------------------------------------------------------------
// Fixture builders: they go through the real schemas and services, as the actions do.

/** The same ranges every day of the week. */
export function everyDay(ranges: { open: string; close: string }[]): BusinessHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, ranges.map((r) => ({ ...r }))])) as BusinessHours;
}

export type TestStore = { id: string; code: string; name: string };

export async function createTestStore(db: Db, overrides: Partial<StoreFormInput> = {}): Promise<TestStore> {
  const code = overrides.code ?? `T-${uniqueSuffix(8).toUpperCase()}`;
  const input = storeFormSchema.parse({
    code,
    name: `Test store ${code}`,
    nameEn: "",
    timeZone: "Asia/Shanghai",
    businessHours: everyDay([{ open: "10:00", close: "22:00" }]),
    active: true,
    ...overrides,
  });
  const { id } = await createStore(db, null, input);
  return { id, code: input.code, name: input.name };
}

export type TestStaff = {
  id: string;
  username: string;
  /** The password to sign in with (the one-time password when none was given). */
  password: string;
  /** This staff member acting, as business functions take it. */
  actor: Actor;
};

export type TestStaffOptions = {
  username?: string;
  displayName?: string;
  roles?: Role[];
  storeIds?: string[];
  allStores?: boolean;
  /** Defaults to TEST_PASSWORD; null has the service generate a one-time password. */
  password?: string | null;
  mustChangePassword?: boolean;
  ip?: string;
};

export const TEST_PASSWORD = "correct horse battery";

export async function createTestStaff(db: Db, options: TestStaffOptions = {}): Promise<TestStaff> {
  const input = createStaffSchema.parse({
    username: options.username ?? `staff-${uniqueSuffix()}`,
    displayName: options.displayName ?? "Test Staff",
    roles: options.roles ?? ["advisor"],
    storeIds: options.storeIds ?? [],
    allStores: options.allStores ?? false,
  });
  const password = options.password === null ? undefined : (options.password ?? TEST_PASSWORD);
  const created = await createStaff(db, null, {
    ...input,
    password,
    // Like the service: a generated password must be changed, a given one need not (unless asked).
    mustChangePassword: options.mustChangePassword ?? (password ? false : undefined),
  });
  return {
    id: created.id,
    username: input.username,
    password: password ?? created.oneTimePassword!,
    actor: { staffId: created.id, username: input.username, ip: options.ip ?? "127.0.0.1" },
  };
}

/** Audit entries matching all the given conditions, oldest first. */
export async function auditEntries(
  db: Db,
  where: { action?: string; entityId?: string; actorLabel?: string; actorStaffId?: string; ip?: string },
) {
  const conditions: SQL[] = [];
  if (where.action) conditions.push(eq(auditLog.action, where.action));
  if (where.entityId) conditions.push(eq(auditLog.entityId, where.entityId));
  if (where.actorLabel) conditions.push(eq(auditLog.actorLabel, where.actorLabel));
  if (where.actorStaffId) conditions.push(eq(auditLog.actorStaffId, where.actorStaffId));
  if (where.ip) conditions.push(eq(auditLog.ip, where.ip));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(asc(auditLog.id));
}

import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { auditLog } from "@/db/schema";
import { setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";

/** The SQLSTATE of a refused statement (PGlite nests it under `cause`). */
function sqlState(error: unknown): unknown {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : e.cause?.code;
}

describe(`migrations on ${testDriver()}`, () => {
  const database = setupTestDatabase();

  it("run on the driver under test", () => {
    expect(database.handle.driver).toBe(testDriver());
  });

  it("create exactly the tables the drizzle schema declares", async () => {
    const rows = rowsOf<{ table_name: string }>(
      await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    );
    const declared = (Object.values(schema) as unknown[])
      .filter((value) => is(value, PgTable))
      .map((table) => getTableName(table as PgTable));
    expect(rows.map((r) => r.table_name).sort()).toEqual(declared.sort());
    expect(declared).toEqual(
      expect.arrayContaining([
        "audit_log",
        "settings",
        "sign_in_attempts",
        "staff",
        "staff_roles",
        "staff_stores",
        "stores",
      ]),
    );
  });

  it("record every migration once and apply nothing twice", async () => {
    const count = async () =>
      rowsOf<{ count: number }>(
        await database.db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`),
      )[0]!.count;
    const journal = (await import("@/db/migrations/meta/_journal.json")).default as { entries: unknown[] };
    expect(await count()).toBe(journal.entries.length);
    await migrateDatabase(database.handle);
    expect(await count()).toBe(journal.entries.length);
  });

  it("install the pg_trgm, btree_gist and citext extensions", async () => {
    const rows = rowsOf<{ extname: string }>(await database.db.execute(sql`select extname from pg_extension`));
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(["pg_trgm", "btree_gist", "citext"]));
    // and they work
    const [similarity] = rowsOf<{ s: number }>(
      await database.db.execute(sql`select similarity('atrium', 'atrum') as s`),
    );
    expect(Number(similarity!.s)).toBeGreaterThan(0.3);
    const [caseless] = rowsOf<{ same: boolean }>(
      await database.db.execute(sql`select 'Admin'::citext = 'admin'::citext as same`),
    );
    expect(caseless!.same).toBe(true);
  });

  describe("audit_log is append-only", () => {
    async function addEntry() {
      const action = `test.append_only.${uniqueSuffix()}`;
      await database.db.insert(auditLog).values({ action, actorLabel: "tester", details: { n: 1 } });
      return action;
    }

    async function expectRefused(statement: ReturnType<typeof sql>) {
      let error: unknown;
      try {
        await database.db.execute(statement);
      } catch (e) {
        error = e;
      }
      expect(error, "the statement should have been refused").toBeDefined();
      expect(sqlState(error)).toBe("42501"); // insufficient_privilege, raised by the trigger
    }

    it("accepts inserts", async () => {
      const action = await addEntry();
      const rows = await database.db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.action} = ${action}`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorLabel: "tester", details: { n: 1 } });
    });

    it("refuses UPDATE", async () => {
      const action = await addEntry();
      await expectRefused(sql`update audit_log set actor_label = 'mallory' where action = ${action}`);
      const [row] = await database.db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.action} = ${action}`);
      expect(row!.actorLabel).toBe("tester");
    });

    it("refuses DELETE", async () => {
      const action = await addEntry();
      await expectRefused(sql`delete from audit_log where action = ${action}`);
      expect(
        await database.db
          .select()
          .from(auditLog)
          .where(sql`${auditLog.action} = ${action}`),
      ).toHaveLength(1);
    });

    it("refuses TRUNCATE", async () => {
      await addEntry();
      await expectRefused(sql`truncate audit_log`);
      const [row] = rowsOf<{ count: number }>(
        await database.db.execute(sql`select count(*)::int as count from audit_log`),
      );
      expect(row!.count).toBeGreaterThan(0);
    });
  });
});

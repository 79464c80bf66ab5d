import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, runStatement, withSavepoint, writeWithCommit, type Db } from "@/db/client";
import { setupTestDatabase, testDriver, uniqueSuffix } from "@/tests/helpers/test-db";

/** The SQLSTATE of a refused statement (PGlite nests it under `cause`). */
function sqlState(error: unknown): unknown {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : e.cause?.code;
}

describe(`transactions on ${testDriver()}`, () => {
  const database = setupTestDatabase(async (db) => {
    await db.execute(sql`create table if not exists tx_probe (id text primary key)`);
  });
  const insert = (db: Db, id: string) => runStatement(db, `insert into tx_probe (id) values ($1::text)`, [id]);
  const present = async (id: string) =>
    rowsOf(await database.db.execute(sql`select id from tx_probe where id = ${id}`)).length === 1;

  it("commit what they wrote, statements left to travel with the commit included", async () => {
    const [a, b] = [uniqueSuffix(), uniqueSuffix()];
    const result = await database.db.transaction(async (tx) => {
      await insert(tx, a);
      await writeWithCommit(tx, [insert(tx, b)]);
      return "done";
    });
    expect(result).toBe("done");
    expect([await present(a), await present(b)]).toEqual([true, true]);
  });

  it("fail, committing nothing, when a statement left to travel with the commit fails", async () => {
    const [a, b] = [uniqueSuffix(), uniqueSuffix()];
    await insert(database.db, b);
    const failed = await database.db
      .transaction(async (tx) => {
        await insert(tx, a);
        // A duplicate key: refused, but nobody waits for it before the transaction ends.
        await writeWithCommit(tx, [insert(tx, b)]);
        return "done";
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(sqlState(failed)).toBe("23505");
    expect(await present(a)).toBe(false);
  });

  it("fail when a statement of their own failed, even if the callback caught it", async () => {
    const [a, b] = [uniqueSuffix(), uniqueSuffix()];
    await insert(database.db, b);
    const failed = await database.db
      .transaction(async (tx) => {
        await insert(tx, a);
        await insert(tx, b).catch(() => undefined);
        return "done";
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failed).not.toBeNull();
    expect(await present(a)).toBe(false);
  });

  it("go on after a savepoint that failed and was rolled back, keeping what was written before it", async () => {
    const [a, b, c] = [uniqueSuffix(), uniqueSuffix(), uniqueSuffix()];
    await insert(database.db, b);
    await database.db.transaction(async (tx) => {
      await insert(tx, a);
      const inner = await tx
        .transaction(async (savepoint) => {
          await insert(savepoint, c);
          await insert(savepoint, b);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(sqlState(inner)).toBe("23505");
    });
    expect([await present(a), await present(c)]).toEqual([true, false]);
  });

  it("run withSavepoint like a nested transaction: its failure is rolled back and thrown, the rest commits", async () => {
    const [a, b, c, d] = [uniqueSuffix(), uniqueSuffix(), uniqueSuffix(), uniqueSuffix()];
    await insert(database.db, b);
    await database.db.transaction(async (tx) => {
      await insert(tx, a);
      const failed = await withSavepoint(tx, async (savepoint) => {
        await insert(savepoint, c);
        await insert(savepoint, b);
      }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(sqlState(failed)).toBe("23505");
      expect(await withSavepoint(tx, async (savepoint) => (await insert(savepoint, d), "kept"))).toBe("kept");
    });
    expect([await present(a), await present(c), await present(d)]).toEqual([true, false, true]);
  });
});

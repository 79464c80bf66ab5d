import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { setupTestDatabase } from "@/tests/helpers/test-db";
import { MEMBER_OWNED_TABLES } from "./registry";

let db: Db;
setupTestDatabase((opened) => {
  db = opened;
});

it("registers every table with a member_id column, so that merge and erasure reach it", async () => {
  const rows = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'member_id'
      order by table_name`),
  );
  const registered = MEMBER_OWNED_TABLES.map((entry) => entry.name).sort();
  expect(rows.map((row) => row.table_name)).toEqual(registered);
});

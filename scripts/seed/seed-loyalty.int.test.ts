import { count, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { setupTestDatabase } from "@/tests/helpers/test-db";
import { salesTransactions } from "@/db/schema";
import { seedDemo } from "./seed";
import { seedDemoLoyalty } from "./seed-loyalty";
import { seedDemoMembers } from "./seed-members";

const database = setupTestDatabase();

describe("demo loyalty data", () => {
  it("records purchases through the ledger once, consistently", async () => {
    await seedDemo(database.db);
    await seedDemoMembers(database.db, 60);
    const first = await database.db.transaction((tx) => seedDemoLoyalty(tx as never, { buyers: 20 }));
    expect(first.purchases).toBeGreaterThan(20);
    expect((await database.db.transaction((tx) => seedDemoLoyalty(tx as never, { buyers: 20 }))).purchases).toBe(0);
    const [sales] = await database.db.select({ n: count() }).from(salesTransactions);
    expect(sales!.n).toBe(first.purchases + (first.refunds ?? 0));
    // Every member's balance equals their open lots minus any debt; no lot is overdrawn.
    const [check] = rowsOf<{ bad: number }>(
      await database.db.execute(sql`
        select count(*)::int as bad from points_lots l
         where l.remaining <> l.points - coalesce((select sum(a.points) from points_allocations a where a.lot_id = l.id), 0)`),
    );
    expect(check!.bad).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { staff, stores } from "@/db/schema";
import { createTestDatabase, testDriver } from "@/tests/helpers/test-db";
import { DEMO_STAFF, DEMO_STORES, seedDemo } from "./seed";

describe(`demo seed on ${testDriver()}`, () => {
  it("is idempotent: a second run adds nothing", async () => {
    const handle = await createTestDatabase();
    try {
      const counts = async () => ({
        stores: (await handle.db.select({ id: stores.id }).from(stores)).length,
        staff: (await handle.db.select({ id: staff.id }).from(staff)).length,
      });
      const first = await seedDemo(handle.db);
      expect(first).toEqual({ stores: DEMO_STORES.length, staffCreated: DEMO_STAFF.length });
      expect(await counts()).toEqual({ stores: 2, staff: 5 });

      const second = await seedDemo(handle.db);
      expect(second).toEqual({ stores: 2, staffCreated: 0 });
      expect(await counts()).toEqual({ stores: 2, staff: 5 });
    } finally {
      await handle.close();
    }
  });
});

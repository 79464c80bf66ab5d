import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { tierFixtures, YUAN } from "@/tests/helpers/loyalty";
import { createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { rollingSpendFen, rollingSpendsFen } from "./rolling-spend";

let db: Db;
let store: TestStore;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
});

const { newMember, purchase, refund } = tierFixtures(() => ({ db, storeId: store.id }));

describe("rolling 12-month net spend", () => {
  it("counts from 00:00 local on the same date 12 months earlier up to the moment, purchases minus refunds", async () => {
    const id = await newMember();
    await purchase(id, "2024-06-14T10:00:00+08:00", 1000); // 12 months + 1 day ago: out
    await purchase(id, "2024-06-14T23:30:00+08:00", 2000); // late on the day before the window: out
    await purchase(id, "2024-06-15T00:00:00+08:00", 300); // the window's first instant: in
    const refunded = await purchase(id, "2025-01-10T12:00:00+08:00", 800);
    await refund(id, refunded, "2025-02-01T12:00:00+08:00", 500);
    await purchase(id, "2025-06-15T10:00:00+08:00", 40); // exactly `at`: in
    await purchase(id, "2025-06-15T10:00:01+08:00", 9000); // after `at`: out
    expect(await rollingSpendFen(db, id, new Date("2025-06-15T10:00:00+08:00"))).toBe((300 + 800 - 500 + 40) * YUAN);
  });

  it("takes the boundary date in the store's time zone: 23:30 Shanghai on the day before is out, 00:30 (still the day before in UTC) is in", async () => {
    const id = await newMember();
    // `at` is 00:30 on 16 June 2025 in Shanghai, still 15 June in UTC: the window starts 16 June 2024, Shanghai.
    await purchase(id, "2024-06-15T23:30:00+08:00", 1000); // 15:30 UTC on 15 June: a UTC-date window would count it
    await purchase(id, "2024-06-16T00:30:00+08:00", 200); // 16:30 UTC on 15 June: in
    expect(await rollingSpendFen(db, id, new Date("2025-06-16T00:30:00+08:00"))).toBe(200 * YUAN);
  });

  it("uses the home store's own time zone", async () => {
    const newYork = await createTestStore(db, { timeZone: "America/New_York" });
    const id = await newMember({ storeId: newYork.id });
    // 15 June 2025 08:00 in New York; the window starts 15 June 2024 00:00 New York = 04:00 UTC.
    await purchase(id, "2024-06-15T03:59:00Z", 100, newYork.id);
    await purchase(id, "2024-06-15T04:00:00Z", 70, newYork.id);
    expect(await rollingSpendFen(db, id, new Date("2025-06-15T12:00:00Z"))).toBe(70 * YUAN);
  });

  it("gives the same numbers set-based for many members at once", async () => {
    const a = await newMember();
    const b = await newMember();
    const c = await newMember();
    await purchase(a, "2024-06-15T00:00:00+08:00", 300);
    await purchase(a, "2024-06-14T23:59:59+08:00", 5);
    await purchase(b, "2025-03-01T12:00:00+08:00", 1234);
    const at = new Date("2025-06-15T10:00:00+08:00");
    const spends = await rollingSpendsFen(db, [a, b, c], at);
    expect(Object.fromEntries(spends)).toEqual({ [a]: 300 * YUAN, [b]: 1234 * YUAN, [c]: 0 });
    for (const id of [a, b, c]) expect(spends.get(id)).toBe(await rollingSpendFen(db, id, at));
  });
});

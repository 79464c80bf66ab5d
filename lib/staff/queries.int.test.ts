import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestStaff, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { getStaffInScope, listStaff, staffListParamsSchema } from "./queries";

let db: Db;
const tag = uniqueSuffix(6);
let storeA: { id: string; code: string };
let storeB: { id: string; code: string };

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db, { code: `A-${tag.toUpperCase()}` });
  storeB = await createTestStore(db, { code: `B-${tag.toUpperCase()}` });
  await createTestStaff(db, {
    username: `amy-${tag}`,
    displayName: "Amy 张",
    roles: ["advisor"],
    storeIds: [storeA.id],
  });
  await createTestStaff(db, {
    username: `bob-${tag}`,
    displayName: "Bob 李",
    roles: ["service", "after_sales"],
    storeIds: [storeB.id],
  });
  await createTestStaff(db, {
    username: `cat-${tag}`,
    displayName: "Cat 王",
    roles: ["manager"],
    storeIds: [storeA.id, storeB.id],
  });
  await createTestStaff(db, { username: `hq-${tag}`, displayName: "HQ 赵", roles: ["admin"], allStores: true });
});

const params = (raw: Record<string, unknown> = {}) => staffListParamsSchema.parse({ q: tag, ...raw });

describe("listStaff", () => {
  it("returns each staff member's roles and store codes", async () => {
    const { rows, total } = await listStaff(db, { kind: "all" }, params());
    expect(total).toBe(4);
    const cat = rows.find((r) => r.username === `cat-${tag}`)!;
    expect(cat.storeCodes).toEqual([storeA.code, storeB.code].sort());
    const bob = rows.find((r) => r.username === `bob-${tag}`)!;
    expect([...bob.roles].sort()).toEqual(["after_sales", "service"]);
  });

  it("limits a store-scoped caller to staff sharing a store, plus head office", async () => {
    const { rows } = await listStaff(db, { kind: "stores", storeIds: [storeA.id] }, params());
    expect(rows.map((r) => r.username).sort()).toEqual([`amy-${tag}`, `cat-${tag}`, `hq-${tag}`].sort());
    expect(
      await getStaffInScope(
        db,
        { kind: "stores", storeIds: [storeA.id] },
        rows.find((r) => r.username === `amy-${tag}`)!.id,
      ),
    ).not.toBeNull();
    const bobId = (await listStaff(db, { kind: "all" }, params({ q: `bob-${tag}` }))).rows[0]!.id;
    expect(await getStaffInScope(db, { kind: "stores", storeIds: [storeA.id] }, bobId)).toBeNull();
  });

  it("filters by role, store and status, and searches the display name", async () => {
    expect((await listStaff(db, { kind: "all" }, params({ role: "after_sales" }))).rows.map((r) => r.username)).toEqual(
      [`bob-${tag}`],
    );
    expect(
      (await listStaff(db, { kind: "all" }, params({ store: storeB.id }))).rows.map((r) => r.username).sort(),
    ).toEqual([`bob-${tag}`, `cat-${tag}`]);
    expect((await listStaff(db, { kind: "all" }, params({ status: "inactive" }))).total).toBe(0);
    expect(
      (await listStaff(db, { kind: "all" }, staffListParamsSchema.parse({ q: "Cat 王" }))).rows.map((r) => r.username),
    ).toEqual([`cat-${tag}`]);
  });

  it("sorts and paginates on the server", async () => {
    const desc = await listStaff(db, { kind: "all" }, params({ sort: "username", dir: "desc", pageSize: 10 }));
    expect(desc.rows.map((r) => r.username)).toEqual([`hq-${tag}`, `cat-${tag}`, `bob-${tag}`, `amy-${tag}`]);
    const page2 = await listStaff(db, { kind: "all" }, { ...params({ sort: "username" }), pageSize: 10, page: 1 });
    expect(page2.rows[0]!.username).toBe(`amy-${tag}`);
  });

  it("ignores malformed URL parameters instead of failing", () => {
    const parsed = staffListParamsSchema.parse({ role: "emperor", page: "-3", pageSize: "7", sort: "password" });
    expect(parsed).toMatchObject({ role: undefined, page: 1, pageSize: 25, sort: "username" });
  });
});

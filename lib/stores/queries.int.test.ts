import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { StoreScope } from "@/lib/auth/policy";
import { createTestStaff, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { getStoreInScope, listStores, listStoresInScope, storeListParamsSchema } from "./queries";

let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

/** List params as the page gets them from the URL. */
const params = (query: Record<string, string | number> = {}) => storeListParamsSchema.parse(query);
const scopeOf = (...storeIds: string[]): StoreScope => ({ kind: "stores", storeIds });
/** A code prefix no other test uses, so that a search for it finds only this test's stores. */
const codePrefix = () => `Q${uniqueSuffix(4).toUpperCase()}`;

describe("store scope", () => {
  it("a store member sees only the stores they belong to, in the list and by id", async () => {
    const [a, b, c] = [await createTestStore(db), await createTestStore(db), await createTestStore(db)];
    const scope = scopeOf(a.id, c.id);

    const { rows, total } = await listStores(db, scope, params({ pageSize: 100 }));

    expect(rows.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
    expect(total).toBe(2);
    expect((await listStoresInScope(db, scope)).map((s) => s.id).sort()).toEqual([a.id, c.id].sort());
    expect(await getStoreInScope(db, scope, a.id)).toMatchObject({ id: a.id, code: a.code });
    expect(await getStoreInScope(db, scope, b.id)).toBeNull();
  });

  it("staff with no store see no stores at all", async () => {
    const store = await createTestStore(db);

    expect(await listStores(db, scopeOf(), params())).toEqual({ rows: [], total: 0 });
    expect(await listStoresInScope(db, scopeOf())).toEqual([]);
    expect(await getStoreInScope(db, scopeOf(), store.id)).toBeNull();
  });

  it("head office sees every store", async () => {
    const prefix = codePrefix();
    const stores = [
      await createTestStore(db, { code: `${prefix}-1` }),
      await createTestStore(db, { code: `${prefix}-2` }),
    ];

    const { rows } = await listStores(db, { kind: "all" }, params({ q: prefix }));

    expect(rows.map((r) => r.id)).toEqual(stores.map((s) => s.id));
    expect(await getStoreInScope(db, { kind: "all" }, stores[1]!.id)).not.toBeNull();
  });
});

describe("store list filters", () => {
  it("search matches the code, the Chinese name or the English name, ignoring case", async () => {
    const token = uniqueSuffix(6);
    const byCode = await createTestStore(db, { code: `${codePrefix()}-${token.toUpperCase()}` });
    const byName = await createTestStore(db, { name: `静安${token}店` });
    const byEnglishName = await createTestStore(db, { nameEn: `Kerry ${token.toUpperCase()} Centre` });
    const unrelated = await createTestStore(db, { name: "浦东店", nameEn: "Pudong" });
    const scope = scopeOf(byCode.id, byName.id, byEnglishName.id, unrelated.id);

    const { rows } = await listStores(db, scope, params({ q: token }));

    expect(rows.map((r) => r.id).sort()).toEqual([byCode.id, byName.id, byEnglishName.id].sort());
  });

  it("search takes % and _ literally", async () => {
    const store = await createTestStore(db, { name: "Store 100%" });
    const other = await createTestStore(db, { name: "Store 1000" });

    const { rows } = await listStores(db, scopeOf(store.id, other.id), params({ q: "100%" }));

    expect(rows.map((r) => r.id)).toEqual([store.id]);
  });

  it("status filter separates active from inactive stores", async () => {
    const open = await createTestStore(db, { active: true });
    const closed = await createTestStore(db, { active: false });
    const scope = scopeOf(open.id, closed.id);

    expect((await listStores(db, scope, params({ status: "active" }))).rows.map((r) => r.id)).toEqual([open.id]);
    expect((await listStores(db, scope, params({ status: "inactive" }))).rows.map((r) => r.id)).toEqual([closed.id]);
    expect((await listStores(db, scope, params())).total).toBe(2);
  });

  it("returns one page of rows while the total counts every match", async () => {
    const prefix = codePrefix();
    const created = [];
    for (let i = 0; i < 12; i++)
      created.push(await createTestStore(db, { code: `${prefix}-${String(i).padStart(2, "0")}` }));

    const second = await listStores(db, { kind: "all" }, params({ q: prefix, pageSize: 10, page: 2 }));

    expect(second.total).toBe(12);
    expect(second.rows.map((r) => r.code)).toEqual(created.slice(10).map((s) => s.code));
  });
});

describe("store list staff counts and sorting", () => {
  it("counts each store's members, a member of two stores counting in both", async () => {
    const [a, b, c] = [await createTestStore(db), await createTestStore(db), await createTestStore(db)];
    await createTestStaff(db, { storeIds: [a.id] });
    await createTestStaff(db, { storeIds: [a.id, c.id] });
    await createTestStaff(db, { roles: ["admin"], allStores: true });

    const { rows } = await listStores(db, scopeOf(a.id, b.id, c.id), params({ sort: "staffCount", dir: "desc" }));

    expect(rows.map((r) => [r.id, r.staffCount])).toEqual([
      [a.id, 2],
      [c.id, 1],
      [b.id, 0],
    ]);
  });

  it("sorts by code either way, and by name and time zone", async () => {
    const prefix = codePrefix();
    const first = await createTestStore(db, { code: `${prefix}-A`, name: "Zeta", timeZone: "Asia/Tokyo" });
    const second = await createTestStore(db, { code: `${prefix}-B`, name: "Alpha", timeZone: "Asia/Hong_Kong" });
    const third = await createTestStore(db, { code: `${prefix}-C`, name: "Mu", timeZone: "Asia/Shanghai" });
    const codes = async (query: Record<string, string>) =>
      (await listStores(db, { kind: "all" }, params({ q: prefix, ...query }))).rows.map((r) => r.id);

    expect(await codes({})).toEqual([first.id, second.id, third.id]);
    expect(await codes({ dir: "desc" })).toEqual([third.id, second.id, first.id]);
    expect(await codes({ sort: "name" })).toEqual([second.id, third.id, first.id]);
    expect(await codes({ sort: "timeZone" })).toEqual([second.id, third.id, first.id]);
  });

  it("falls back to sorting by code when the URL asks for an unknown column", () => {
    expect(params({ sort: "business_hours; drop table stores", dir: "sideways", page: -3, pageSize: 7 })).toMatchObject(
      {
        sort: "code",
        dir: "asc",
        page: 1,
        pageSize: 25,
      },
    );
  });
});

import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { StoreScope } from "@/lib/auth/policy";
import { createTestStaff, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { auditListParamsSchema, listAuditActions, listAuditEntries } from "./queries";

let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

const ALL: StoreScope = { kind: "all" };

/** List params as the page gets them from the URL. */
const params = (query: Record<string, string | number> = {}) => auditListParamsSchema.parse(query);

/** Appends one audit entry (the log is append-only, so fixtures only ever insert). */
async function entry(values: Partial<typeof auditLog.$inferInsert> & { action: string }): Promise<number> {
  const [row] = await db.insert(auditLog).values(values).returning({ id: auditLog.id });
  return row!.id;
}

/** A username-like actor label that no other test uses. */
const label = (prefix: string) => `${prefix}-${uniqueSuffix()}`;

describe("listAuditEntries filters", () => {
  it("action filter matches the action exactly, not actions that merely start with it", async () => {
    const actor = label("act");
    const signIn = await entry({ action: "auth.sign_in", actorLabel: actor });
    await entry({ action: "auth.sign_in_failed", actorLabel: actor });
    await entry({ action: "auth.sign_out", actorLabel: actor });

    const { rows, total } = await listAuditEntries(db, ALL, params({ actor, action: "auth.sign_in" }));

    expect(rows.map((r) => r.id)).toEqual([signIn]);
    expect(total).toBe(1);
  });

  it("actor filter matches part of the username, ignoring case", async () => {
    const token = uniqueSuffix();
    const alice = await entry({ action: "auth.sign_in", actorLabel: `alice-${token}` });
    const aliceUpper = await entry({ action: "auth.sign_in", actorLabel: `ALICE-${token}-2` });
    await entry({ action: "auth.sign_in", actorLabel: `bob-${token}` });

    const { rows } = await listAuditEntries(db, ALL, params({ actor: `Alice-${token}` }));

    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([alice, aliceUpper]);
  });

  it("actor filter takes % and _ literally", async () => {
    const token = uniqueSuffix();
    const underscore = await entry({ action: "auth.sign_in", actorLabel: `a_b-${token}` });
    await entry({ action: "auth.sign_in", actorLabel: `axb-${token}` });
    await entry({ action: "auth.sign_in", actorLabel: `anything-${token}` });

    expect((await listAuditEntries(db, ALL, params({ actor: `a_b-${token}` }))).rows.map((r) => r.id)).toEqual([
      underscore,
    ]);
    expect((await listAuditEntries(db, ALL, params({ actor: `%-${token}` }))).rows).toEqual([]);
  });

  it("entity filters narrow to one entity", async () => {
    const actor = label("ent");
    const target = crypto.randomUUID();
    const aboutTarget = await entry({
      action: "staff.update",
      actorLabel: actor,
      entityType: "staff",
      entityId: target,
    });
    await entry({ action: "staff.update", actorLabel: actor, entityType: "staff", entityId: crypto.randomUUID() });
    await entry({ action: "store.update", actorLabel: actor, entityType: "store", entityId: target });

    const { rows } = await listAuditEntries(db, ALL, params({ actor, entityType: "staff", entityId: target }));

    expect(rows.map((r) => r.id)).toEqual([aboutTarget]);
  });

  it("from and to cover whole days in Asia/Shanghai, not UTC days", async () => {
    const actor = label("day");
    // Shanghai is UTC+8: 16:00 UTC is local midnight.
    const lateOn9th = await entry({
      action: "auth.sign_in",
      actorLabel: actor,
      at: new Date("2026-03-09T15:59:59.999Z"),
    });
    const startOf10th = await entry({
      action: "auth.sign_in",
      actorLabel: actor,
      at: new Date("2026-03-09T16:00:00.000Z"),
    });
    const lateOn10th = await entry({
      action: "auth.sign_in",
      actorLabel: actor,
      at: new Date("2026-03-10T15:59:59.999Z"),
    });
    const startOf11th = await entry({
      action: "auth.sign_in",
      actorLabel: actor,
      at: new Date("2026-03-10T16:00:00.000Z"),
    });
    const ids = async (query: Record<string, string>) =>
      (await listAuditEntries(db, ALL, params({ actor, dir: "asc", ...query }))).rows.map((r) => r.id);

    expect(await ids({ from: "2026-03-10", to: "2026-03-10" })).toEqual([startOf10th, lateOn10th]);
    expect(await ids({ from: "2026-03-11" })).toEqual([startOf11th]);
    expect(await ids({ to: "2026-03-09" })).toEqual([lateOn9th]);
    expect(await ids({ from: "2026-03-09", to: "2026-03-11" })).toEqual([
      lateOn9th,
      startOf10th,
      lateOn10th,
      startOf11th,
    ]);
  });

  it("ignores a malformed or impossible date instead of failing", async () => {
    const actor = label("baddate");
    await entry({ action: "auth.sign_in", actorLabel: actor, at: new Date("2026-03-01T04:00:00Z") });

    expect(params({ from: "2026-02-30", to: "tomorrow" })).toMatchObject({ from: undefined, to: undefined });
    expect((await listAuditEntries(db, ALL, params({ actor, from: "2026-02-30" }))).total).toBe(1);
  });
});

describe("listAuditEntries order and pages", () => {
  it("shows the newest entries first by default and the oldest first on request", async () => {
    const actor = label("sort");
    const middle = await entry({ action: "auth.sign_in", actorLabel: actor, at: new Date("2026-04-02T08:00:00Z") });
    const oldest = await entry({ action: "auth.sign_in", actorLabel: actor, at: new Date("2026-04-01T08:00:00Z") });
    const newest = await entry({ action: "auth.sign_in", actorLabel: actor, at: new Date("2026-04-03T08:00:00Z") });

    expect((await listAuditEntries(db, ALL, params({ actor }))).rows.map((r) => r.id)).toEqual([
      newest,
      middle,
      oldest,
    ]);
    expect((await listAuditEntries(db, ALL, params({ actor, dir: "asc" }))).rows.map((r) => r.id)).toEqual([
      oldest,
      middle,
      newest,
    ]);
  });

  it("returns one page of rows while the total counts every match", async () => {
    const actor = label("page");
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await entry({ action: "auth.sign_in", actorLabel: actor, at: new Date(Date.UTC(2026, 4, 1, 0, i)) }));
    }

    const second = await listAuditEntries(db, ALL, params({ actor, dir: "asc", pageSize: 10, page: 2 }));

    expect(second.total).toBe(12);
    expect(second.rows.map((r) => r.id)).toEqual(ids.slice(10));
  });

  it("returns the store code of the store an entry was recorded at", async () => {
    const store = await createTestStore(db);
    const actor = label("code");
    await entry({
      action: "store.update",
      actorLabel: actor,
      storeId: store.id,
      ip: "10.1.2.3",
      details: { name: { from: "a", to: "b" } },
    });

    const [row] = (await listAuditEntries(db, ALL, params({ actor }))).rows;

    expect(row).toMatchObject({ storeCode: store.code, ip: "10.1.2.3", details: { name: { from: "a", to: "b" } } });
  });
});

describe("listAuditEntries store scope", () => {
  async function twoStores() {
    const [storeA, storeB] = [await createTestStore(db), await createTestStore(db)];
    const memberOfA = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeA.id] });
    const memberOfB = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeB.id] });
    return { storeA, storeB, memberOfA, memberOfB };
  }

  it("a manager sees the entries recorded at their stores, whoever the actor, and nothing of another store", async () => {
    const { storeA, storeB, memberOfB } = await twoStores();
    const hq = label("hq");
    const visible = [
      await entry({
        action: "store.update",
        actorLabel: hq,
        storeId: storeA.id,
        entityType: "store",
        entityId: storeA.id,
      }),
      // Recorded at A by someone of B (a member of A served elsewhere, an all-stores colleague).
      await entry({
        action: "member.update",
        actorStaffId: memberOfB.id,
        actorLabel: memberOfB.username,
        storeId: storeA.id,
        entityType: "member",
        entityId: crypto.randomUUID(),
      }),
    ];
    const hidden = [
      await entry({
        action: "store.update",
        actorLabel: hq,
        storeId: storeB.id,
        entityType: "store",
        entityId: storeB.id,
      }),
      await entry({ action: "auth.sign_in", actorStaffId: memberOfB.id, actorLabel: memberOfB.username }),
      // A failed sign-in under an unknown name belongs to no store.
      await entry({ action: "auth.sign_in_failed", actorLabel: hq }),
    ];
    const managerOfA: StoreScope = { kind: "stores", storeIds: [storeA.id] };

    const { rows, total } = await listAuditEntries(db, managerOfA, params({ pageSize: 100 }));
    const ids = rows.map((r) => r.id);

    expect(ids).toEqual(expect.arrayContaining(visible));
    expect(ids.filter((id) => hidden.includes(id))).toEqual([]);
    expect(rows.filter((r) => r.storeId !== storeA.id)).toEqual([]);
    expect(total).toBe(rows.length);
  });

  it("an entry at another store by someone who also works at the manager's store stays hidden", async () => {
    const [storeA, storeC] = [await createTestStore(db), await createTestStore(db)];
    const atBoth = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeA.id, storeC.id] });
    const actor = label("both");
    const atC = await entry({
      action: "member.reveal",
      actorStaffId: atBoth.id,
      actorLabel: actor,
      storeId: storeC.id,
      entityType: "member",
      entityId: crypto.randomUUID(),
    });
    const atA = await entry({
      action: "member.reveal",
      actorStaffId: atBoth.id,
      actorLabel: actor,
      storeId: storeA.id,
    });

    const ofA = await listAuditEntries(db, { kind: "stores", storeIds: [storeA.id] }, params({ actor }));
    const ofC = await listAuditEntries(db, { kind: "stores", storeIds: [storeC.id] }, params({ actor }));

    expect(ofA.rows.map((r) => r.id)).toEqual([atA]);
    expect(ofC.rows.map((r) => r.id)).toEqual([atC]);
  });

  it("entries with no store (staff accounts, settings, sign-ins) are shown to all-stores readers only", async () => {
    const { storeA, memberOfA } = await twoStores();
    const actor = label("global");
    const global = [
      await entry({ action: "staff.reset_password", actorLabel: actor, entityType: "staff", entityId: memberOfA.id }),
      await entry({ action: "settings.save", actorLabel: actor, entityType: "setting", entityId: "loyalty.tiers" }),
      await entry({ action: "auth.sign_in", actorStaffId: memberOfA.id, actorLabel: actor }),
    ];

    expect((await listAuditEntries(db, { kind: "stores", storeIds: [storeA.id] }, params({ actor }))).total).toBe(0);
    expect((await listAuditEntries(db, ALL, params({ actor, dir: "asc" }))).rows.map((r) => r.id)).toEqual(global);
  });

  it("a manager of several stores sees entries of each of them", async () => {
    const { storeA, storeB } = await twoStores();
    const actor = label("multi");
    const atA = await entry({ action: "store.update", actorLabel: actor, storeId: storeA.id });
    const atB = await entry({ action: "store.update", actorLabel: actor, storeId: storeB.id });

    const { rows } = await listAuditEntries(
      db,
      { kind: "stores", storeIds: [storeA.id, storeB.id] },
      params({ actor, dir: "asc" }),
    );

    expect(rows.map((r) => r.id)).toEqual([atA, atB]);
  });

  it("staff with no store see no entries, admins see all of them", async () => {
    const { storeA, memberOfB } = await twoStores();
    const actor = label("none");
    const ids = [
      await entry({ action: "store.update", actorLabel: actor, storeId: storeA.id }),
      await entry({ action: "staff.update", actorLabel: actor, entityType: "staff", entityId: memberOfB.id }),
    ];

    expect((await listAuditEntries(db, { kind: "stores", storeIds: [] }, params())).total).toBe(0);
    expect((await listAuditEntries(db, ALL, params({ actor, dir: "asc" }))).rows.map((r) => r.id)).toEqual(ids);
  });
});

describe("listAuditActions", () => {
  it("lists every action in the log exactly once", async () => {
    const rare = `zz_test.${uniqueSuffix()}`;
    await entry({ action: rare });
    await entry({ action: rare });
    await entry({ action: "auth.sign_out" });

    const actions = await listAuditActions(db, ALL);

    expect(actions).toContain(rare);
    expect(actions).toContain("auth.sign_out");
    expect(new Set(actions).size).toBe(actions.length);
  });

  it("lists for a store-scoped reader only the actions of entries recorded at their stores", async () => {
    const [storeA, storeB] = [await createTestStore(db), await createTestStore(db)];
    const [atA, atB, global] = ["a", "b", "none"].map((where) => `zz_scope_${where}.${uniqueSuffix()}`) as [
      string,
      string,
      string,
    ];
    await entry({ action: atA, storeId: storeA.id });
    await entry({ action: atA, storeId: storeA.id });
    await entry({ action: atB, storeId: storeB.id });
    await entry({ action: global });

    const ofA = await listAuditActions(db, { kind: "stores", storeIds: [storeA.id] });

    expect(ofA).toContain(atA);
    expect(ofA).not.toContain(atB);
    expect(ofA).not.toContain(global);
    expect(new Set(ofA).size).toBe(ofA.length);
    expect(await listAuditActions(db, { kind: "stores", storeIds: [] })).toEqual([]);
    expect(await listAuditActions(db, ALL)).toEqual(expect.arrayContaining([atA, atB, global]));
  });
});

import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { storeScopeOf } from "@/lib/auth/policy";
import { createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import { createPrincipal, insertMember, type TestPrincipal } from "@/tests/helpers/members";
import { runAs } from "@/tests/helpers/run-as";
import { listReveals, listRevealStaffOptions, revealListParamsSchema } from "./queries";
import { revealContactUseCase } from "./use-cases";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let managerA: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  managerA = await createPrincipal(db, ["manager"], [storeA.id]);
});

const params = (query: Record<string, string | number> = {}) => revealListParamsSchema.parse(query);

describe("listReveals", () => {
  it("lists who revealed which fields of whom and why, masked, only for the reviewer's stores", async () => {
    const advisorA = await createPrincipal(db, ["advisor"], [storeA.id]);
    const advisorB = await createPrincipal(db, ["advisor"], [storeB.id]);
    const mine = await insertMember(db, { storeId: storeA.id, name: "欧阳娜娜" });
    const theirs = await insertMember(db, { storeId: storeB.id });
    await runAs(db, revealContactUseCase, advisorA, {
      memberId: mine.id,
      fields: ["phone", "name"],
      reason: "客户来电核实身份",
    });
    await runAs(db, revealContactUseCase, advisorB, { memberId: theirs.id, fields: ["email"], reason: "寄送生日礼物" });

    const { rows, total } = await listReveals(db, managerA, storeScopeOf(managerA), params());

    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({
      staffId: advisorA.id,
      staffLabel: advisorA.username,
      memberId: mine.id,
      memberName: "欧**娜",
      fields: ["phone", "name"],
      reason: "客户来电核实身份",
      storeCode: storeA.code,
    });
    const admin = await createPrincipal(db, ["admin"], [], { allStores: true });
    expect((await listReveals(db, admin, storeScopeOf(admin), params())).total).toBeGreaterThanOrEqual(2);
  });

  it("filters by staff member, member and day range, and pages newest first", async () => {
    const store = await createTestStore(db);
    const reviewer = await createPrincipal(db, ["manager"], [store.id]);
    const a = await createPrincipal(db, ["service"], [store.id]);
    const b = await createPrincipal(db, ["service"], [store.id]);
    const member = await insertMember(db, { storeId: store.id });
    const other = await insertMember(db, { storeId: store.id });
    const reveal = (who: TestPrincipal, memberId: string, at: string) =>
      db.insert(auditLog).values({
        action: "member.reveal",
        actorStaffId: who.id,
        actorLabel: who.username,
        entityType: "member",
        entityId: memberId,
        storeId: store.id,
        at: new Date(at),
        details: { fields: ["phone"], reason: "回访" },
      });
    await reveal(a, member.id, "2026-05-01T02:00:00Z");
    await reveal(a, other.id, "2026-05-02T02:00:00Z");
    await reveal(b, member.id, "2026-05-03T02:00:00Z");
    // Another action of the same staff member is not a reveal.
    await db.insert(auditLog).values({ action: "member.export", actorStaffId: a.id, storeId: store.id });
    const scope = storeScopeOf(reviewer);

    expect((await listReveals(db, reviewer, scope, params())).rows.map((r) => r.at.toISOString())).toEqual([
      "2026-05-03T02:00:00.000Z",
      "2026-05-02T02:00:00.000Z",
      "2026-05-01T02:00:00.000Z",
    ]);
    expect((await listReveals(db, reviewer, scope, params({ staff: a.id }))).total).toBe(2);
    expect((await listReveals(db, reviewer, scope, params({ member: member.id }))).total).toBe(2);
    expect(
      (await listReveals(db, reviewer, scope, params({ from: "2026-05-02", to: "2026-05-02" }))).rows.map(
        (r) => r.memberId,
      ),
    ).toEqual([other.id]);
    const page2 = await listReveals(db, reviewer, scope, params({ pageSize: 10, page: 2 }));
    expect(page2).toMatchObject({ rows: [], total: 3 });

    const staffOptions = await listRevealStaffOptions(db, scope);
    expect(staffOptions.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id, reviewer.id]));
  });
});

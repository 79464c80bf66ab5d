import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setupTempDataDir } from "@/tests/helpers/data-dir";
import { memberCards } from "@/db/schema";
import { createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { createPrincipal, insertMember, seedRelatedRows, storeWithManager } from "@/tests/helpers/members";
import { eraseMember } from "../erasure/service";
import { duplicateListParamsSchema, listDuplicateGroups, type DuplicateRule } from "./queries";
import { mergeMembers } from "./service";

/**
 * Each test works in a fresh store of its own, so that groups from other tests never show up.
 */
// Erasure deletes pending import uploads: keep them away from the real data folder.
setupTempDataDir();
let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

const params = (query: Record<string, string | number> = {}) => duplicateListParamsSchema.parse(query);

function groupIds(groups: { rule: DuplicateRule; members: { id: string }[] }[]) {
  return groups.map((g) => ({ rule: g.rule, ids: g.members.map((m) => m.id).sort() }));
}

describe("listDuplicateGroups", () => {
  it("groups the same name + birthday, the same name + phone last 4, the same email and look-alike card numbers", async () => {
    const { store, manager } = await storeWithManager(db);
    const name = `赵${uniqueSuffix(3)}`;
    const a = await insertMember(db, {
      storeId: store.id,
      name,
      birthday: "1991-03-04",
      registeredAt: new Date("2020-01-01"),
    });
    const b = await insertMember(db, {
      storeId: store.id,
      name,
      birthday: "1991-03-04",
      registeredAt: new Date("2021-01-01"),
    });
    const c = await insertMember(db, {
      storeId: store.id,
      name: `孙${uniqueSuffix(3)}`,
      phone: "+8613900001234",
      email: "Same@Example.com",
    });
    const d = await insertMember(db, {
      storeId: store.id,
      name: c.name,
      phone: "+8618600001234",
      email: "same@example.com",
    });
    const e = await insertMember(db, { storeId: store.id });
    const f = await insertMember(db, { storeId: store.id });
    const card = uniqueSuffix(6).toUpperCase();
    await db.insert(memberCards).values([
      { memberId: e.id, cardNo: `00${card}` },
      { memberId: f.id, cardNo: `${card.slice(0, 3)}-${card.slice(3).toLowerCase()}` },
    ]);
    // Not duplicates: same name without a birthday, different birthdays.
    await insertMember(db, { storeId: store.id, name: `钱${uniqueSuffix(3)}` });
    await insertMember(db, { storeId: store.id, name, birthday: "1992-03-04" });

    const { groups, total } = await listDuplicateGroups(db, manager, params());

    expect(groupIds(groups)).toEqual([
      { rule: "name_birthday", ids: [a.id, b.id].sort() },
      { rule: "name_phone_last4", ids: [c.id, d.id].sort() },
      { rule: "email", ids: [c.id, d.id].sort() },
      { rule: "card", ids: [e.id, f.id].sort() },
    ]);
    expect(total).toBe(4);
    // Oldest registration first: the usual survivor.
    expect(groups[0]!.members.map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it("shows masked data and the rows a merge would move", async () => {
    const { store, manager } = await storeWithManager(db);
    const a = await insertMember(db, {
      storeId: store.id,
      name: "周杰伦",
      birthday: "1979-01-18",
      email: "jay@example.com",
    });
    await insertMember(db, { storeId: store.id, name: "周杰伦", birthday: "1979-01-18" });
    await seedRelatedRows(db, a.id);

    const { groups } = await listDuplicateGroups(db, manager, params({ rule: "name_birthday" }));

    const shown = groups[0]!.members.find((m) => m.id === a.id)!;
    expect(shown.maskedName).toBe("周*伦");
    expect(shown.maskedPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(shown.maskedEmail).toBe("j***@example.com");
    expect(shown.storeCode).toBe(store.code);
    expect(shown.cardNos).toHaveLength(1);
    expect(shown.related.member_notes).toBe(1);
    expect(shown.relatedTotal).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(groups)).not.toContain("周杰伦");
    expect(JSON.stringify(groups)).not.toContain("jay@");
  });

  it("only sees members of the staff member's stores", async () => {
    const { store, manager } = await storeWithManager(db);
    const other = await createTestStore(db);
    const name = `吴${uniqueSuffix(3)}`;
    await insertMember(db, { storeId: store.id, name, birthday: "1985-05-05" });
    await insertMember(db, { storeId: other.id, name, birthday: "1985-05-05" });
    await insertMember(db, { storeId: other.id, name, birthday: "1985-05-05" });

    expect((await listDuplicateGroups(db, manager, params())).total).toBe(0);
    const both = await createPrincipal(db, ["manager"], [store.id, other.id]);
    const { groups } = await listDuplicateGroups(db, both, params());
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toHaveLength(3);
  });

  it("a group disappears once merged, and erased members are never grouped", async () => {
    const { store, manager } = await storeWithManager(db);
    const name = `郑${uniqueSuffix(3)}`;
    const a = await insertMember(db, { storeId: store.id, name, birthday: "1970-07-07" });
    const b = await insertMember(db, { storeId: store.id, name, birthday: "1970-07-07" });
    const x = await insertMember(db, { storeId: store.id });
    const y = await insertMember(db, { storeId: store.id });
    await eraseMember(db, manager, manager.actor, { memberId: x.id, confirmation: "注销" });
    await eraseMember(db, manager, manager.actor, { memberId: y.id, confirmation: "注销" });
    expect(groupIds((await listDuplicateGroups(db, manager, params())).groups)).toEqual([
      { rule: "name_birthday", ids: [a.id, b.id].sort() },
    ]);

    await mergeMembers(db, manager, manager.actor, { survivorId: a.id, mergedIds: [b.id] });
    expect((await listDuplicateGroups(db, manager, params())).total).toBe(0);
  });

  it("pages through groups and filters by rule", async () => {
    const { store, manager } = await storeWithManager(db);
    for (let i = 0; i < 3; i++) {
      const name = `冯${uniqueSuffix(3)}`;
      await insertMember(db, { storeId: store.id, name, birthday: "1999-09-09" });
      await insertMember(db, { storeId: store.id, name, birthday: "1999-09-09" });
    }
    const email = `${uniqueSuffix()}@example.com`;
    await insertMember(db, { storeId: store.id, email });
    await insertMember(db, { storeId: store.id, email });

    const first = await listDuplicateGroups(db, manager, params({ pageSize: 10 }));
    expect(first.total).toBe(4);
    const byRule = await listDuplicateGroups(db, manager, params({ rule: "name_birthday", pageSize: 10, page: 1 }));
    expect(byRule.total).toBe(3);
    expect(byRule.groups.every((g) => g.rule === "name_birthday")).toBe(true);
    const past = await listDuplicateGroups(db, manager, params({ page: 5 }));
    expect(past).toEqual({ groups: [], total: 4 });
  });
});

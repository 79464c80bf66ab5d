import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { members, memberTags } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { expectAppError } from "@/tests/helpers/errors";
import { auditEntries, createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import {
  createPrincipal,
  insertMember,
  randomPhone,
  relatedRowCounts,
  RELATED_ROW_SEEDERS,
  seedRelatedRows,
  type TestPrincipal,
} from "@/tests/helpers/members";
import { MEMBER_OWNED_TABLES } from "../registry";
import { mergeMembers } from "./service";

let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [storeA.id]);
});

describe("mergeMembers", () => {
  it("every registered member-owned table has a test seeder, so that merge and erasure tests reach it", () => {
    const missing = MEMBER_OWNED_TABLES.map((t) => t.name).filter((name) => !RELATED_ROW_SEEDERS[name]);
    expect(missing, "add a seeder to RELATED_ROW_SEEDERS in tests/helpers/members.ts").toEqual([]);
  });

  it("moves every row of every registered table to the survivor and leaves none behind", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id, name: "张晓华" });
    const dupe1 = await insertMember(db, { storeId: storeA.id, name: "张晓华" });
    const dupe2 = await insertMember(db, { storeId: storeA.id, name: "张晓华" });
    await seedRelatedRows(db, survivor.id);
    await seedRelatedRows(db, dupe1.id);
    await seedRelatedRows(db, dupe2.id);
    await seedRelatedRows(db, dupe2.id);
    const before = await Promise.all([survivor.id, dupe1.id, dupe2.id].map((id) => relatedRowCounts(db, id)));

    const result = await mergeMembers(db, manager, manager.actor, {
      survivorId: survivor.id,
      mergedIds: [dupe1.id, dupe2.id],
    });

    const [afterSurvivor, after1, after2] = await Promise.all(
      [survivor.id, dupe1.id, dupe2.id].map((id) => relatedRowCounts(db, id)),
    );
    for (const { name } of MEMBER_OWNED_TABLES) {
      expect(before[1]![name], `fixture rows in ${name}`).toBeGreaterThan(0);
      expect(after1![name], `${name} rows left on a merged member`).toBe(0);
      expect(after2![name], `${name} rows left on a merged member`).toBe(0);
      const expected = before[0]![name]! + before[1]![name]! + before[2]![name]! - result.dropped[name]!;
      expect(afterSurvivor![name], `${name} rows on the survivor`).toBe(expected);
      expect(result.moved[name], `${name} moved count`).toBe(
        before[1]![name]! + before[2]![name]! - result.dropped[name]!,
      );
    }
  });

  it("drops a merged member's tag the survivor already has instead of failing, and keeps the others", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id });
    const dupe = await insertMember(db, { storeId: storeA.id });
    const other = await insertMember(db, { storeId: storeA.id });
    await db.insert(memberTags).values([
      { memberId: survivor.id, tag: "VIP" },
      { memberId: dupe.id, tag: "VIP" },
      { memberId: dupe.id, tag: "婚庆" },
      { memberId: other.id, tag: "婚庆" },
    ]);

    const result = await mergeMembers(db, manager, manager.actor, {
      survivorId: survivor.id,
      mergedIds: [dupe.id, other.id],
    });

    const tags = await db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, survivor.id));
    expect(tags.map((t) => t.tag).sort()).toEqual(["VIP", "婚庆"]);
    expect(result.dropped.member_tags).toBe(2);
    expect(result.moved.member_tags).toBe(1);
  });

  it("fills the survivor's empty identity fields, clears the merged members' phones and keeps their names", async () => {
    const advisor = await createPrincipal(db, ["advisor"], [storeA.id]);
    const survivor = await insertMember(db, { storeId: storeA.id, name: "李娜", email: "keep@example.com" });
    const dupe = await insertMember(db, {
      storeId: storeA.id,
      name: "李娜 (旧卡)",
      email: "other@example.com",
      address: "浙江省杭州市西湖区文三路 1 号",
      birthday: "1990-01-02",
      advisorId: advisor.id,
      gender: "female",
    });

    const result = await mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [dupe.id] });

    const [s] = await db.select().from(members).where(eq(members.id, survivor.id));
    expect(s).toMatchObject({
      email: "keep@example.com",
      address: "浙江省杭州市西湖区文三路 1 号",
      birthday: "1990-01-02",
      advisorId: advisor.id,
      gender: "female",
      mergedIntoId: null,
    });
    expect(s!.phoneE164).toBe(survivor.phoneE164);
    const [d] = await db.select().from(members).where(eq(members.id, dupe.id));
    expect(d).toMatchObject({ mergedIntoId: survivor.id, phoneE164: null, phoneLast4: null, name: "李娜 (旧卡)" });
    expect(result.filledFields.sort()).toEqual(["address", "advisorId", "birthday", "gender"]);
  });

  it("frees the merged member's phone so that it can be registered again", async () => {
    const phone = randomPhone();
    const survivor = await insertMember(db, { storeId: storeA.id });
    const dupe = await insertMember(db, { storeId: storeA.id, phone });
    await mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [dupe.id] });
    await expect(insertMember(db, { storeId: storeA.id, phone })).resolves.toMatchObject({ phoneE164: phone });
  });

  it("writes member.merge with the ids and per-table counts, and no personal data", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id, name: "王芳" });
    const dupe = await insertMember(db, { storeId: storeA.id, name: "王芳" });
    await seedRelatedRows(db, dupe.id);

    await mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [dupe.id] });

    const [entry] = await auditEntries(db, { action: "member.merge", entityId: survivor.id });
    expect(entry).toMatchObject({
      actorStaffId: manager.id,
      actorLabel: manager.username,
      entityType: "member",
      storeId: storeA.id,
    });
    const details = entry!.details as { survivorId: string; mergedIds: string[]; moved: Record<string, number> };
    expect(details.survivorId).toBe(survivor.id);
    expect(details.mergedIds).toEqual([dupe.id]);
    expect(Object.keys(details.moved).sort()).toEqual(MEMBER_OWNED_TABLES.map((t) => t.name).sort());
    expect(details.moved.member_notes).toBe(1);
    expect(JSON.stringify(entry!.details)).not.toContain("王芳");
  });

  it("repoints members merged earlier into a merged member at the new survivor", async () => {
    const a = await insertMember(db, { storeId: storeA.id });
    const b = await insertMember(db, { storeId: storeA.id });
    const c = await insertMember(db, { storeId: storeA.id });
    await mergeMembers(db, manager, manager.actor, { survivorId: b.id, mergedIds: [c.id] });
    await mergeMembers(db, manager, manager.actor, { survivorId: a.id, mergedIds: [b.id] });
    const rows = await db
      .select({ id: members.id, mergedIntoId: members.mergedIntoId })
      .from(members)
      .where(inArray(members.id, [b.id, c.id]));
    expect(rows.map((r) => r.mergedIntoId)).toEqual([a.id, a.id]);
  });

  it("a member of another store is not found, and nothing changes", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id });
    const elsewhere = await insertMember(db, { storeId: storeB.id });
    await seedRelatedRows(db, elsewhere.id);
    const before = await relatedRowCounts(db, elsewhere.id);

    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [elsewhere.id] }),
      "not_found",
    );
    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: elsewhere.id, mergedIds: [survivor.id] }),
      "not_found",
    );

    expect(await relatedRowCounts(db, elsewhere.id)).toEqual(before);
    const [row] = await db.select().from(members).where(eq(members.id, elsewhere.id));
    expect(row!.mergedIntoId).toBeNull();
  });

  it("refuses merging a member into itself, merging twice, and merging into a merged member", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id });
    const dupe = await insertMember(db, { storeId: storeA.id });
    const third = await insertMember(db, { storeId: storeA.id });

    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [survivor.id] }),
      "conflict",
      "mergeIntoSelf",
    );
    await mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [dupe.id] });
    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [dupe.id] }),
      "conflict",
      "memberAlreadyMerged",
    );
    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: dupe.id, mergedIds: [third.id] }),
      "conflict",
      "mergeSurvivorMerged",
    );
    expect(await auditEntries(db, { action: "member.merge", entityId: survivor.id })).toHaveLength(1);
  });

  it("rolls back every move when one member of the batch cannot be merged", async () => {
    const survivor = await insertMember(db, { storeId: storeA.id });
    const ok = await insertMember(db, { storeId: storeA.id });
    const elsewhere = await insertMember(db, { storeId: storeB.id });
    await seedRelatedRows(db, ok.id);
    const before = await relatedRowCounts(db, ok.id);
    await expectAppError(
      mergeMembers(db, manager, manager.actor, { survivorId: survivor.id, mergedIds: [ok.id, elsewhere.id] }),
      "not_found",
    );
    expect(await relatedRowCounts(db, ok.id)).toEqual(before);
  });

  it("is refused to a role without members.merge", async () => {
    const service = await createPrincipal(db, ["service"], [storeA.id]);
    const survivor = await insertMember(db, { storeId: storeA.id });
    const dupe = await insertMember(db, { storeId: storeA.id });
    await expectAppError(
      mergeMembers(db, service, service.actor, { survivorId: survivor.id, mergedIds: [dupe.id] }),
      "forbidden",
    );
  });

  it("two overlapping merges at the same moment: one wins, the other is refused, no row is lost", async () => {
    const a = await insertMember(db, { storeId: storeA.id });
    const b = await insertMember(db, { storeId: storeA.id });
    const c = await insertMember(db, { storeId: storeA.id });
    for (const m of [a, b, c]) await seedRelatedRows(db, m.id);
    const total = async () => {
      const counts = await Promise.all([a, b, c].map((m) => relatedRowCounts(db, m.id)));
      return counts.reduce((sum, c) => sum + Object.values(c).reduce((x, y) => x + y, 0), 0);
    };
    const before = await total();
    const results = await Promise.allSettled([
      mergeMembers(db, manager, manager.actor, { survivorId: a.id, mergedIds: [b.id, c.id] }),
      mergeMembers(db, manager, manager.actor, { survivorId: c.id, mergedIds: [b.id] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(AppError);
    expect(await total()).toBe(before);
  });
});
